/**
 * The simulated Real-Time Data API (docs/upstream-realtime.md): the tenant's
 * state at an instant, played from the same synthetic contacts as every
 * other endpoint. A contact waits in its skill's queue for its queue time,
 * then (unless abandoned) an agent talks, holds and wraps up; every agent
 * is logged in, holds the skills of its team's channels, and takes a
 * 15-minute break every two hours when not on a contact. `skills/activity` and `agents/states` with `updatedSince` answer
 * only the records that changed since then (304 when none did);
 * `contacts/active` answers the whole list when anything changed.
 */
import { DAY_MS, MINUTE_MS, SECOND_MS } from '../clock.js';
import { BUSINESS_UNIT } from './auth.js';
import type { SimRequest } from './http.js';
import { MEDIA_TYPES } from './media-types.js';
import { AGENTS, SKILLS, agentName, slaThreshold, type Contact, type Tenant } from './tenant.js';

export const LIVE_PATH = /^\/inContactAPI\/services\/v\d+\.0\/(skills\/activity|agents\/states|contacts\/active)$/;
export type LiveEndpoint = 'skills/activity' | 'agents/states' | 'contacts/active';

const SERVICE_LEVEL_GOAL = 80;
/** The channels a team's agents are skilled for: a skill counts the agents who hold it. */
const TEAM_CHANNELS: Record<string, readonly string[]> = { 'Tier 1': ['voice'], 'Tier 2': ['voice', 'email'], Digital: ['chat', 'sms', 'social'] };
const BREAK_EVERY_MS = 120 * MINUTE_MS;
const BREAK_MS = 15 * MINUTE_MS;

/** A contact's phases, epoch ms: queued until `answered` (or abandoned then), with an agent until `talked`, wrapping up until `wrapped`. */
interface Phases {
  c: Contact;
  answered: number;
  talked: number;
  held: number;
  wrapped: number;
}

function phases(c: Contact): Phases {
  const answered = c.startedAt + Math.round(c.queueTime * SECOND_MS);
  const talked = answered + Math.round(c.talkTime * SECOND_MS);
  const held = talked + Math.round(c.holdTime * SECOND_MS);
  return { c, answered, talked, held, wrapped: held + Math.round(c.wrapTime * SECOND_MS) };
}

/** Contacts not over at `t`: started by then (today or the day before) and not yet wrapped up. */
function ongoing(tenant: Tenant, t: number): Phases[] {
  const day = Math.floor(t / DAY_MS);
  const out: Phases[] = [];
  for (const d of [day - 1, day]) {
    for (const c of tenant.day(d)) {
      if (c.startedAt > t) continue;
      const p = phases(c);
      const end = c.handled ? p.wrapped : p.answered;
      if (end > t) out.push(p);
    }
  }
  return out;
}

const iso = (t: number) => new Date(t).toISOString();
const waiting = (p: Phases, t: number) => p.c.direction === 'inbound' && t < p.answered;
const withAgent = (p: Phases, t: number) => p.c.handled && p.answered <= t && t < p.held;
const wrapping = (p: Phases, t: number) => p.c.handled && p.held <= t && t < p.wrapped;

/** When agent `i`'s current or last break began at or before `t`, and whether it is still on. */
function breakAt(i: number, t: number): { start: number; on: boolean } {
  const offset = ((i * 7) % 120) * MINUTE_MS;
  const start = Math.floor((t - offset) / BREAK_EVERY_MS) * BREAK_EVERY_MS + offset;
  return { start, on: t < start + BREAK_MS };
}

export interface LiveState {
  at: number;
  skills: Record<string, unknown>[];
  agents: Record<string, unknown>[];
  contacts: Record<string, unknown>[];
}

/** The tenant at instant `t`, as the three endpoints answer it (without serverTime, which is when they answer). */
export function liveState(tenant: Tenant, t: number): LiveState {
  const now = ongoing(tenant, t);
  // Each agent's contact now (the latest started, when two overlap) and the last one it finished.
  const current = new Map<number, Phases>();
  for (const p of now) {
    const id = p.c.agentId;
    if (id === null || !(p.answered <= t)) continue;
    const seen = current.get(id);
    if (!seen || seen.answered < p.answered) current.set(id, p);
  }
  const lastDone = new Map<number, number>();
  const day = Math.floor(t / DAY_MS);
  for (const d of [day - 1, day]) {
    for (const c of tenant.day(d)) {
      if (c.agentId === null || !c.handled) continue;
      const p = phases(c);
      if (p.wrapped <= t && p.wrapped > (lastDone.get(c.agentId) ?? 0)) lastDone.set(c.agentId, p.wrapped);
    }
  }

  const agents = AGENTS.map((a, i) => {
    const p = current.get(a.agentId);
    const brk = breakAt(i, t);
    const base = { agentId: a.agentId, firstName: a.firstName, lastName: a.lastName, teamId: a.teamId, teamName: a.teamName };
    if (p) {
      const skill = SKILLS.find((s) => s.name === p.c.skill)!;
      const [mediaTypeId, mediaTypeName] = MEDIA_TYPES[skill.channel];
      const acw = wrapping(p, t);
      return {
        ...base,
        agentStateId: p.c.direction === 'inbound' ? 3 : 4,
        agentStateName: p.c.direction === 'inbound' ? 'InboundContact' : 'OutboundContact',
        isACW: acw,
        isOutbound: p.c.direction === 'outbound',
        outStateId: null,
        outStateDescription: null,
        startDate: iso(acw ? p.held : p.answered),
        contactId: p.c.contactId,
        skillId: skill.id,
        skillName: skill.name,
        mediaTypeId,
        mediaTypeName,
        openContacts: 1,
      };
    }
    const free = {
      ...base,
      isACW: false,
      isOutbound: false,
      contactId: null,
      skillId: null,
      skillName: null,
      mediaTypeId: null,
      mediaTypeName: null,
      openContacts: 0,
    };
    if (brk.on) {
      return {
        ...free,
        agentStateId: 2,
        agentStateName: 'Unavailable',
        outStateId: 5,
        outStateDescription: 'Break',
        startDate: iso(Math.max(brk.start, lastDone.get(a.agentId) ?? 0)),
      };
    }
    const since = Math.max(brk.start + BREAK_MS, lastDone.get(a.agentId) ?? 0);
    return { ...free, agentStateId: 1, agentStateName: 'Available', outStateId: null, outStateDescription: null, startDate: iso(since) };
  });

  const dayStart = day * DAY_MS;
  const skills = SKILLS.map((s) => {
    const mine = now.filter((p) => p.c.skill === s.name);
    const queued = mine.filter((p) => waiting(p, t));
    const busy = mine.filter((p) => withAgent(p, t));
    const acw = mine.filter((p) => wrapping(p, t));
    let inSla = 0;
    let outSla = 0;
    // The day so far (UTC, the simulated business unit's zone): contacts whose wait ended by t.
    for (const c of tenant.day(day)) {
      if (c.skill !== s.name || c.startedAt < dayStart || phases(c).answered > t) continue;
      if (c.sla === 'within') inSla++;
      else if (c.sla === 'out') outSla++;
    }
    const [mediaTypeId, mediaTypeName] = MEDIA_TYPES[s.channel];
    const holders = agents.filter((a) => TEAM_CHANNELS[a.teamName]!.includes(s.channel));
    return {
      businessUnitId: BUSINESS_UNIT,
      skillId: s.id,
      skillName: s.name,
      mediaTypeId,
      mediaTypeName,
      isOutbound: s.direction === 'outbound',
      campaignName: s.campaign,
      isActive: true,
      queueCount: queued.length,
      skillQueueCount: queued.length,
      personalQueueCount: 0,
      parkedCount: 0,
      earliestQueueTime: queued.length ? iso(Math.min(...queued.map((p) => p.c.startedAt))) : null,
      contactsActive: busy.length + queued.length,
      agentsLoggedIn: holders.length,
      agentsAvailable: holders.filter((a) => a.agentStateName === 'Available').length,
      agentsWorking: new Set(busy.map((p) => p.c.agentId)).size,
      agentsACW: new Set(acw.map((p) => p.c.agentId)).size,
      agentsIdle: 0,
      agentsUnavailable: holders.filter((a) => a.agentStateName === 'Unavailable').length,
      inSLA: inSla,
      outSLA: outSla,
      serviceLevel: inSla + outSla === 0 ? null : Math.round((inSla / (inSla + outSla)) * 1000) / 10,
      serviceLevelGoal: SERVICE_LEVEL_GOAL,
      serviceLevelThreshold: slaThreshold(s),
    };
  });

  const contacts = now
    .filter((p) => waiting(p, t) || withAgent(p, t))
    .sort((a, b) => a.c.contactId - b.c.contactId)
    .map((p) => {
      const skill = SKILLS.find((s) => s.name === p.c.skill)!;
      const [mediaTypeId, mediaTypeName] = MEDIA_TYPES[skill.channel];
      const state = waiting(p, t) ? 'Inbound Queue' : t < p.talked ? 'Active' : 'Hold';
      const since = state === 'Inbound Queue' ? p.c.startedAt : state === 'Active' ? p.answered : p.talked;
      return {
        contactId: p.c.contactId,
        masterContactId: p.c.masterContactId,
        stateName: state,
        skillId: skill.id,
        skillName: skill.name,
        agentId: state === 'Inbound Queue' ? null : p.c.agentId,
        agentName: state === 'Inbound Queue' || !p.c.agentId ? null : agentName(AGENTS.find((a) => a.agentId === p.c.agentId)!),
        mediaTypeId,
        mediaTypeName,
        isOutbound: p.c.direction === 'outbound',
        contactStartDate: iso(p.c.startedAt),
        lastUpdateTime: iso(since),
      };
    });
  return { at: t, skills, agents, contacts };
}

const LIST_KEY: Record<LiveEndpoint, keyof Omit<LiveState, 'at'>> = { 'skills/activity': 'skills', 'agents/states': 'agents', 'contacts/active': 'contacts' };
const ID: Record<LiveEndpoint, string> = { 'skills/activity': 'skillId', 'agents/states': 'agentId', 'contacts/active': 'contactId' };
const BODY_KEY: Record<LiveEndpoint, string> = { 'skills/activity': 'skillActivity', 'agents/states': 'agentStates', 'contacts/active': 'activeContacts' };

/** GET one real-time endpoint at the simulator's now. */
export function liveCall(r: SimRequest, endpoint: LiveEndpoint, now: number): void {
  const since = r.url.searchParams.get('updatedSince');
  if (since !== null && !Number.isFinite(Date.parse(since)))
    return r.answer(400, undefined, { icStatusDescription: 'updatedSince must be an ISO 8601 date-time' });
  const key = LIST_KEY[endpoint];
  const records = liveState(r.tenant, now)[key];
  let list = records;
  if (since !== null) {
    const before = new Map(liveState(r.tenant, Math.min(Date.parse(since), now))[key].map((x) => [x[ID[endpoint]], JSON.stringify(x)]));
    const changed = records.filter((x) => before.get(x[ID[endpoint]]) !== JSON.stringify(x));
    const gone = [...before.keys()].some((id) => !records.some((x) => x[ID[endpoint]] === id));
    if (changed.length === 0 && !gone) return r.answer(304, undefined);
    // A contact that ended cannot be said as a change: the active list comes whole.
    if (endpoint !== 'contacts/active') list = changed;
  }
  const serverTime = iso(now);
  r.answer(200, {
    lastPollTime: serverTime,
    totalRecords: list.length,
    businessUnitId: BUSINESS_UNIT,
    [BODY_KEY[endpoint]]: list.map((x) => ({ ...x, serverTime })),
  });
}
