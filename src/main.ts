/** `npm start`: serve the gateway until SIGTERM or SIGINT. */
import { existsSync } from 'node:fs';
import { ConfigError } from './config.js';
import { startGateway } from './gateway.js';

/** How long past SHUTDOWN_TIMEOUT_MS a stuck close may take before the process exits anyway. */
const BACKSTOP_MS = 5000;

if (existsSync('.env')) process.loadEnvFile('.env');

try {
  const gateway = await startGateway();
  let closing = false;
  const stop = (signal: string) => {
    if (closing) return;
    closing = true;
    gateway.app.log.info({ signal }, 'shutting down: finishing requests in flight');
    // In-flight requests get SHUTDOWN_TIMEOUT_MS, then are cut (exit 1). The
    // backstop covers a close that hangs after that (a store that never answers).
    setTimeout(() => {
      gateway.app.log.error('shutdown did not finish after cutting requests; exiting');
      process.exit(1);
    }, gateway.config.shutdownTimeoutMs + BACKSTOP_MS).unref();
    gateway.close().then(
      (complete) => process.exit(complete ? 0 : 1),
      (err: unknown) => {
        gateway.app.log.error({ err }, 'shutdown failed');
        process.exit(1);
      },
    );
  };
  process.on('SIGTERM', () => stop('SIGTERM'));
  process.on('SIGINT', () => stop('SIGINT'));
} catch (err) {
  if (err instanceof ConfigError) {
    process.stderr.write(`configuration error: ${err.message}\n`);
    process.exit(78);
  }
  throw err;
}
