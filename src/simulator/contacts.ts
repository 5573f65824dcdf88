/**
 * The simulated `contacts/completed` (docs/upstream-contacts.md): the same
 * synthetic contacts the aggregate endpoints are built from, one record per
 * leg, paged by `top` (at most 10,000) and `skip` with `_links.next`, only
 * those completed by the simulator's now, `updatedSince` for late changes,
 * `fields` to trim records, and both key generations.
 */
import type { SimRequest } from './http.js';
import { BUSINESS_UNIT } from './auth.js';
import { MEDIA_TYPES } from './media-types.js';
import { AGENTS, SKILLS, type Contact } from './tenant.js';

export const CONTACTS_PAGE_MAX = 10_000;
const UTC = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?Z$/;

export interface ContactsSettings {
  /** `current`: list key `contacts`, v33 keys; `legacy`: `completedContacts`, v23 keys (contactStart, mediaType, confSeconds, ACWSeconds). */
  generation: 'current' | 'legacy';
  /** Send `_links.next` (else a client pages by `skip` alone). */
  links: boolean;
  /** The simulator's now: contacts completed after it are not served yet. */
  now: () => number;
}

/** The service-level threshold the simulator's `serviceLevelFlag` uses, seconds in queue. */
const FLAG_THRESHOLD = 30;

/** One contact as CXone sends it. */
const SKILL_BY_NAME = new Map(SKILLS.map((s) => [s.name, s]));
const AGENT_BY_ID = new Map(AGENTS.map((a) => [a.agentId, a]));

export function contactRecord(c: Contact, generation: ContactsSettings['generation']): Record<string, unknown> {
  const skill = SKILL_BY_NAME.get(c.skill)!;
  const agent = c.agentId === null ? null : AGENT_BY_ID.get(c.agentId)!;
  const inbound = c.direction === 'inbound';
  const [mediaTypeId, mediaTypeName] = MEDIA_TYPES[c.channel];
  const common: Record<string, unknown> = {
    contactId: c.contactId,
    masterContactId: c.masterContactId,
    lastUpdateTime: new Date(c.lastUpdateTime).toISOString(),
    mediaTypeName,
    isOutbound: !inbound,
    skillId: skill.id,
    skillName: skill.name,
    campaignId: 77 + ['inbound', 'spring-promo', 'renewals', 'winback, "vip"'].indexOf(skill.campaign),
    campaignName: skill.campaign,
    teamId: agent?.teamId ?? null,
    teamName: agent?.teamName ?? null,
    agentId: agent?.agentId ?? null,
    firstName: agent?.firstName ?? null,
    lastName: agent?.lastName ?? null,
    abandoned: c.abandoned,
    abandonSeconds: c.abandoned ? c.queueTime : 0,
    isShortAbandon: c.abandoned && c.sla === null,
    preQueueSeconds: 0,
    inQueueSeconds: c.queueTime,
    postQueueSeconds: 0,
    agentSeconds: c.talkTime,
    holdSeconds: c.holdTime,
    totalDurationSeconds: Math.round((c.queueTime + c.talkTime + c.holdTime + c.wrapTime) * 10) / 10,
    routingTime: 0,
    serviceLevelFlag: !inbound ? -1 : c.queueTime <= FLAG_THRESHOLD ? 1 : 0,
    isRefused: false,
    endReason: c.abandoned ? 'Contact Hung Up' : 'Agent Hung Up',
    transferIndicatorId: c.masterContactId === c.contactId ? 0 : 1,
  };
  return generation === 'current'
    ? { ...common, contactStartDate: new Date(c.startedAt).toISOString(), mediaTypeId, acwSeconds: c.wrapTime, conferenceSeconds: 0 }
    : { ...common, contactStart: new Date(c.startedAt).toISOString(), mediaType: mediaTypeId, ACWSeconds: c.wrapTime, confSeconds: 0 };
}

/** GET contacts/completed?startDate&endDate&top&skip&fields&updatedSince. */
export function completedContacts(r: SimRequest, settings: ContactsSettings): void {
  const { answer, url } = r;
  const start = url.searchParams.get('startDate') ?? '';
  const end = url.searchParams.get('endDate') ?? '';
  const since = url.searchParams.get('updatedSince');
  if (!UTC.test(start) || !UTC.test(end) || Date.parse(end) <= Date.parse(start) || (since !== null && !UTC.test(since))) {
    return answer(400, undefined, { icStatusDescription: 'startDate, endDate and updatedSince must be UTC date-times with Z, endDate after startDate' });
  }
  const top = Number(url.searchParams.get('top') ?? CONTACTS_PAGE_MAX);
  const skip = Number(url.searchParams.get('skip') ?? 0);
  if (!Number.isInteger(top) || top < 1 || top > CONTACTS_PAGE_MAX || !Number.isInteger(skip) || skip < 0) {
    return answer(400, undefined, { icStatusDescription: `top must be 1..${CONTACTS_PAGE_MAX} and skip a whole number` });
  }
  const now = settings.now();
  const after = since === null ? -Infinity : Date.parse(since);
  const all = r.tenant
    .contacts(Date.parse(start), Date.parse(end))
    .filter((c) => c.lastUpdateTime >= after)
    .sort((a, b) => a.startedAt - b.startedAt || a.contactId - b.contactId);
  const page = all.slice(skip, skip + top);
  if (page.length === 0) return answer(204, undefined);
  const fields = url.searchParams.get('fields');
  const wanted = fields === null ? null : new Set(fields.split(',').map((f) => f.trim().toLowerCase()));
  const records = page.map((c) => {
    const full = contactRecord(c, settings.generation);
    return wanted ? Object.fromEntries(Object.entries(full).filter(([k]) => wanted.has(k.toLowerCase()))) : full;
  });
  const link = (at: number) => {
    const u = new URL(r.base + url.pathname + url.search);
    u.searchParams.set('skip', String(at));
    return u.toString();
  };
  answer(200, {
    totalRecords: all.length,
    businessUnitId: BUSINESS_UNIT,
    lastPollTime: new Date(now).toISOString(),
    ...(settings.links
      ? { _links: { self: link(skip), next: skip + top < all.length ? link(skip + top) : null, previous: skip > 0 ? link(Math.max(0, skip - top)) : null } }
      : {}),
    [settings.generation === 'current' ? 'contacts' : 'completedContacts']: records,
  });
}
