/**
 * HTTP/1.1 over a plain socket, for request targets and timings that fetch
 * and node:http normalize or refuse to send (encoded paths, absolute form,
 * fragments, bodies that trickle in).
 */
import { connect, type Socket } from 'node:net';

export interface RawResponse {
  status: number;
  headers: Record<string, string>;
  body: string;
}

/** Parses the first response on a socket's bytes (Content-Length bodies only). */
export function parseResponse(text: string): RawResponse | undefined {
  const end = text.indexOf('\r\n\r\n');
  if (end < 0) return undefined;
  const [statusLine, ...lines] = text.slice(0, end).split('\r\n');
  const headers: Record<string, string> = {};
  for (const l of lines) {
    const i = l.indexOf(':');
    headers[l.slice(0, i).trim().toLowerCase()] = l.slice(i + 1).trim();
  }
  const length = Number(headers['content-length'] ?? 0);
  const body = text.slice(end + 4);
  if (Buffer.byteLength(body) < length) return undefined;
  return { status: Number(statusLine!.split(' ')[1]), headers, body };
}

export function openSocket(baseUrl: string): Promise<Socket> {
  const { hostname, port } = new URL(baseUrl);
  return new Promise((resolve, reject) => {
    const socket = connect({ host: hostname, port: Number(port) }, () => resolve(socket));
    socket.once('error', reject);
  });
}

/** Sends one request with `target` exactly as given and reads the response. */
export async function rawRequest(baseUrl: string, method: string, target: string, headers: Record<string, string> = {}, body = ''): Promise<RawResponse> {
  const socket = await openSocket(baseUrl);
  const { host } = new URL(baseUrl);
  const head = [`${method} ${target} HTTP/1.1`, `host: ${host}`, 'connection: close', ...Object.entries(headers).map(([k, v]) => `${k}: ${v}`)];
  if (body || method === 'POST') head.push(`content-length: ${Buffer.byteLength(body)}`);
  socket.write(`${head.join('\r\n')}\r\n\r\n${body}`);
  return new Promise((resolve, reject) => {
    let text = '';
    socket.on('data', (c: Buffer) => {
      text += c.toString();
      const res = parseResponse(text);
      if (res) {
        socket.destroy();
        resolve(res);
      }
    });
    socket.once('error', reject);
    socket.once('close', () => {
      const res = parseResponse(text);
      if (res) resolve(res);
      else reject(new Error(`connection closed without a whole response: ${JSON.stringify(text.slice(0, 200))}`));
    });
  });
}
