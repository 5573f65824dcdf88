/**
 * Finding 7: slow clients cannot hold the server. A caller without a key is
 * refused on its headers and its connection closed, whatever body it is
 * still trickling; a keyed caller that never finishes its body or headers is
 * cut at HTTP_REQUEST_TIMEOUT_MS / HTTP_HEADERS_TIMEOUT_MS; past
 * HTTP_MAX_CONNECTIONS new connections are closed.
 */
import type { Socket } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openSocket, parseResponse, type RawResponse } from '../support/raw-http.js';
import { startStack, type Stack } from '../support/stack.js';

const KEY = 'dashboard-wall-7c1f0e9a2b';

/** Resolves with what the server sent once it closes the connection (or `waitMs` passes: then `closed` is false). */
function outcome(socket: Socket, waitMs: number): Promise<{ closed: boolean; response: RawResponse | undefined }> {
  return new Promise((resolve) => {
    let text = '';
    const timer = setTimeout(() => resolve({ closed: false, response: parseResponse(text) }), waitMs);
    socket.on('data', (c: Buffer) => (text += c.toString()));
    socket.on('error', () => {});
    socket.once('close', () => {
      clearTimeout(timer);
      resolve({ closed: true, response: parseResponse(text) });
    });
  });
}

function slowPost(socket: Socket, headers: Record<string, string>, declared: number, sent: string): void {
  const head = [
    'POST /graphql HTTP/1.1',
    'host: x',
    'content-type: application/json',
    `content-length: ${declared}`,
    ...Object.entries(headers).map(([k, v]) => `${k}: ${v}`),
  ];
  socket.write(`${head.join('\r\n')}\r\n\r\n${sent}`);
}

describe('slow clients', () => {
  let s: Stack;
  beforeAll(async () => {
    s = await startStack({
      env: { GATEWAY_API_KEYS: KEY, HTTP_HEADERS_TIMEOUT_MS: '1000', HTTP_REQUEST_TIMEOUT_MS: '1500', HTTP_MAX_CONNECTIONS: '200' },
    });
  });
  afterAll(() => s.close());

  it('100 keyless connections trickling 60 KB bodies are each answered 401 and closed before their body is done', async () => {
    const sockets = await Promise.all(Array.from({ length: 100 }, () => openSocket(s.gw.url)));
    const results = sockets.map((sock) => {
      const done = outcome(sock, 10_000);
      slowPost(sock, {}, 60_000, '{"query":"{ __typename '); // and never the rest
      return done;
    });
    const all = await Promise.all(results);
    for (const r of all) {
      expect(r.closed).toBe(true);
      expect(r.response?.status).toBe(401);
      expect(r.response?.body).toContain('UNAUTHENTICATED');
    }
  });

  it('a keyed caller that never finishes its body is cut at HTTP_REQUEST_TIMEOUT_MS', async () => {
    const sock = await openSocket(s.gw.url);
    const done = outcome(sock, 20_000);
    slowPost(sock, { 'x-api-key': KEY }, 60_000, '{"query":"{ __typename ');
    const r = await done;
    expect(r.closed).toBe(true);
    // Node answers 408 when it can, or just closes.
    if (r.response) expect(r.response.status).toBe(408);
  });

  it('a caller that never finishes its headers is cut at HTTP_HEADERS_TIMEOUT_MS', async () => {
    const sock = await openSocket(s.gw.url);
    const done = outcome(sock, 20_000);
    sock.write('POST /graphql HTTP/1.1\r\nhost: x\r\nx-slow: ');
    const r = await done;
    expect(r.closed).toBe(true);
  });
});

describe('connection cap', () => {
  it('past HTTP_MAX_CONNECTIONS a new connection is closed at once; a freed place is taken again', async () => {
    const s = await startStack({ env: { HTTP_MAX_CONNECTIONS: '10' } });
    try {
      const held = await Promise.all(Array.from({ length: 10 }, () => openSocket(s.gw.url)));
      // Each held connection has sent a partial request, so the server has seen it.
      for (const h of held) h.write('GET /healthz HTTP/1.1\r\n');
      await new Promise((r) => setTimeout(r, 100));
      const extra = await openSocket(s.gw.url);
      const refused = await outcome(extra, 10_000);
      expect(refused.closed).toBe(true);
      expect(refused.response).toBeUndefined();
      for (const h of held) h.destroy();
      // Once they are gone, a request goes through again.
      let status = 0;
      for (let i = 0; i < 50 && status !== 200; i++) {
        status = await fetch(`${s.gw.url}/healthz`).then(
          (r) => r.status,
          () => 0,
        );
        if (status !== 200) await new Promise((r) => setTimeout(r, 50));
      }
      expect(status).toBe(200);
    } finally {
      await s.close();
    }
  });
});
