/**
 * The process logger: pino JSON lines, with every path that can hold a
 * credential redacted. Upstream code logs statuses and waits, never headers.
 */
import { pino, type Logger } from 'pino';

export type { Logger };

const LOG_REDACT = [
  'req.headers.authorization',
  'req.headers["x-api-key"]',
  'req.headers.cookie',
  '*.authorization',
  '*.clientSecret',
  '*.client_secret',
  '*.access_token',
  '*.refresh_token',
  '*.token',
  '*.apiKey',
];

export function createLogger(level: string, stream?: NodeJS.WritableStream): Logger {
  const options = { level, redact: { paths: LOG_REDACT, censor: '[redacted]' } };
  return stream ? pino(options, stream as pino.DestinationStream) : pino(options);
}
