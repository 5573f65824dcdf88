/**
 * Global setup of the `cluster` project: a real six-node Redis Cluster
 * (three masters, three replicas) for the run. Its seed URLs reach the test
 * workers, and the gateways they start, as TEST_REDIS_CLUSTER_NODES
 * (sharedRedisEnv() turns it into REDIS_CLUSTER_NODES).
 */
import { RedisCluster } from './redis-cluster.js';

export default async function setup(): Promise<() => Promise<void>> {
  const cluster = new RedisCluster();
  await cluster.start();
  process.env.TEST_REDIS_CLUSTER_NODES = cluster.nodes;
  process.env.TEST_REDIS_CLUSTER_PORTS = cluster.ports.join(',');
  return () => cluster.stop();
}
