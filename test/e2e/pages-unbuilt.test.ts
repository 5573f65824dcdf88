/** Pages the build has not written (tsc run alone): / says how to build them instead of a blank or a crash. */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Fastify from 'fastify';
import { describe, expect, it } from 'vitest';
import { registerPages } from '../../src/http/pages.js';

describe('pages not built', () => {
  it('/ and /graphiql answer 503 naming the command that builds them; no asset is served', async () => {
    const app = Fastify();
    registerPages(app, { dashboard: true, graphiql: true, keyRequired: false }, mkdtempSync(join(tmpdir(), 'no-web-')));
    const url = await app.listen({ port: 0, host: '127.0.0.1' });
    try {
      for (const path of ['/', '/graphiql']) {
        const res = await fetch(url + path);
        expect(res.status, path).toBe(503);
        expect(await res.text()).toContain('npm run build');
      }
      expect((await fetch(`${url}/assets/index.js`)).status).toBe(404);
    } finally {
      await app.close();
    }
  });
});
