/** `npm start`: serve the gateway until SIGTERM or SIGINT. */
import { existsSync } from 'node:fs';
import { ConfigError } from './config.js';
import { startGateway } from './gateway.js';

if (existsSync('.env')) process.loadEnvFile('.env');

try {
  const gateway = await startGateway();
  let closing = false;
  const stop = (signal: string) => {
    if (closing) return;
    closing = true;
    gateway.app.log.info({ signal }, 'shutting down: finishing requests in flight');
    // In-flight requests get SHUTDOWN_TIMEOUT_MS; past that the process exits anyway.
    setTimeout(() => {
      gateway.app.log.error('shutdown timed out with requests still in flight');
      process.exit(1);
    }, gateway.config.shutdownTimeoutMs).unref();
    gateway.close().then(
      () => process.exit(0),
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
