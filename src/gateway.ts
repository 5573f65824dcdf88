/**
 * Start a whole gateway: config → simulator (when no credentials) →
 * services → HTTP server. Used by main.ts and by the tests.
 */
import { randomBytes } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import type { FastifyInstance } from 'fastify';
import { realClock, type Clock } from './clock.js';
import { loadConfig, type Config } from './config.js';
import { buildServer } from './http/server.js';
import { createLogger } from './log.js';
import type { Services } from './analytics/services.js';
import { createServices } from './services.js';
import { Simulator } from './simulator/server.js';
import { startTracing } from './telemetry.js';
import type { SpanExporter } from '@opentelemetry/sdk-trace-base';

export interface RunningGateway {
  url: string;
  config: Config;
  app: FastifyInstance;
  services: Services;
  /** The embedded simulator, when the config has no credentials. */
  simulator: Simulator | undefined;
  /**
   * Stops accepting, lets requests in flight finish for SHUTDOWN_TIMEOUT_MS,
   * then cuts what is left. True when nothing had to be cut.
   */
  close(): Promise<boolean>;
}

export interface GatewayOptions {
  /** Where log lines go; stdout when absent. */
  logStream?: NodeJS.WritableStream;
  /** What the gateway reads the time from and waits on; the real clock when absent (tests pass their own). */
  clock?: Clock;
  /** Where spans go, whatever OTEL_* says (tests pass an in-memory exporter). */
  spanExporter?: SpanExporter;
}

export async function startGateway(env: Record<string, string | undefined> = process.env, options: GatewayOptions = {}): Promise<RunningGateway> {
  let config = loadConfig(env);
  let simulator: Simulator | undefined;
  let credentials = config.credentials;
  if (!credentials) {
    // Credentials only this process knows; the simulator listens on loopback.
    credentials = { clientId: 'embedded-simulator', clientSecret: randomBytes(24).toString('hex') };
    const accessKey = { id: 'embedded-access-key', secret: randomBytes(24).toString('hex') };
    simulator = await new Simulator({
      ...credentials,
      accessKeyId: accessKey.id,
      accessKeySecret: accessKey.secret,
      seed: config.simulatorSeed,
      contactsPerDay: config.simulatorContactsPerDay,
      // The gateway's now: no contact is served before it happened.
      now: () => (options.clock ?? realClock).now(),
      // Its fault endpoint would let anyone on the machine break a production gateway.
      admin: !config.production,
    }).start();
    config = { ...config, oauthUrl: simulator.tokenUrl, analyticsUrl: simulator.summaryUrl, issuer: simulator.url, accessKey, apiBase: undefined };
  }
  const log = createLogger(config.logLevel, options.logStream);
  const tracing = startTracing(env, options.spanExporter);
  if (tracing) log.info('tracing on: spans go to the OpenTelemetry exporter OTEL_* names');
  const services = createServices(config, credentials, log, options.clock);
  const app = await buildServer(services);
  // Replicas share limits and single flight through Redis: the first requests should too (a Redis that is
  // not there by then is an outage, served degraded until it comes).
  await services.store.connected?.(Math.max(2000, config.cache.redisTimeoutMs));
  // Said before "Server listening", which is the line scripts wait for.
  if (simulator) app.log.info({ simulator: simulator.url }, 'no CXone credentials: serving the embedded CXone simulator');
  await app.listen({ port: config.port, host: config.host });
  // The business unit's calendar, read now (its problems said at start); the first query waits for it otherwise.
  void services.defaults.ready();
  const { port } = app.server.address() as AddressInfo;
  const host = config.host.includes(':') ? `[${config.host}]` : config.host;
  return {
    url: `http://${host === '0.0.0.0' ? '127.0.0.1' : host}:${port}`,
    config,
    app,
    services,
    simulator,
    close: async () => {
      // Keep-alive sockets of requests that finish during close would hold the
      // server open until their idle timeout: close each as it goes idle.
      const sweep = setInterval(() => app.server.closeIdleConnections(), 50);
      let cut = false;
      const deadline = setTimeout(() => {
        cut = true;
        app.log.error({ shutdownTimeoutMs: config.shutdownTimeoutMs }, 'shutdown timed out: cutting the requests still in flight');
        app.server.closeAllConnections();
      }, config.shutdownTimeoutMs);
      try {
        await app.close();
      } finally {
        clearInterval(sweep);
        clearTimeout(deadline);
      }
      await simulator?.stop();
      await tracing?.shutdown();
      return !cut;
    },
  };
}
