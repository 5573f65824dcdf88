/**
 * The deployment files cannot drift from the code: the Dockerfile, the
 * Kubernetes example and the Compose file are parsed, every variable they set
 * is one the configuration reads and loads, their probes and ports are the
 * gateway's, and the probe paths answer on a running gateway.
 */
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parse, parseAllDocuments } from 'yaml';
import { CONFIG_VARIABLES, loadConfig } from '../../src/config.js';
import { startStack, type Stack } from '../support/stack.js';

const read = (path: string) => readFileSync(new URL(`../../${path}`, import.meta.url), 'utf8');

/** Dockerfile instructions, continuation lines joined: [instruction, arguments][]. */
function dockerfile(text: string): [string, string][] {
  return text
    .replace(/\\\n/g, ' ')
    .split('\n')
    .map((l) => l.trim())
    .filter((l) => l && !l.startsWith('#'))
    .map((l) => {
      const [word, ...rest] = l.split(/\s+/);
      return [word!.toUpperCase(), rest.join(' ')];
    });
}

/** ENV a=b c=d (or ENV a b) as a record. */
function envOf(args: string): Record<string, string> {
  const pairs = [...args.matchAll(/(\w+)=("[^"]*"|\S+)/g)];
  return Object.fromEntries(pairs.map((m) => [m[1]!, m[2]!.replace(/^"|"$/g, '')]));
}

/** Names neither the configuration schema reads nor OpenTelemetry's SDK (OTEL_*, standard). */
function unknownVariables(names: string[]): string[] {
  return names.filter((n) => !CONFIG_VARIABLES.includes(n) && !/^OTEL_[A-Z_]+$/.test(n));
}

let s: Stack;
beforeAll(async () => {
  s = await startStack();
});
afterAll(() => s?.close());

async function probe(path: string): Promise<number> {
  return (await fetch(`${s.gw.url}${path}`)).status;
}

describe('Dockerfile', () => {
  const steps = dockerfile(read('Dockerfile'));
  const lastFrom = steps.map(([w]) => w).lastIndexOf('FROM');
  const runtime = steps.slice(lastFrom);
  const env = Object.assign({}, ...runtime.filter(([w]) => w === 'ENV').map(([, a]) => envOf(a))) as Record<string, string>;

  it('is multi-stage: the runtime stage copies the build from an earlier one', () => {
    expect(steps.filter(([w]) => w === 'FROM').length).toBeGreaterThanOrEqual(2);
    expect(runtime.some(([w, a]) => w === 'COPY' && a.includes('--from=build') && a.includes('dist'))).toBe(true);
    // The Node major the gateway is built for (package.json engines).
    const engines = (JSON.parse(read('package.json')) as { engines: { node: string } }).engines.node;
    expect(runtime[0]![1]).toMatch(new RegExp(`^node:${/\d+/.exec(engines)![0]}\\b`));
  });

  it('runs as a user that is not root, node itself (PID 1 gets SIGTERM), on the port it exposes', async () => {
    const user = runtime.find(([w]) => w === 'USER')?.[1];
    expect(user).toBeDefined();
    expect(['root', '0']).not.toContain(user);
    expect(runtime.find(([w]) => w === 'CMD')?.[1]).toBe('["node", "dist/main.js"]');
    expect(runtime.find(([w]) => w === 'EXPOSE')?.[1]).toBe(env.PORT);
    expect(unknownVariables(Object.keys(env))).toEqual([]);
    expect(loadConfig({ ...env, SIMULATOR: '1' }).port).toBe(Number(env.PORT));
    // Listening on every interface: a container's 127.0.0.1 is its own.
    expect(env.HOST).toBe('0.0.0.0');
  });

  it('checks its health on /healthz, which answers', async () => {
    const check = runtime.find(([w]) => w === 'HEALTHCHECK')?.[1] ?? '';
    expect(check).toContain("'/healthz'");
    expect(check).toContain('process.env.PORT');
    expect(await probe('/healthz')).toBe(200);
  });
});

describe('Kubernetes example', () => {
  const docs = parseAllDocuments(read('deploy/kubernetes.yaml')).map((d) => d.toJS() as any);
  const of = (kind: string) => docs.find((d) => d.kind === kind);
  const deployment = of('Deployment');
  const pod = deployment.spec.template.spec;
  const container = pod.containers[0];
  const env = Object.fromEntries(container.env.map((e: { name: string; value: string }) => [e.name, e.value])) as Record<string, string>;
  const secret = of('Secret');

  it('sets only variables the gateway reads, credentials from a Secret, and they load', () => {
    expect(unknownVariables(Object.keys(env))).toEqual([]);
    expect(unknownVariables(Object.keys(secret.stringData))).toEqual([]);
    expect(container.envFrom).toContainEqual({ secretRef: { name: secret.metadata.name } });
    // No secret in the plain environment.
    expect(Object.keys(env).filter((n) => /SECRET|API_KEYS/.test(n))).toEqual([]);
    const config = loadConfig({ ...env, ...secret.stringData });
    expect(config.production).toBe(true);
    expect(config.redisClusterNodes.length).toBeGreaterThan(0);
  });

  it('probes readiness on /readyz and liveness on /healthz, on the container port the gateway listens on', async () => {
    const port = container.ports.find((p: { name: string }) => p.name === container.readinessProbe.httpGet.port);
    expect(port.containerPort).toBe(Number(env.PORT));
    expect(container.livenessProbe.httpGet.port).toBe(port.name);
    expect(container.readinessProbe.httpGet.path).toBe('/readyz');
    expect(container.livenessProbe.httpGet.path).toBe('/healthz');
    expect(await probe(container.readinessProbe.httpGet.path)).toBe(200);
    expect(await probe(container.livenessProbe.httpGet.path)).toBe(200);
    expect(of('Service').spec.ports[0].targetPort).toBe(port.name);
  });

  it('gives a stopping pod a preStop pause and a grace period longer than that plus SHUTDOWN_TIMEOUT_MS', () => {
    const pause = container.lifecycle.preStop.sleep.seconds as number;
    expect(pause).toBeGreaterThan(0);
    const shutdownMs = loadConfig({ ...env, ...secret.stringData }).shutdownTimeoutMs;
    expect(pod.terminationGracePeriodSeconds * 1000).toBeGreaterThan(pause * 1000 + shutdownMs);
    expect(pod.securityContext.runAsNonRoot).toBe(true);
  });

  it('keeps a PodDisruptionBudget over the same pods, below the replica count', () => {
    const pdb = of('PodDisruptionBudget');
    expect(pdb.spec.selector.matchLabels).toEqual(deployment.spec.selector.matchLabels);
    expect(deployment.spec.template.metadata.labels).toMatchObject(deployment.spec.selector.matchLabels);
    expect(pdb.spec.minAvailable).toBeLessThan(deployment.spec.replicas);
  });
});

describe('Compose file', () => {
  const compose = parse(read('deploy/compose.yaml'), { merge: true }) as any;
  const gateway = compose.services.gateway;
  /** ${VAR:-default} as Compose fills it with nothing set. */
  const env = Object.fromEntries(
    Object.entries(gateway.environment as Record<string, string>).map(([k, v]) => [k, String(v).replace(/\$\{\w+:-([^}]*)\}/g, '$1')]),
  ) as Record<string, string>;

  it('runs three gateway replicas on variables the gateway reads, which load', () => {
    expect(gateway.deploy.replicas).toBe(3);
    expect(unknownVariables(Object.keys(env))).toEqual([]);
    const config = loadConfig(env);
    expect(config.redisClusterNodes).toHaveLength(3);
    expect(gateway.healthcheck.test.join(' ')).toContain(`:${config.port}/healthz`);
    // Compose's grace is a duration: longer than the gateway's own drain.
    expect(Number(/^(\d+)s$/.exec(gateway.stop_grace_period)![1]) * 1000).toBeGreaterThan(config.shutdownTimeoutMs);
  });

  it('has a Redis Cluster of six nodes joined with one replica each, which the gateways are pointed at', () => {
    const nodes = Object.entries(compose.services as Record<string, any>).filter(([, svc]) => (svc.command ?? []).includes('--cluster-enabled'));
    expect(nodes).toHaveLength(6);
    const create = compose.services['redis-cluster-create'];
    expect(create.command.join(' ')).toContain('--cluster-replicas 1');
    for (const url of env.REDIS_CLUSTER_NODES!.split(',')) expect(nodes.map(([name]) => name)).toContain(new URL(url).hostname);
    expect(gateway.depends_on['redis-cluster-create'].condition).toBe('service_completed_successfully');
  });

  it('puts a load balancer in front that proxies to the gateways on their port, WebSocket upgrades included', () => {
    const lb = compose.services['load-balancer'];
    expect(lb.depends_on).toContain('gateway');
    const nginx = read('deploy/nginx.conf');
    expect(nginx).toContain(`server gateway:${env.PORT};`);
    expect(nginx).toMatch(/proxy_set_header Upgrade \$http_upgrade;/);
  });
});
