/**
 * Agent names for agent ids (docs/upstream-reporting.md, "Agent names"):
 * `agents/performance` carries ids only. The agents list is paged (at most
 * 100 a call), kept for an hour, shared through Redis when there is one, and
 * fetched once at a time however many queries want it. When it fails, names
 * fall back to ids with a warning and the list is not asked again for a
 * minute: a names outage never fails an analytics query.
 */
import type { Clock } from '../clock.js';
import { HOUR_MS, MINUTE_MS } from '../clock.js';
import type { RedisConnection } from '../redis.js';
import { GatewayError } from '../errors.js';
import { fieldsOf } from './reporting-rows.js';

/** id → "First Last". */
export type AgentNames = ReadonlyMap<string, string>;

/** The page of the agents list that starts at `skip`: its agents as sent, and totalRecords when CXone sent it. */
export type AgentsPage = (skip: number) => Promise<{ agents: Record<string, unknown>[]; total: number | null }>;

export interface AgentDirectorySettings {
  clock: Clock;
  /** Where the list is shared with other instances, and under which key. */
  shared?: { redis: RedisConnection; key: string };
  refreshMs?: number;
  retryMs?: number;
}

/** The agents list pages at most this many a call. */
export const AGENTS_PAGE_SIZE = 100;
/** A list longer than this many pages is a paging loop, not a contact center. */
const MAX_AGENT_PAGES = 1000;

export class AgentDirectory {
  private current: { names: AgentNames; at: number } | null = null;
  private loading: Promise<AgentNames> | null = null;
  private failed: { at: number; reason: string } | null = null;
  private readonly refreshMs: number;
  private readonly retryMs: number;

  constructor(
    private readonly page: AgentsPage,
    private readonly s: AgentDirectorySettings,
  ) {
    this.refreshMs = s.refreshMs ?? HOUR_MS;
    this.retryMs = s.retryMs ?? MINUTE_MS;
  }

  /** The names, or why there are none (said once per query by the caller). */
  async names(): Promise<{ names: AgentNames; problem: string | null }> {
    const now = this.s.clock.now();
    if (this.current && now - this.current.at < this.refreshMs) return { names: this.current.names, problem: null };
    if (this.failed && now - this.failed.at < this.retryMs) return { names: this.current?.names ?? new Map(), problem: this.failed.reason };
    try {
      this.loading ??= this.load().finally(() => (this.loading = null));
      return { names: await this.loading, problem: null };
    } catch (err) {
      const reason = err instanceof GatewayError ? `${err.code}: ${err.message}` : (err as Error).message;
      this.failed = { at: this.s.clock.now(), reason };
      return { names: this.current?.names ?? new Map(), problem: reason };
    }
  }

  private async load(): Promise<AgentNames> {
    const shared = await this.readShared();
    if (shared) {
      this.current = shared; // refreshed when the instance that fetched it would refresh it
    } else {
      this.current = { names: await this.fetchAll(), at: this.s.clock.now() };
      await this.writeShared(this.current);
    }
    this.failed = null;
    return this.current.names;
  }

  private async fetchAll(): Promise<AgentNames> {
    const names = new Map<string, string>();
    let skip = 0;
    for (let pages = 0; pages < MAX_AGENT_PAGES; pages++) {
      const p = await this.page(skip);
      for (const a of p.agents) {
        const f = fieldsOf(a);
        const id = f.get('agentid');
        if (id === null || id === undefined) continue;
        const name = [f.get('firstname'), f.get('lastname')].filter((x) => typeof x === 'string' && x.trim() !== '').join(' ');
        if (name !== '') names.set(String(id), name);
      }
      skip += p.agents.length;
      if (p.agents.length < AGENTS_PAGE_SIZE || (p.total !== null && skip >= p.total)) return names;
    }
    throw new Error('the agents list did not end (a paging loop): names answered as ids');
  }

  private async readShared(): Promise<{ names: AgentNames; at: number } | null> {
    const s = this.s.shared;
    if (!s) return null;
    const text = await s.redis.bounded('agents read', () => s.redis.client.get(s.key));
    if (typeof text !== 'string') return null;
    try {
      const { at, names } = JSON.parse(text) as { at: number; names: Record<string, string> };
      return typeof at === 'number' && this.s.clock.now() - at < this.refreshMs ? { names: new Map(Object.entries(names)), at } : null;
    } catch {
      return null;
    }
  }

  private async writeShared(list: { names: AgentNames; at: number }): Promise<void> {
    const s = this.s.shared;
    if (!s) return;
    const value = JSON.stringify({ at: list.at, names: Object.fromEntries(list.names) });
    await s.redis.bounded('agents write', () => s.redis.client.set(s.key, value, { PX: this.refreshMs }));
  }
}
