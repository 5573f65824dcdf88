/**
 * `npm run simulator`: the CXone simulator on its own. Its admin endpoint
 * (/__admin/faults, /__admin/requests, /__admin/reset) sets faults at run time.
 */
import { Simulator } from './server.js';

const env = process.env;
const simulator = await new Simulator({
  clientId: env.SIMULATOR_CLIENT_ID ?? 'simulator',
  clientSecret: env.SIMULATOR_CLIENT_SECRET ?? 'simulator-secret',
  seed: Number(env.SIMULATOR_SEED ?? 42),
  host: env.SIMULATOR_HOST ?? '127.0.0.1',
  port: Number(env.SIMULATOR_PORT ?? 4010),
  faults: env.SIMULATOR_FAULTS ? (JSON.parse(env.SIMULATOR_FAULTS) as object) : {},
}).start();

process.stdout.write(`CXone simulator on ${simulator.url}\n  CXONE_OAUTH_URL=${simulator.tokenUrl}\n  CXONE_ANALYTICS_URL=${simulator.summaryUrl}\n`);
const stop = () => void simulator.stop().then(() => process.exit(0));
process.on('SIGTERM', stop);
process.on('SIGINT', stop);
