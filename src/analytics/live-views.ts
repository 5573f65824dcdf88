/**
 * What a live query or subscription shows: the feeds' records filtered, in
 * the API's names, with the seconds-ago fields taken at the snapshot's asOf,
 * and the totals over skills. A filter is checked before anything is asked
 * of CXone.
 */
import { badInput } from '../errors.js';
import type { LiveAgent, LiveContact, LiveSkill } from '../upstream/realtime.js';

export interface LiveFilter {
  skills?: readonly string[] | null;
  channels?: readonly string[] | null;
  teams?: readonly string[] | null;
}

/** Values one filter list may hold. */
export const MAX_LIVE_FILTER_VALUES = 100;

/** Checks a filter for `kind`; throws BAD_USER_INPUT naming the list, the rule and what is allowed. */
export function checkLiveFilter(f: LiveFilter | null | undefined, kind: 'skills' | 'agents'): LiveFilter {
  if (!f) return {};
  for (const [name, list] of Object.entries(f) as [string, readonly string[] | null | undefined][]) {
    if (list === null || list === undefined) continue;
    if (list.length === 0) throw badInput(`filter.${name} is empty; allowed: 1 to ${MAX_LIVE_FILTER_VALUES} values, or leave it out for all`);
    if (list.length > MAX_LIVE_FILTER_VALUES) throw badInput(`filter.${name} has ${list.length} values; allowed: at most ${MAX_LIVE_FILTER_VALUES}`);
    const blank = list.find((v) => v.trim() === '' || v.length > 200);
    if (blank !== undefined) throw badInput(`filter.${name} holds ${JSON.stringify(blank.slice(0, 40))}; allowed: names of 1 to 200 characters`);
  }
  if (kind === 'skills' && f.teams) throw badInput('filter.teams applies to agents and contacts, not to skills; allowed on skills: skills, channels');
  return f;
}

const within = (list: readonly string[] | null | undefined, v: string | null) => !list || (v !== null && list.includes(v));

/** A skill as the API shows it: its id as skillId, and the longest wait in seconds at asOf instead of when it began. */
export type SkillView = Omit<LiveSkill, 'id' | 'earliestQueueTime'> & { skillId: string; longestWaitSeconds: number | null };

const secondsSince = (asOf: number | null, t: number | null) => (asOf === null || t === null ? null : Math.max(0, Math.round(asOf - t) / 1000));

export function filterSkills(records: readonly LiveSkill[], f: LiveFilter): LiveSkill[] {
  return records.filter((r) => within(f.skills, r.skill) && within(f.channels, r.channel));
}

export function skillViews(records: readonly LiveSkill[], asOf: number | null): SkillView[] {
  return records.map(({ id, earliestQueueTime, ...r }) => ({ ...r, skillId: id, longestWaitSeconds: secondsSince(asOf, earliestQueueTime) }));
}

const sum = (xs: (number | null)[]) => (xs.some((x) => x === null) ? null : xs.reduce<number>((a, b) => a + (b as number), 0));
const most = (xs: (number | null)[]) => (xs.length === 0 || xs.some((x) => x === null) ? null : Math.max(...(xs as number[])));

/** Totals over skills: contacts summed, agents the most any skill reports (an agent holds several skills), service level from summed counts. */
export function skillTotals(views: readonly SkillView[]) {
  const inSla = sum(views.map((v) => v.inSla));
  const outSla = sum(views.map((v) => v.outSla));
  const waits = views.map((v) => v.longestWaitSeconds).filter((w): w is number => w !== null);
  return {
    queueCount: sum(views.map((v) => v.queueCount)),
    longestWaitSeconds: waits.length ? Math.max(...waits) : null,
    contactsActive: sum(views.map((v) => v.contactsActive)),
    agentsLoggedIn: most(views.map((v) => v.agentsLoggedIn)),
    agentsAvailable: most(views.map((v) => v.agentsAvailable)),
    agentsWorking: sum(views.map((v) => v.agentsWorking)),
    agentsAcw: sum(views.map((v) => v.agentsAcw)),
    agentsUnavailable: most(views.map((v) => v.agentsUnavailable)),
    serviceLevel: inSla === null || outSla === null || inSla + outSla === 0 ? null : Math.round((inSla / (inSla + outSla)) * 1000) / 10,
    inSla,
    outSla,
  };
}

export function filterAgents(records: readonly LiveAgent[], f: LiveFilter): LiveAgent[] {
  return records.filter((r) => within(f.teams, r.team) && (!f.skills || within(f.skills, r.skill)) && (!f.channels || within(f.channels, r.channel)));
}

export function agentViews(records: readonly LiveAgent[], asOf: number | null) {
  return records.map(({ id, since, ...r }) => ({
    ...r,
    agentId: id,
    since: since === null ? null : new Date(since),
    secondsInState: secondsSince(asOf, since),
  }));
}

export function filterContacts(records: readonly LiveContact[], f: LiveFilter, teamOf: (agentId: string) => string | null): LiveContact[] {
  return records.filter(
    (r) => within(f.skills, r.skill) && within(f.channels, r.channel) && (!f.teams || (r.agentId !== null && within(f.teams, teamOf(r.agentId)))),
  );
}

export function contactViews(records: readonly LiveContact[]) {
  return records.map(({ id, startedAt, ...r }) => ({ ...r, contactId: id, startedAt: startedAt === null ? null : new Date(startedAt) }));
}
