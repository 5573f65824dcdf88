/**
 * CXone's Real-Time Data API (docs/upstream-realtime.md): skill activity,
 * agent states and active contacts, polled with `updatedSince` = the last
 * answer's `lastPollTime`; a 304 means nothing changed. Records are read
 * into the gateway's names; a value that cannot be read is null, and the
 * answer says which fields it could not read.
 */
import { channelName } from '../channels.js';
import { ErrorCode, GatewayError } from '../errors.js';
import { fieldsOf, FieldReader, text, type Fields } from './reporting-rows.js';
import { NOT_MODIFIED, type RealtimeEndpoint, type ReportingApi } from './reporting-api.js';
import type { RetryStats } from './retry.js';

export interface LiveSkill {
  id: string;
  skill: string | null;
  channel: string | null;
  direction: 'inbound' | 'outbound';
  queueCount: number | null;
  /** Epoch ms the longest-waiting contact started waiting; null when nothing waits. */
  earliestQueueTime: number | null;
  contactsActive: number | null;
  agentsLoggedIn: number | null;
  agentsAvailable: number | null;
  agentsWorking: number | null;
  agentsAcw: number | null;
  agentsUnavailable: number | null;
  inSla: number | null;
  outSla: number | null;
  serviceLevel: number | null;
  serviceLevelGoal: number | null;
}

export interface LiveAgent {
  id: string;
  agent: string | null;
  team: string | null;
  state: string | null;
  /** Why an Unavailable agent is: Lunch, Training… */
  reason: string | null;
  acw: boolean;
  /** Epoch ms the state began. */
  since: number | null;
  skill: string | null;
  channel: string | null;
  direction: 'inbound' | 'outbound' | null;
}

export interface LiveContact {
  id: string;
  state: string | null;
  skill: string | null;
  channel: string | null;
  agentId: string | null;
  direction: 'inbound' | 'outbound';
  /** Epoch ms. */
  startedAt: number | null;
}

export type LiveRecord = LiveSkill | LiveAgent | LiveContact;

export interface Polled<R> {
  /** The records answered (only the changed ones, with updatedSince), or null for a 304. */
  records: R[] | null;
  /** Whether the answer is the whole list (contacts/active always is; the others without updatedSince). */
  whole: boolean;
  lastPollTime: string | null;
  warnings: string[];
}

const LIST: Record<RealtimeEndpoint, string> = { 'skills/activity': 'skillactivity', 'agents/states': 'agentstates', 'contacts/active': 'activecontacts' };

/** An instant as ISO text or epoch ms (one public client types contactStartDate as a number). */
function instant(v: unknown): number | null {
  if (typeof v === 'number' && Number.isFinite(v)) return v;
  if (typeof v === 'string' && /^\d+$/.test(v)) return Number(v);
  const t = typeof v === 'string' ? Date.parse(v) : NaN;
  return Number.isFinite(t) ? t : null;
}

class LiveReader extends FieldReader {
  /** A count that may be null on purpose (nothing to report); anything else unreadable is noted. */
  nullable(f: Fields, field: string): number | null {
    const v = f.get(field.toLowerCase());
    return v === null || v === undefined ? null : this.count(f, field);
  }

  time(f: Fields, field: string): number | null {
    const v = f.get(field.toLowerCase());
    if (v === null || v === undefined) return null;
    const t = instant(v);
    if (t === null) this.count(f, field);
    return t;
  }
}

function direction(read: LiveReader, f: Fields): 'inbound' | 'outbound' {
  return read.flag(f, 'isOutbound') === true ? 'outbound' : 'inbound';
}

function skillOf(f: Fields, read: LiveReader): LiveSkill {
  return {
    id: String(f.get('skillid') ?? ''),
    skill: text(f.get('skillname')),
    channel: channelName(f.get('mediatypename'), f.get('mediatypeid')),
    direction: direction(read, f),
    queueCount: read.count(f, 'queueCount'),
    earliestQueueTime: read.time(f, 'earliestQueueTime'),
    contactsActive: read.count(f, 'contactsActive'),
    agentsLoggedIn: read.count(f, 'agentsLoggedIn'),
    agentsAvailable: read.count(f, 'agentsAvailable'),
    agentsWorking: read.count(f, 'agentsWorking'),
    agentsAcw: read.count(f, 'agentsACW'),
    agentsUnavailable: read.count(f, 'agentsUnavailable'),
    inSla: read.count(f, 'inSLA'),
    outSla: read.count(f, 'outSLA'),
    serviceLevel: read.nullable(f, 'serviceLevel'),
    serviceLevelGoal: read.nullable(f, 'serviceLevelGoal'),
  };
}

function agentOf(f: Fields, read: LiveReader): LiveAgent {
  const name = [text(f.get('firstname')), text(f.get('lastname'))].filter(Boolean).join(' ');
  const skill = text(f.get('skillname'));
  return {
    id: String(f.get('agentid') ?? ''),
    agent: name || null,
    team: text(f.get('teamname')),
    state: text(f.get('agentstatename')),
    reason: text(f.get('outstatedescription')),
    acw: read.flag(f, 'isACW') === true,
    since: read.time(f, 'startDate'),
    skill,
    channel: skill === null ? null : channelName(f.get('mediatypename'), f.get('mediatypeid')),
    direction: skill === null ? null : direction(read, f),
  };
}

function contactOf(f: Fields, read: LiveReader): LiveContact {
  return {
    id: String(f.get('contactid') ?? ''),
    state: text(f.get('statename')),
    skill: text(f.get('skillname')),
    channel: channelName(f.get('mediatypename'), f.get('mediatypeid')),
    agentId: text(f.get('agentid')),
    direction: direction(read, f),
    startedAt: read.time(f, 'contactStartDate'),
  };
}

const READERS = { 'skills/activity': skillOf, 'agents/states': agentOf, 'contacts/active': contactOf } as const;

/** One poll of a real-time endpoint. */
export async function pollRealtime<E extends RealtimeEndpoint>(
  api: ReportingApi,
  endpoint: E,
  updatedSince: string | null,
  stats: RetryStats,
): Promise<Polled<ReturnType<(typeof READERS)[E]>>> {
  const query = updatedSince ? `updatedSince=${encodeURIComponent(updatedSince)}` : '';
  const body = await api.call(endpoint, query, stats, 'body');
  if (body === NOT_MODIFIED) return { records: null, whole: false, lastPollTime: updatedSince, warnings: [] };
  const fields = fieldsOf(body ?? {});
  const list = body === null ? [] : fields.get(LIST[endpoint]);
  if (!Array.isArray(list)) throw new GatewayError(ErrorCode.UPSTREAM_BAD_RESPONSE, `CXone ${endpoint} answered 200 without its list`);
  const read = new LiveReader();
  const records = list.map((r) => READERS[endpoint](fieldsOf(r), read)) as ReturnType<(typeof READERS)[E]>[];
  return {
    records,
    whole: updatedSince === null || endpoint === 'contacts/active',
    lastPollTime: text(fields.get('lastpolltime')),
    warnings: read.warnings(endpoint),
  };
}
