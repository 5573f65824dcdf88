/**
 * The `reporting` source (docs/upstream-reporting.md): skills/summary for
 * skill, channel, campaign, queue and direction; agents/performance for
 * agent, named through the agents list; one call per question (a time
 * bucket is a question of its own: cache/partitions.ts). Filters select rows before they are
 * combined; rows are combined from their additive parts and every average or
 * rate is taken last (reporting-rows.ts).
 */
import { BUILT_IN_METRIC_NAMES } from '../catalog.js';
import { badInput } from '../errors.js';
import { contactsOnly, onlyFromContacts } from '../derived-metrics.js';
import type { Filter, ValidQuery } from '../query.js';
import type { RedisConnection } from '../redis.js';
import { AgentDirectory, AGENTS_PAGE_SIZE } from './agents.js';
import { agentRow, combine, FieldReader, metric, skillRow, type Parts } from './reporting-rows.js';
import type { RetryStats } from './retry.js';
import { iso, ReportingApi, type ReportingApiSettings } from './reporting-api.js';
import type { Fetched, RawRow, RowSink, Source, SourceDescription, TenantCalendar } from './source.js';
import type { TokenProvider } from './token.js';

export interface ReportingSettings extends ReportingApiSettings {
  /** Where agent names are shared with other instances. */
  agentNames?: { redis: RedisConnection; key: string };
}

const SKILL_DIMENSIONS = ['skill', 'channel', 'campaign', 'queue', 'direction', 'date'];
const AGENT_DIMENSIONS = ['agent', 'date'];
const SKILL_FILTERS = ['skill', 'channel', 'campaign', 'queue', 'direction'];
const AGENT_FILTERS = ['agent'];
/** Metrics agents/performance has no parts for. */
const NOT_FOR_AGENTS = [
  'hold_time',
  'queue_time',
  'abandon_rate',
  'service_level',
  'abandon_count',
  'inbound_offered',
  'sla_contacts',
  'first_contact_resolution',
];

interface Group {
  key: Record<string, string | null>;
  parts: Parts;
  agentId?: string | null;
}

/** Whether `value` passes every filter on `dimension` (IN: listed; NOT_IN: not listed, nulls included). */
function passes(filters: readonly Filter[], values: (dimension: string) => readonly (string | null)[]): boolean {
  return filters.every((f) => {
    const listed = values(f.dimension).some((v) => v !== null && f.values.includes(v));
    return f.operator === 'in' ? listed : !listed;
  });
}

export class ReportingSource implements Source {
  readonly name = 'reporting';
  readonly filterable = [...SKILL_FILTERS, ...AGENT_FILTERS];
  readonly splitsUtcDays = false;
  private readonly agents: AgentDirectory;
  private readonly api: ReportingApi;

  constructor(
    private readonly tokens: TokenProvider,
    private readonly s: ReportingSettings,
  ) {
    this.api = new ReportingApi(tokens, s);
    this.agents = new AgentDirectory((skip) => this.agentsPage(skip), { clock: s.upstream.clock, shared: s.agentNames });
  }

  describe(): SourceDescription {
    return {
      name: this.name,
      // Everything but first-contact resolution, which the Reporting API does not report.
      metrics: BUILT_IN_METRIC_NAMES.filter((m) => m !== 'first_contact_resolution'),
      dimensions: [...SKILL_DIMENSIONS, 'agent'],
      filters: [...this.filterable],
      notes: [
        `group by any of ${SKILL_DIMENSIONS.join(', ')} (skills/summary), or by agent with or without date (agents/performance)`,
        `filter skill rows by ${SKILL_FILTERS.join(', ')}; filter agent rows by agent (its name or id)`,
        'queue is the skill: CXone routes by skill',
        'a time bucket (date, or any granularity) takes one call each: the Reporting API has no time breakdown',
        'agent answers the name from the agents list (refreshed hourly); agentId answers the id',
        'counts and agent times cover both directions; queue time, abandon rate and service level inbound contacts only',
        'first_contact_resolution is not reported: null, with a warning',
        `by agent, ${NOT_FOR_AGENTS.join(', ')} are not reported: null, with a warning`,
      ],
    };
  }

  refuse(q: ValidQuery): string | null {
    const dims = q.dimensions;
    const byAgent = dims.includes('agent');
    if (byAgent) {
      const other = dims.filter((d) => !AGENT_DIMENSIONS.includes(d));
      if (other.length > 0) {
        return `dimensions: agent cannot be combined with ${other.join(', ')} on the reporting source (agents/performance has no such breakdown); allowed: agent with date, or any of ${SKILL_DIMENSIONS.join(', ')} without agent`;
      }
    } else {
      const unknown = dims.filter((d) => !SKILL_DIMENSIONS.includes(d));
      if (unknown.length > 0) {
        return `dimensions: ${unknown.join(', ')} not available on the reporting source; allowed: ${SKILL_DIMENSIONS.join(', ')}, or agent with date`;
      }
    }
    const allowed = byAgent ? AGENT_FILTERS : SKILL_FILTERS;
    const wrong = q.filters.filter((f) => !allowed.includes(f.dimension)).map((f) => f.dimension);
    if (wrong.length > 0 && wrong.every((d) => this.filterable.includes(d))) {
      return byAgent
        ? `filters: ${wrong.join(', ')} cannot filter agent rows on the reporting source (agents/performance has no such breakdown); allowed with agent: ${AGENT_FILTERS.join(', ')}`
        : `filters: ${wrong.join(', ')} cannot filter skill rows on the reporting source (skills/summary has no agents); allowed without agent: ${SKILL_FILTERS.join(', ')}`;
    }
    return null;
  }

  missing(q: ValidQuery): string[] {
    const gone = q.dimensions.includes('agent') ? NOT_FOR_AGENTS : ['first_contact_resolution'];
    return [
      ...q.metrics
        .filter((m) => gone.includes(m))
        .map((m) => `${m} is not reported by the reporting source${q.dimensions.includes('agent') ? ' by agent' : ''}: null`),
      ...q.metrics.filter(contactsOnly).map((m) => onlyFromContacts(m, this.name)),
    ];
  }

  async ready(): Promise<void> {
    await this.s.apiBase();
  }

  /** One call a question. */
  estimateCalls(): number {
    return 1;
  }

  async fetch(q: ValidQuery, sink: RowSink): Promise<Fetched> {
    const refusal = this.refuse(q);
    if (refusal) throw badInput(refusal);
    const stats: RetryStats = { retries: 0 };
    const byAgent = q.dimensions.includes('agent');
    const endpoint = byAgent ? 'agents/performance' : 'skills/summary';
    const range = `startDate=${iso(Date.parse(q.dateRange.start))}&endDate=${iso(Date.parse(q.dateRange.end))}`;
    const [answered, directory] = await Promise.all([this.api.call(endpoint, range, stats), byAgent ? this.agents.names() : null]);
    const read = new FieldReader();
    const groups = new Map<string, Group>();
    const nameless = new Set<string>();
    const into = (key: Record<string, string | null>, parts: Parts, agentId?: string | null) => {
      // An agent is its id: two agents may share a name.
      const id = JSON.stringify(q.dimensions.map((d) => (d === 'agent' && agentId ? `#${agentId}` : key[d])));
      const g = groups.get(id);
      if (g) g.parts = combine(g.parts, parts);
      else groups.set(id, { key, parts, agentId });
    };
    for (const r of answered) {
      if (byAgent) {
        const { agentId, parts } = agentRow(r, read);
        const name = agentId === null ? null : (directory!.names.get(agentId) ?? null);
        if (agentId !== null && name === null) nameless.add(agentId);
        if (!passes(q.filters, () => [name, agentId])) continue;
        into({ agent: name ?? agentId }, parts, agentId);
      } else {
        const row = skillRow(r, read);
        if (!passes(q.filters, (d) => [row.values[d] ?? null])) continue;
        into(Object.fromEntries(q.dimensions.map((d) => [d, row.values[d] ?? null])), row.parts);
      }
    }
    const rows: RawRow[] = [...groups.values()].map(({ key, parts, agentId }) => {
      const row: RawRow = { ...key };
      if (byAgent) row.agent_id = agentId ?? null;
      for (const m of q.metrics) row[m] = metric(parts, m);
      return row;
    });
    sink.add(rows);
    const named = directory !== null && directory.names.size > 0;
    return {
      pages: 1,
      retries: stats.retries,
      warnings: [...read.warnings(endpoint), ...nameWarnings(directory?.problem ?? null, named, nameless)],
    };
  }

  /** The business unit's time zone and first day of the week. */
  calendar(): Promise<TenantCalendar> {
    return this.api.calendar();
  }

  /** One page of the agents list, for the directory. */
  private async agentsPage(skip: number) {
    const body = await this.api.call('agents', `top=${AGENTS_PAGE_SIZE}&skip=${skip}&fields=agentId,firstName,lastName,teamId,teamName`, { retries: 0 }, true);
    const total = Number(body.total);
    return { agents: body.list, total: Number.isFinite(total) ? total : null };
  }
}

function nameWarnings(problem: string | null, named: boolean, nameless: ReadonlySet<string>): string[] {
  const out: string[] = [];
  if (problem !== null) {
    const outcome = named ? 'the names read before are kept, and agents not among them are answered by id' : 'agents are answered by id';
    out.push(`agent names could not be read from CXone's agents list (${problem}): ${outcome}`);
  } else if (nameless.size > 0) {
    const ids = [...nameless].slice(0, 3).join(', ');
    out.push(`${nameless.size} agent id${nameless.size === 1 ? '' : 's'} not in CXone's agents list (for example ${ids}): answered by id`);
  }
  return out;
}
