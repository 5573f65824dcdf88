/**
 * The CXone simulator: a real HTTP server that serves the upstream contract
 * (docs/upstream-summary-query.md) from a synthetic tenant, with configurable faults and a
 * record of every request it was asked, for tests to count and read.
 */
import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { group, metricValue, SIM_DIMENSIONS, SIM_METRICS, type SimFilter } from './aggregate.js';
import { defaultFaults, RateWindow, takeStep, type Faults, type ScriptStep } from './faults.js';
import { agentPerformance, BUSINESS_UNIT, jwt, skillSummaries, TENANT_ID } from './reporting.js';
import { prng, Tenant } from './tenant.js';

export const SIM_PATHS = {
  token: '/oauth2/token',
  summary: '/api/v2/analytics/summary/query',
  admin: '/__admin',
  discovery: '/.well-known/openid-configuration',
  cxoneConfiguration: '/.well-known/cxone-configuration',
  accessToken: '/auth/token',
} as const;

const REPORTING = /^\/inContactAPI\/services\/v\d+\.0\/(skills\/summary|agents\/performance)$/;

export interface RecordedRequest {
  at: number;
  method: string;
  path: string;
  /** The query string, for GET calls. */
  search: string;
  status: number;
  /** When the answer was sent (0 until then). */
  doneAt: number;
  authorization: string | undefined;
  niceUsername: string | undefined;
  /** Parsed JSON body, or form fields for the token endpoint. */
  body: unknown;
}

export interface SimulatorOptions {
  clientId: string;
  clientSecret: string;
  /** The access key the password grant accepts (the Reporting API side). */
  accessKeyId?: string;
  accessKeySecret?: string;
  seed?: number;
  contactsPerDay?: number;
  faults?: Partial<Faults>;
  host?: string;
  port?: number;
  /** Serve the fault endpoint (/__admin). Off for a simulator embedded in a production gateway. */
  admin?: boolean;
}

interface IssuedToken {
  expiresAt: number;
  scope: string;
}

type Row = Record<string, string | number | null>;

export class Simulator {
  readonly tenant: Tenant;
  readonly requests: RecordedRequest[] = [];
  faults: Faults;
  private readonly tokens = new Map<string, IssuedToken>();
  private readonly refreshTokens = new Set<string>();
  private readonly window = new RateWindow();
  private readonly random: () => number;
  private readonly results = new Map<string, Row[]>();
  private server: Server | undefined;
  url = '';

  constructor(private readonly options: SimulatorOptions) {
    this.tenant = new Tenant(options.seed ?? 42, options.contactsPerDay ?? 300);
    this.faults = { ...defaultFaults(), ...options.faults };
    this.random = prng((options.seed ?? 42) ^ 0x5eed);
  }

  get tokenUrl(): string {
    return this.url + SIM_PATHS.token;
  }

  get summaryUrl(): string {
    return this.url + SIM_PATHS.summary;
  }

  async start(): Promise<this> {
    this.server = createServer((req, res) => {
      this.handle(req, res).catch((err: unknown) => {
        if (!res.headersSent) send(res, 500, { error: 'simulator', message: String(err) });
      });
    });
    this.server.keepAliveTimeout = 5000;
    await new Promise<void>((resolve) => this.server!.listen(this.options.port ?? 0, this.options.host ?? '127.0.0.1', resolve));
    const { port } = this.server.address() as AddressInfo;
    this.url = `http://${this.options.host ?? '127.0.0.1'}:${port}`;
    return this;
  }

  async stop(): Promise<void> {
    if (!this.server) return;
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server!.close(() => resolve()));
  }

  setFaults(patch: Partial<Faults>): void {
    this.faults = { ...this.faults, ...patch };
  }

  reset(): void {
    this.faults = { ...defaultFaults(), ...this.options.faults };
    this.requests.length = 0;
  }

  /** Invalidate every issued token: the next data call answers 401. `refresh`: refresh tokens too. */
  revokeTokens(opts: { refresh?: boolean } = {}): void {
    this.tokens.clear();
    if (opts.refresh) this.refreshTokens.clear();
  }

  /** Recorded requests to the summary endpoint. */
  summaryCalls(): RecordedRequest[] {
    return this.requests.filter((r) => r.path === SIM_PATHS.summary);
  }

  tokenCalls(): RecordedRequest[] {
    return this.requests.filter((r) => r.path === SIM_PATHS.token);
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const path = new URL(req.url ?? '/', 'http://x').pathname;
    const raw = await readBody(req);
    if (path.startsWith(SIM_PATHS.admin)) {
      if (this.options.admin === false) return send(res, 404, { error: 'notFound' });
      return this.admin(req.method ?? 'GET', path, raw, res);
    }

    const record: RecordedRequest = {
      at: Date.now(),
      method: req.method ?? 'GET',
      path,
      search: new URL(req.url ?? '/', 'http://x').search,
      status: 0,
      doneAt: 0,
      authorization: req.headers.authorization,
      niceUsername: header(req, 'nice-username'),
      body: undefined,
    };
    this.requests.push(record);
    const answer = (status: number, body: unknown, headers: Record<string, string> = {}) => {
      record.status = status;
      const delay = this.faults.latencyMs;
      const done = () => {
        record.doneAt = Date.now();
        send(res, status, body, headers);
      };
      if (delay > 0) setTimeout(done, delay);
      else done();
    };

    if (path === SIM_PATHS.discovery && req.method === 'GET') {
      return answer(200, { issuer: this.url, token_endpoint: this.url + SIM_PATHS.accessToken, jwks_uri: `${this.url}/.well-known/jwks` });
    }
    if (path === SIM_PATHS.cxoneConfiguration && req.method === 'GET') {
      const tenantId = new URL(req.url ?? '/', 'http://x').searchParams.get('tenantId');
      if (tenantId !== TENANT_ID) return answer(404, { error: 'tenantNotFound' });
      return answer(200, { api_endpoint: this.url, area: 'sim', domain: '127.0.0.1' });
    }
    if (path === SIM_PATHS.accessToken && req.method === 'POST') {
      record.body = Object.fromEntries(new URLSearchParams(raw));
      if (await this.scripted(this.faults.tokenScript, record, res)) return;
      return this.passwordGrant(req, record.body as Record<string, string>, answer);
    }
    const reporting = REPORTING.exec(path);
    if (reporting && req.method === 'GET') {
      if (await this.scripted(this.faults.script, record, res)) return;
      return this.reporting(req, reporting[1]!, answer);
    }
    if (path === SIM_PATHS.token && req.method === 'POST') {
      record.body = Object.fromEntries(new URLSearchParams(raw));
      if (await this.scripted(this.faults.tokenScript, record, res)) return;
      return this.token(req, record.body as Record<string, string>, answer);
    }
    if (path === SIM_PATHS.summary && req.method === 'POST') {
      record.body = tryJson(raw);
      if (await this.scripted(this.faults.script, record, res)) return;
      if (this.random() < this.faults.dropRatio) {
        record.status = -1;
        req.socket.destroy();
        return;
      }
      return this.summary(req, record.body, answer);
    }
    answer(404, { error: 'notFound', message: `no route ${req.method} ${path}` });
  }

  /** Play a scripted step if one is queued; true when it answered. */
  private async scripted(script: ScriptStep[], record: RecordedRequest, res: ServerResponse): Promise<boolean> {
    const step = takeStep(script);
    if (!step) return false;
    if (step.delayMs) await sleep(step.delayMs);
    if (step.drop) {
      record.status = -1;
      res.socket?.destroy();
      return true;
    }
    if (step.status === undefined) return false;
    record.status = step.status;
    send(res, step.status, step.body ?? { error: `scripted${step.status}` }, step.retryAfter === undefined ? {} : { 'retry-after': step.retryAfter });
    return true;
  }

  private token(req: IncomingMessage, form: Record<string, string>, answer: Answer): void {
    const basic = parseBasic(req.headers.authorization);
    if (!basic || !safeEqual(basic.id, this.options.clientId) || !safeEqual(basic.secret, this.options.clientSecret)) {
      return answer(401, { error: 'invalid_client' });
    }
    if (form.grant_type !== 'client_credentials') return answer(400, { error: 'unsupported_grant_type' });
    const token = randomBytes(24).toString('base64url');
    const scope = this.faults.missingScope ? 'openid' : 'analytics:read';
    const lifetime = this.faults.tokenLifetimeSeconds;
    this.tokens.set(token, { expiresAt: Date.now() + lifetime * 1000, scope });
    answer(200, { access_token: token, token_type: 'Bearer', expires_in: lifetime, scope });
  }

  private passwordGrant(req: IncomingMessage, form: Record<string, string>, answer: Answer): void {
    const basic = parseBasic(req.headers.authorization);
    if (!basic || !safeEqual(basic.id, this.options.clientId) || !safeEqual(basic.secret, this.options.clientSecret)) {
      return answer(401, { error: 'invalid_client', error_description: 'unknown client' });
    }
    const byPassword =
      form.grant_type === 'password' &&
      safeEqual(form.username ?? '', this.options.accessKeyId ?? '') &&
      safeEqual(form.password ?? '', this.options.accessKeySecret ?? '');
    const byRefresh = form.grant_type === 'refresh_token' && this.refreshTokens.delete(form.refresh_token ?? '');
    if (!byPassword && !byRefresh) return answer(400, { error: 'invalid_grant', error_description: 'access key or refresh token refused' });
    const lifetime = this.faults.tokenLifetimeSeconds;
    const token = jwt({ tenantId: TENANT_ID, icBUId: BUSINESS_UNIT, icClusterId: 'SIM1', exp: Math.floor(Date.now() / 1000) + lifetime, jti: randomBytes(8).toString('hex') });
    const refresh = randomBytes(18).toString('base64url');
    this.refreshTokens.add(refresh);
    this.tokens.set(token, { expiresAt: Date.now() + lifetime * 1000, scope: 'RealTimeApi AdminApi ReportingApi' });
    answer(200, { access_token: token, token_type: 'Bearer', expires_in: lifetime, refresh_token: refresh, id_token: jwt({ sub: 'user' }) });
  }

  private reporting(req: IncomingMessage, endpoint: string, answer: Answer): void {
    const bearer = /^Bearer (.+)$/.exec(req.headers.authorization ?? '')?.[1];
    const issued = bearer ? this.tokens.get(bearer) : undefined;
    if (!issued || issued.expiresAt <= Date.now()) return answer(401, { error: 'invalid_token' });
    if (!/json|\*\/\*/.test(req.headers.accept ?? '')) return answer(406, { error: 'notAcceptable', message: 'no way to render the data without Accept: application/json' });
    if (!this.window.admit(this.faults.rateLimitRps)) return answer(429, { error: 'rateLimited' });
    if (this.random() < this.faults.errorRatio) return answer(503, { error: 'serviceUnavailable' });
    const params = new URL(req.url ?? '/', 'http://x').searchParams;
    const start = params.get('startDate') ?? '';
    const end = params.get('endDate') ?? '';
    const utc = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?Z$/;
    if (!utc.test(start) || !utc.test(end) || Date.parse(end) <= Date.parse(start)) {
      return answer(400, undefined, { icStatusDescription: 'startDate and endDate must be UTC date-times with Z, endDate after startDate' });
    }
    const rows = endpoint === 'skills/summary'
      ? skillSummaries(this.tenant, Date.parse(start), Date.parse(end))
      : agentPerformance(this.tenant, Date.parse(start), Date.parse(end));
    if (rows.length === 0) return answer(204, undefined);
    answer(200, endpoint === 'skills/summary' ? { skillSummaries: rows } : { agentPerformance: rows });
  }

  /** Recorded calls to the Reporting API, oldest first. */
  reportingCalls(): RecordedRequest[] {
    return this.requests.filter((r) => REPORTING.test(r.path));
  }

  private summary(req: IncomingMessage, body: unknown, answer: Answer): void {
    const bearer = /^Bearer (.+)$/.exec(req.headers.authorization ?? '')?.[1];
    const issued = bearer ? this.tokens.get(bearer) : undefined;
    if (!issued || issued.expiresAt <= Date.now()) return answer(401, { error: 'invalid_token' });
    if (!issued.scope.split(' ').includes('analytics:read')) return answer(403, { error: 'insufficient_scope' });
    if (!this.window.admit(this.faults.rateLimitRps)) {
      return answer(429, { error: 'rateLimited' }, { 'retry-after': String(this.faults.retryAfterSeconds) });
    }
    if (this.random() < this.faults.errorRatio) return answer(503, { error: 'serviceUnavailable' });

    const parsed = validate(body);
    if (typeof parsed === 'string') return answer(400, { error: 'invalidQuery', message: parsed });
    const { query, pageSize, cursor } = parsed;
    const queryId = createHash('sha256').update(JSON.stringify(query)).digest('hex').slice(0, 16);
    let offset = 0;
    if (cursor !== undefined) {
      const decoded = decodeCursor(cursor);
      if (!decoded || decoded.q !== queryId) return answer(400, { error: 'invalidQuery', message: 'paging.next does not belong to this query' });
      offset = decoded.o;
    }
    const rows = this.rowsFor(queryId, query);
    const page = rows.slice(offset, offset + pageSize);
    let next: string | null = offset + pageSize < rows.length ? encodeCursor(queryId, offset + pageSize) : null;
    if (this.faults.cursorLoop && cursor !== undefined) next = cursor;
    answer(200, {
      data: page,
      paging: next === null ? {} : { next },
      metadata: { totalRows: rows.length, generatedAt: new Date().toISOString() },
    });
  }

  /** All rows of a query, in the simulator's own (hash) order. */
  rowsFor(queryId: string, q: SimQuery): Row[] {
    let rows = this.results.get(queryId);
    if (rows) return rows;
    const contacts = this.tenant.contacts(Date.parse(q.dateRange.start), Date.parse(q.dateRange.end));
    rows = group(contacts, q.dimensions, q.filters).map((g) => {
      const id = createHash('md5').update(JSON.stringify(g.key)).digest();
      const row: Row = { ...g.key };
      q.metrics.forEach((m, i) => {
        const v = metricValue(g.parts, m);
        const rounded = v === null ? null : Math.round(v * 1000) / 1000;
        // The contract's awkward cases: some values arrive as numeric strings.
        row[m] = rounded !== null && (id[i % id.length]! & 7) === 0 ? String(rounded) : rounded;
      });
      return { row, order: id.readUInt32BE(0) };
    }).sort((a, b) => a.order - b.order).map((x) => x.row);
    if (this.results.size > 200) this.results.clear();
    this.results.set(queryId, rows);
    return rows;
  }

  private admin(method: string, path: string, raw: string, res: ServerResponse): void {
    const route = path.slice(SIM_PATHS.admin.length);
    if (route === '/faults' && method === 'GET') return send(res, 200, this.faults);
    if (route === '/faults' && (method === 'POST' || method === 'PUT')) {
      this.setFaults((tryJson(raw) ?? {}) as Partial<Faults>);
      return send(res, 200, this.faults);
    }
    if (route === '/requests' && method === 'GET') return send(res, 200, this.requests);
    if (route === '/requests' && method === 'DELETE') {
      this.requests.length = 0;
      return send(res, 204, undefined);
    }
    if (route === '/reset' && method === 'POST') {
      this.reset();
      return send(res, 204, undefined);
    }
    if (route === '/revoke-tokens' && method === 'POST') {
      this.revokeTokens();
      return send(res, 204, undefined);
    }
    send(res, 404, { error: 'notFound' });
  }
}

type Answer = (status: number, body: unknown, headers?: Record<string, string>) => void;

export interface SimQuery {
  metrics: string[];
  dimensions: string[];
  dateRange: { start: string; end: string };
  filters: SimFilter[];
}

const ISO_WITH_OFFSET = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$/;

/** The upstream's own request rules; a string is the 400 message. */
function validate(body: unknown): { query: SimQuery; pageSize: number; cursor: string | undefined } | string {
  if (typeof body !== 'object' || body === null) return 'body must be a JSON object';
  const b = body as Record<string, unknown>;
  const metrics = b.metrics;
  if (!Array.isArray(metrics) || metrics.length < 1 || metrics.length > 10) return 'metrics must hold 1 to 10 names';
  for (const m of metrics) if (!(SIM_METRICS as readonly unknown[]).includes(m)) return `unknown metric '${String(m)}'`;
  const dimensions = b.dimensions ?? [];
  if (!Array.isArray(dimensions) || dimensions.length > 5) return 'dimensions must hold 0 to 5 names';
  for (const d of dimensions) if (!(SIM_DIMENSIONS as readonly unknown[]).includes(d)) return `unknown dimension '${String(d)}'`;
  const range = b.dateRange as { start?: unknown; end?: unknown } | undefined;
  if (typeof range?.start !== 'string' || typeof range.end !== 'string' || !ISO_WITH_OFFSET.test(range.start) || !ISO_WITH_OFFSET.test(range.end)) {
    return 'dateRange.start and dateRange.end must be ISO 8601 date-times with an offset';
  }
  if (Date.parse(range.end) <= Date.parse(range.start)) return 'dateRange.end must be after dateRange.start';
  const filters = b.filters ?? [];
  if (!Array.isArray(filters)) return 'filters must be a list';
  for (const f of filters as Record<string, unknown>[]) {
    if (!(SIM_DIMENSIONS as readonly unknown[]).includes(f?.dimension)) return `unknown filter dimension '${String(f?.dimension)}'`;
    if (f.operator !== 'in' && f.operator !== 'not_in') return `unknown filter operator '${String(f.operator)}'`;
    if (!Array.isArray(f.values) || !f.values.every((v) => typeof v === 'string')) return 'filter values must be strings';
  }
  const paging = (b.paging ?? {}) as { pageSize?: unknown; next?: unknown };
  const pageSize = paging.pageSize ?? 100;
  if (typeof pageSize !== 'number' || !Number.isInteger(pageSize) || pageSize < 1 || pageSize > 1000) return 'paging.pageSize must be 1..1000';
  if (paging.next !== undefined && typeof paging.next !== 'string') return 'paging.next must be a string';
  return {
    query: { metrics: metrics as string[], dimensions: dimensions as string[], dateRange: { start: range.start, end: range.end }, filters: filters as SimFilter[] },
    pageSize,
    cursor: paging.next as string | undefined,
  };
}

function encodeCursor(q: string, o: number): string {
  return Buffer.from(JSON.stringify({ q, o })).toString('base64url');
}

function decodeCursor(cursor: string): { q: string; o: number } | null {
  const parsed = tryJson(Buffer.from(cursor, 'base64url').toString()) as { q?: unknown; o?: unknown } | undefined;
  return typeof parsed?.q === 'string' && typeof parsed.o === 'number' ? { q: parsed.q, o: parsed.o } : null;
}

function parseBasic(header: string | undefined): { id: string; secret: string } | null {
  const m = /^Basic (.+)$/.exec(header ?? '');
  if (!m) return null;
  const decoded = Buffer.from(m[1]!, 'base64').toString();
  const i = decoded.indexOf(':');
  return i < 0 ? null : { id: decoded.slice(0, i), secret: decoded.slice(i + 1) };
}

function safeEqual(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}

function header(req: IncomingMessage, name: string): string | undefined {
  const v = req.headers[name];
  return Array.isArray(v) ? v[0] : v;
}

function tryJson(raw: string): unknown {
  try {
    return JSON.parse(raw) as unknown;
  } catch {
    return undefined;
  }
}

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => resolve(Buffer.concat(chunks).toString()));
    req.on('error', reject);
  });
}

function send(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  if (res.destroyed) return;
  if (body === undefined) {
    res.writeHead(status, headers).end();
    return;
  }
  const text = typeof body === 'string' ? body : JSON.stringify(body);
  res.writeHead(status, { 'content-type': 'application/json', ...headers }).end(text);
}

function sleep(ms: number): Promise<void> {
  return new Promise((r) => setTimeout(r, ms));
}
