/**
 * The browser pages, from the Vite build in dist/web (`npm run build`): the
 * dashboard at /, the wallboard at /live and GraphiQL at /graphiql, and
 * their assets at /assets/*.
 * Assets are content-hashed: a year's cache, immutable. Pages are
 * revalidated on every load (ETag), carry a Content-Security-Policy that
 * lets them talk to this gateway only, and say whether an API key is needed.
 * Only files the build wrote are served: a path is looked up, never joined.
 */
import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { extname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ttf': 'font/ttf',
  '.woff': 'font/woff',
  '.woff2': 'font/woff2',
};
/** Already compressed: gzip would only cost time. */
const COMPRESSED = new Set(['.png', '.woff', '.woff2']);

/**
 * The pages load code, styles, workers and fonts from this gateway only and
 * send requests to it only. Inline styles: uPlot and Monaco set them.
 */
export const PAGE_CSP = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data: blob:",
  "font-src 'self' data:",
  "connect-src 'self'",
  "worker-src 'self' blob:",
  "object-src 'none'",
  "base-uri 'none'",
  "form-action 'self'",
  "frame-ancestors 'none'",
].join('; ');

interface Served {
  body: Buffer;
  gzip: Buffer | null;
  etag: string;
  type: string;
}

function served(body: Buffer, ext: string): Served {
  return {
    body,
    gzip: COMPRESSED.has(ext) ? null : gzipSync(body, { level: 9 }),
    etag: `"${createHash('sha1').update(body).digest('base64url')}"`,
    type: TYPES[ext] ?? 'application/octet-stream',
  };
}

export interface PagesOptions {
  dashboard: boolean;
  graphiql: boolean;
  /** GATEWAY_API_KEYS is set: the pages ask for a key. */
  keyRequired: boolean;
}

/** Where the build puts the pages: dist/web beside src/ and dist/ alike. */
export const WEB_DIR = fileURLToPath(new URL('../../dist/web/', import.meta.url));

export function registerPages(app: FastifyInstance, opts: PagesOptions, dir = WEB_DIR): void {
  if (!opts.dashboard && !opts.graphiql) return;
  const built = existsSync(`${dir}/index.html`);
  const assets = new Set(built && existsSync(`${dir}/assets`) ? readdirSync(`${dir}/assets`) : []);
  // Read and compressed once, on first request: every file is one the build wrote.
  const files = new Map<string, Served>();
  const load = (path: string, page: boolean): Served => {
    let f = files.get(path);
    if (!f) {
      let body = readFileSync(`${dir}/${path}`);
      if (page && opts.keyRequired)
        body = Buffer.from(body.toString().replace('<meta name="gateway-auth" content="none"', '<meta name="gateway-auth" content="key"'));
      files.set(path, (f = served(body, extname(path))));
    }
    return f;
  };
  const send = (req: FastifyRequest, reply: FastifyReply, f: Served, cacheControl: string) => {
    void reply.headers({ etag: f.etag, 'cache-control': cacheControl, vary: 'accept-encoding', 'x-content-type-options': 'nosniff' });
    if (req.headers['if-none-match'] === f.etag) return reply.code(304).send();
    const gzip = f.gzip !== null && /\bgzip\b/.test(String(req.headers['accept-encoding'] ?? ''));
    if (gzip) void reply.header('content-encoding', 'gzip');
    return reply.type(f.type).send(gzip ? f.gzip : f.body);
  };
  const page = (path: string) => async (req: FastifyRequest, reply: FastifyReply) => {
    if (!built) {
      return reply.code(503).type('text/plain; charset=utf-8').send('The browser pages are not built: run `npm run build` (npm start does), then reload.\n');
    }
    void reply.headers({ 'content-security-policy': PAGE_CSP, 'referrer-policy': 'no-referrer' });
    return send(req, reply, load(path, true), 'no-cache');
  };
  const PUBLIC = { config: { public: true } };
  if (opts.dashboard) app.get('/', PUBLIC, page('index.html'));
  if (opts.dashboard) app.get('/live', PUBLIC, page('live.html'));
  if (opts.graphiql) app.get('/graphiql', PUBLIC, page('graphiql/index.html'));
  app.get<{ Params: { name: string } }>('/assets/:name', PUBLIC, async (req, reply) => {
    const name = req.params.name;
    if (!assets.has(name)) return reply.code(404).type('text/plain; charset=utf-8').send('no such asset\n');
    return send(req, reply, load(`assets/${name}`, false), 'public, max-age=31536000, immutable');
  });
}
