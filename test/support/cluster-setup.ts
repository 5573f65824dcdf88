/**
 * Global setup of the `cluster` and `failover` projects: a real six-node
 * Redis Cluster (three masters, three replicas) for each project's run. Its nodes reach this
 * project's tests only (provide/inject: an environment variable would reach
 * every project's workers in one `npm test`); sharedRedisEnv() turns them
 * into REDIS_CLUSTER_NODES.
 */
import type { TestProject } from 'vitest/node';
import { RedisCluster } from './redis-cluster.js';

export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const cluster = new RedisCluster();
  await cluster.start();
  project.provide('redisCluster', { nodes: cluster.nodes, ports: cluster.ports });
  return () => cluster.stop();
}
