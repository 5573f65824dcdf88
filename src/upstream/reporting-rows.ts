/**
 * Reporting API rows read into additive parts (docs/upstream-reporting.md,
 * "Reading rows"): field names in any case, values as numbers, numeric
 * strings or ISO/clock durations, booleans as true or "True". A value that
 * cannot be read is null, never 0, and is counted for a warning. Averages
 * and rates are taken only after rows are combined; queue time, abandon
 * rate and service level come from inbound rows only.
 */
import { channelName } from '../channels.js';
import { toNumber } from '../kpi.js';
import { Unreadable } from '../transform.js';
import { durationSeconds } from './duration.js';

/** A row's fields by lower-cased name: versions differ in key case (skillName, SkillName, contactID). */
export type Fields = ReadonlyMap<string, unknown>;

export function fieldsOf(row: unknown): Fields {
  const out = new Map<string, unknown>();
  if (typeof row !== 'object' || row === null || Array.isArray(row)) return out;
  for (const [k, v] of Object.entries(row)) out.set(k.toLowerCase(), v);
  return out;
}

export interface Parts {
  offered: number | null;
  handled: number | null;
  abandoned: number | null;
  inboundOffered: number | null;
  inboundAbandoned: number | null;
  inboundQueueSum: number | null;
  withinSla: number | null;
  outOfSla: number | null;
  handleSum: number | null;
  talkSum: number | null;
  wrapSum: number | null;
  holdSum: number | null;
}

const add = (a: number | null, b: number | null): number | null => (a === null || b === null ? null : a + b);
const times = (a: number | null, b: number | null): number | null => (a === null || b === null ? null : a * b);

export function combine(a: Parts, b: Parts): Parts {
  const out = {} as Parts;
  for (const k of Object.keys(a) as (keyof Parts)[]) out[k] = add(a[k], b[k]);
  return out;
}

/** A field as text: null for null, missing, empty or blank. */
export function text(v: unknown): string | null {
  return v === null || v === undefined || v === '' ? null : String(v).trim() || null;
}

/** Reads fields, and tallies the ones it could not read so the answer can say so. */
export class FieldReader {
  private readonly unread = new Unreadable();

  count(f: Fields, field: string): number | null {
    const v = f.get(field.toLowerCase());
    const n = toNumber(v);
    if (n === null) this.unread.note(field, v);
    return n;
  }

  duration(f: Fields, field: string): number | null {
    const v = f.get(field.toLowerCase());
    const s = durationSeconds(v);
    if (s === null) this.unread.note(field, v);
    return s;
  }

  /** true, false, "True", "false", 1, 0; anything else is unread (null). */
  flag(f: Fields, field: string): boolean | null {
    const v = f.get(field.toLowerCase());
    const s = typeof v === 'string' ? v.trim().toLowerCase() : v;
    if (s === true || s === 'true' || s === 1 || s === '1') return true;
    if (s === false || s === 'false' || s === 0 || s === '0') return false;
    this.unread.note(field, v);
    return null;
  }

  warnings(endpoint: string): string[] {
    return this.unread.warnings(`CXone ${endpoint}`, (field) => (field === 'isOutbound' ? 'read as inbound' : 'answered as null'));
  }
}

/** A skills/summary row: its dimension values and parts. */
export interface SkillRow {
  values: Readonly<Record<string, string | null>>;
  parts: Parts;
}

export function skillRow(row: Record<string, unknown>, read: FieldReader): SkillRow {
  const f = fieldsOf(row);
  const text = (field: string) => {
    const v = f.get(field.toLowerCase());
    return v === null || v === undefined || v === '' ? null : String(v);
  };
  const outbound = read.flag(f, 'isOutbound') === true;
  const offered = read.count(f, 'contactsOffered');
  const handled = read.count(f, 'contactsHandled');
  const abandoned = read.count(f, 'abandonCount');
  const inbound = (n: number | null) => (outbound ? 0 : n);
  const skill = text('skillName');
  return {
    values: {
      skill,
      queue: skill,
      channel: channelName(f.get('mediatypename'), f.get('mediatypeid')),
      campaign: text('campaignName'),
      direction: outbound ? 'outbound' : 'inbound',
    },
    parts: {
      offered,
      handled,
      abandoned,
      inboundOffered: inbound(offered),
      inboundAbandoned: inbound(abandoned),
      inboundQueueSum: outbound ? 0 : times(read.duration(f, 'averageInqueueTime'), offered),
      // An outbound skill's dials are not service level; CXone's own counts for them are ignored.
      withinSla: outbound ? 0 : read.count(f, 'contactsWithinSLA'),
      outOfSla: outbound ? 0 : read.count(f, 'contactsOutOfSLA'),
      handleSum: times(read.duration(f, 'averageHandleTime'), handled),
      talkSum: times(read.duration(f, 'averageTalkTime'), handled),
      wrapSum: times(read.duration(f, 'averageWrapTime'), handled),
      holdSum: read.duration(f, 'holdTime'),
    },
  };
}

/** An agents/performance row: the agent's id and parts (no direction, queue or SLA parts). */
export function agentRow(row: Record<string, unknown>, read: FieldReader): { agentId: string | null; parts: Parts } {
  const f = fieldsOf(row);
  const id = f.get('agentid');
  const handled = read.count(f, 'totalHandled');
  return {
    agentId: id === null || id === undefined || id === '' ? null : String(id),
    parts: {
      offered: read.count(f, 'agentOffered'),
      handled,
      abandoned: null,
      inboundOffered: null,
      inboundAbandoned: null,
      inboundQueueSum: null,
      withinSla: null,
      outOfSla: null,
      handleSum: times(read.duration(f, 'totalAvgHandleTime'), handled),
      talkSum: times(read.duration(f, 'totalAvgTalkTime'), handled),
      wrapSum: read.duration(f, 'acwTime'),
      holdSum: null,
    },
  };
}

/**
 * A metric from summed parts. Averages over nobody handled are 0, as the
 * summary query answers them; a rate over no inbound contact, and service
 * level with no contact within or out of the threshold, are null.
 */
export function metric(p: Parts, name: string): number | null {
  const per = (sum: number | null, n: number | null) => (sum === null || n === null ? null : n === 0 ? 0 : sum / n);
  const ratio = (sum: number | null, n: number | null) => (sum === null || n === null || n === 0 ? null : sum / n);
  switch (name) {
    case 'handle_time':
      return per(p.handleSum, p.handled);
    case 'talk_time':
      return per(p.talkSum, p.handled);
    case 'wrap_time':
      return per(p.wrapSum, p.handled);
    case 'hold_time':
      return per(p.holdSum, p.handled);
    case 'queue_time':
      return ratio(p.inboundQueueSum, p.inboundOffered);
    case 'abandon_rate':
      return ratio(times(p.inboundAbandoned, 100), p.inboundOffered);
    case 'service_level':
      return ratio(times(p.withinSla, 100), add(p.withinSla, p.outOfSla));
    case 'contacts_offered':
      return p.offered;
    case 'contacts_handled':
      return p.handled;
    case 'abandon_count':
      return p.abandoned;
    case 'inbound_offered':
      return p.inboundOffered;
    case 'sla_contacts':
      return add(p.withinSla, p.outOfSla);
    default:
      return null; // first_contact_resolution and tenant metrics: not reported
  }
}
