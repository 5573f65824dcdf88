/**
 * The simulated CXone Reporting API (docs/upstream-reporting.md):
 * `skills/summary`, `agents/performance` and the `agents` list, built from
 * the same synthetic contacts as the summary-query answers. One row per
 * skill (a skill has one media type, one campaign, one direction); agent
 * rows carry ids only, names come from `agents`. With `legacy`, every value
 * is a string ("101" seconds, "True") and keys start upper-case, as older
 * API versions answer. Authentication is in auth.ts.
 */
import { durationSeconds, isoDuration } from '../upstream/duration.js';
import { group, type Parts } from './aggregate.js';
import { BUSINESS_UNIT, type SimAuth } from './auth.js';
import { completedContacts, type ContactsSettings } from './contacts.js';
import { MEDIA_TYPES } from './media-types.js';
import type { SimRequest } from './http.js';
import { AGENTS, SKILLS, slaThreshold, type Tenant } from './tenant.js';

export const REPORTING_PATH = /^\/inContactAPI\/services\/v\d+\.0\/(skills\/summary|agents\/performance|agents|business-unit|contacts\/completed)$/;

export interface BusinessUnitSettings {
  timeZone: string;
  startDayOfWeek: string;
}

const UTC = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?Z$/;
/** The agents list pages at most this many a call. */
const AGENTS_PAGE_MAX = 100;

export interface ReportingSettings {
  /** Answer as older versions do: every value a string, keys upper-case first. */
  legacy: boolean;
  businessUnit: BusinessUnitSettings;
  contacts: ContactsSettings;
}

/** One Reporting API call: `endpoint` is the path after the version. */
export function reportingCall(r: SimRequest, endpoint: string, auth: SimAuth, settings: ReportingSettings): void {
  const { legacy, businessUnit: unit } = settings;
  const { req, answer } = r;
  if (!auth.admits(r)) return;
  if (!/json|\*\/\*/.test(req.headers.accept ?? ''))
    return answer(406, { error: 'notAcceptable', message: 'no way to render the data without Accept: application/json' });
  if (endpoint === 'agents') return agentsList(r, legacy);
  if (endpoint === 'business-unit') {
    const bu = {
      businessUnitId: BUSINESS_UNIT,
      businessUnitName: 'Simulated Care',
      timeZone: unit.timeZone,
      defaultTimeZone: unit.timeZone,
      startDayOfWeek: unit.startDayOfWeek,
    };
    return answer(200, { businessUnits: [legacy ? legacyRow(bu) : bu] });
  }
  if (!r.window.admit(r.faults.rateLimitRps)) return answer(429, { error: 'rateLimited' });
  if (r.random() < r.faults.errorRatio) return answer(503, { error: 'serviceUnavailable' });
  if (endpoint === 'contacts/completed') return completedContacts(r, settings.contacts);
  const start = r.url.searchParams.get('startDate') ?? '';
  const end = r.url.searchParams.get('endDate') ?? '';
  if (!UTC.test(start) || !UTC.test(end) || Date.parse(end) <= Date.parse(start)) {
    return answer(400, undefined, { icStatusDescription: 'startDate and endDate must be UTC date-times with Z, endDate after startDate' });
  }
  const from = Date.parse(start);
  const to = Date.parse(end);
  const rows = endpoint === 'skills/summary' ? skillSummaries(r.tenant, from, to) : agentPerformance(r.tenant, from, to);
  if (rows.length === 0) return answer(204, undefined);
  const shaped = legacy ? rows.map(legacyRow) : rows;
  answer(200, endpoint === 'skills/summary' ? { skillSummaries: shaped } : { agentPerformance: shaped });
}

/** GET agents?top&skip: at most 100 a page, `_links.next` while more remain. */
function agentsList(r: SimRequest, legacy: boolean): void {
  if (r.faults.agentsDown) return r.answer(503, { error: 'serviceUnavailable' });
  const top = Math.min(AGENTS_PAGE_MAX, Math.max(1, Number(r.url.searchParams.get('top') ?? AGENTS_PAGE_MAX) || AGENTS_PAGE_MAX));
  const skip = Math.max(0, Number(r.url.searchParams.get('skip') ?? 0) || 0);
  const listed = AGENTS.slice(0, AGENTS.length - r.faults.agentsOmitted).map((a, i) =>
    i === 1 && r.faults.agentsNamedAlike ? { ...a, firstName: AGENTS[0]!.firstName, lastName: AGENTS[0]!.lastName } : a,
  );
  const page = listed.slice(skip, skip + top).map((a) => ({ ...a, userName: `${a.firstName.toLowerCase()}.${a.agentId}@sim`, isActive: true }));
  if (page.length === 0) return r.answer(204, undefined);
  const link = (at: number) => `${r.base}${r.url.pathname}?top=${top}&skip=${at}`;
  r.answer(200, {
    totalRecords: listed.length,
    _links: { self: link(skip), next: skip + top < listed.length ? link(skip + top) : null },
    agents: legacy ? page.map(legacyRow) : page,
  });
}

const CAMPAIGN_IDS = new Map<string, number>();

function seconds(sum: number, per: number) {
  return isoDuration(per === 0 ? 0 : sum / per);
}

/** One row per skill with contacts in [start, end); empty when nothing happened. */
export function skillSummaries(tenant: Tenant, start: number, end: number): Record<string, unknown>[] {
  return group(tenant.contacts(start, end), ['skill']).map((g) => {
    const p: Parts = g.parts;
    const skill = SKILLS.find((k) => k.name === g.key.skill)!;
    const [mediaTypeId, mediaTypeName] = MEDIA_TYPES[skill.channel];
    if (!CAMPAIGN_IDS.has(skill.campaign)) CAMPAIGN_IDS.set(skill.campaign, 77 + CAMPAIGN_IDS.size);
    const counted = p.withinSla + p.outOfSla;
    return {
      businessUnitId: BUSINESS_UNIT,
      skillId: skill.id,
      skillName: skill.name,
      mediaTypeId,
      mediaTypeName,
      isOutbound: skill.direction === 'outbound',
      campaignId: CAMPAIGN_IDS.get(skill.campaign),
      campaignName: skill.campaign,
      contactsOffered: p.offered,
      contactsHandled: p.handled,
      abandonCount: p.abandoned,
      abandonRate: p.inboundOffered === 0 ? 0 : Math.round((p.abandoned * 10_000) / p.inboundOffered) / 100,
      averageHandleTime: seconds(p.handleSum, p.handled),
      averageTalkTime: seconds(p.talkSum, p.handled),
      averageWrapTime: seconds(p.wrapSum, p.handled),
      averageInqueueTime: seconds(p.inboundQueueSum, p.inboundOffered),
      holdTime: isoDuration(p.holdSum),
      // Independent of offered, as real rows are: short abandons count neither way, dials not at all.
      contactsWithinSLA: p.withinSla,
      contactsOutOfSLA: p.outOfSla,
      serviceLevel: counted === 0 ? 0 : Math.round((p.withinSla * 100) / counted),
      serviceLevelGoal: 80,
      serviceLevelThreshold: slaThreshold(skill),
      totalContactTime: isoDuration(p.handleSum),
    };
  });
}

/** One row per agent who handled a contact; ids only, as CXone sends them. */
export function agentPerformance(tenant: Tenant, start: number, end: number): Record<string, unknown>[] {
  const handled = tenant.contacts(start, end).filter((c) => c.agentId !== null);
  return group(handled, ['agentId']).map((g) => {
    const p = g.parts;
    const agent = AGENTS.find((a) => String(a.agentId) === g.key.agentId)!;
    return {
      agentId: agent.agentId,
      teamId: agent.teamId,
      agentOffered: p.offered,
      totalHandled: p.handled,
      totalAvgHandleTime: seconds(p.handleSum, p.handled),
      totalAvgTalkTime: seconds(p.talkSum, p.handled),
      acwTime: isoDuration(p.wrapSum),
      refused: 0,
    };
  });
}

/** A row as an older API version sends it: every value a string, durations in seconds, keys upper-case first. */
function legacyRow(row: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(row)) {
    const key = k[0]!.toUpperCase() + k.slice(1);
    if (typeof v === 'boolean') out[key] = v ? 'True' : 'False';
    else if (typeof v === 'string' && v.startsWith('PT')) out[key] = String(durationSeconds(v));
    else if (v === null || v === undefined) out[key] = v;
    else out[key] = String(v);
  }
  return out;
}
