/**
 * A deterministic synthetic tenant at the level of single contacts. The same
 * seed and day always give the same contacts, so every answer the simulator
 * builds from them is internally consistent and reproducible.
 */
import { DAY_MS } from '../clock.js';

export const CHANNELS = ['voice', 'chat', 'email', 'sms', 'social'] as const;
export type Channel = (typeof CHANNELS)[number];
export type Direction = 'inbound' | 'outbound';

/**
 * Where a contact falls for service level: answered within the threshold,
 * answered or abandoned after it, or not counted (an outbound dial, or a
 * contact abandoned before the threshold).
 */
export type SlaOutcome = 'within' | 'out' | null;

export interface Contact {
  /** Unique: the day's index × 100,000 + its number in the day. */
  contactId: number;
  /** A transfer's legs share their first leg's id here; a contact of one leg has its own. */
  masterContactId: number;
  channel: Channel;
  skill: string;
  /** CXone routes by skill: the queue is the skill. */
  queue: string;
  /** The agent's name, as a name resolution would answer it; null when nobody handled it. */
  agent: string | null;
  agentId: number | null;
  /** The handling agent's team; null when nobody handled it. */
  team: string | null;
  campaign: string;
  direction: Direction;
  /** UTC day, YYYY-MM-DD. */
  date: string;
  /** Milliseconds since the epoch. */
  startedAt: number;
  /** When CXone last changed the record: its end, or later when after-call work lands late (Tenant.amend). */
  lastUpdateTime: number;
  abandoned: boolean;
  /** An agent handled it (an abandoned contact or an unanswered dial was not handled). */
  handled: boolean;
  sla: SlaOutcome;
  queueTime: number;
  talkTime: number;
  holdTime: number;
  wrapTime: number;
  /** null where the channel does not track resolution. */
  firstContactResolved: boolean | null;
}

/** mulberry32: small, fast, good enough for synthetic data. */
export function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
}

/**
 * Skills as a CXone tenant has them: each routes one media type, belongs to
 * one campaign and is inbound or outbound (a dialer skill). The first ones
 * carry most of the traffic.
 */
export interface SimSkill {
  id: number;
  name: string;
  channel: Channel;
  campaign: string;
  direction: Direction;
}
// One campaign name with a comma and quotes: real campaign names are free text, and CSV must quote them.
const CAMPAIGNS = ['inbound', 'spring-promo', 'renewals', 'winback, "vip"'];
const SKILL_SPECS: [string, Channel, number, Direction][] = [
  ['billing', 'voice', 0, 'inbound'],
  ['sales', 'voice', 1, 'inbound'],
  ['support', 'chat', 0, 'inbound'],
  ['retention', 'voice', 2, 'inbound'],
  ['technical', 'email', 0, 'inbound'],
  ['outbound', 'voice', 1, 'outbound'],
  ['claims', 'voice', 0, 'inbound'],
  ['onboarding', 'chat', 2, 'inbound'],
  ['collections', 'voice', 3, 'outbound'],
  ['loyalty', 'sms', 3, 'inbound'],
  ['returns', 'email', 0, 'inbound'],
  ['shipping', 'sms', 0, 'inbound'],
  ['warranty', 'social', 2, 'inbound'],
  ['premium', 'voice', 3, 'inbound'],
  ['spanish', 'chat', 0, 'inbound'],
  ['french', 'email', 0, 'inbound'],
  ['vip', 'social', 3, 'inbound'],
  ['escalations', 'voice', 0, 'inbound'],
  ['surveys', 'voice', 1, 'outbound'],
  ['general', 'social', 0, 'inbound'],
];
export const SKILLS: readonly SimSkill[] = SKILL_SPECS.map(([name, channel, campaign, direction], i) => ({
  id: 1201 + i,
  name,
  channel,
  campaign: CAMPAIGNS[campaign]!,
  direction,
}));

export interface SimAgent {
  agentId: number;
  firstName: string;
  lastName: string;
  teamId: number;
  teamName: string;
}
const FIRST = ['Ana', 'José', 'Mia', 'Liam', 'Zoë', 'Noah', 'Chloé', 'Omar', 'Ingrid', 'Kenji', 'Priya', 'Tomás'];
const LAST = ['Silva', 'Müller', 'Okafor', 'Nguyen', 'Ødegård', 'Kowalski', 'García', 'Haddad', 'Tanaka', 'Byrne'];
/** 120 agents: more than one page of the agents list (100 a page). */
export const AGENTS: readonly SimAgent[] = Array.from({ length: 120 }, (_, i) => ({
  agentId: 81001 + i,
  firstName: FIRST[i % FIRST.length]!,
  lastName: LAST[Math.floor(i / FIRST.length)]!,
  teamId: 11 + (i % 3),
  teamName: ['Tier 1', 'Tier 2', 'Digital'][i % 3]!,
}));
export const agentName = (a: SimAgent) => `${a.firstName} ${a.lastName}`;

interface ChannelProfile {
  queueMean: number;
  slaSeconds: number;
  abandonP: number;
  talkMean: number;
  holdP: number;
  tracksResolution: boolean;
}
const PROFILES: Record<Channel, ChannelProfile> = {
  voice: { queueMean: 40, slaSeconds: 30, abandonP: 0.09, talkMean: 260, holdP: 0.35, tracksResolution: true },
  chat: { queueMean: 25, slaSeconds: 30, abandonP: 0.07, talkMean: 420, holdP: 0.1, tracksResolution: true },
  email: { queueMean: 1800, slaSeconds: 3600, abandonP: 0.01, talkMean: 200, holdP: 0, tracksResolution: true },
  sms: { queueMean: 120, slaSeconds: 300, abandonP: 0.03, talkMean: 160, holdP: 0, tracksResolution: true },
  social: { queueMean: 400, slaSeconds: 900, abandonP: 0.04, talkMean: 210, holdP: 0, tracksResolution: false },
};

/** The service-level threshold of a skill, seconds in queue. */
export const slaThreshold = (skill: SimSkill) => PROFILES[skill.channel].slaSeconds;

function exp(rand: () => number, mean: number): number {
  return -Math.log(1 - rand()) * mean;
}

function round(n: number, decimals = 1): number {
  const f = 10 ** decimals;
  return Math.round(n * f) / f;
}

export class Tenant {
  private readonly days = new Map<number, Contact[]>();
  /** Late changes by contact id, applied to every answer from then on. */
  private readonly amendments = new Map<number, Partial<Contact>>();
  constructor(
    readonly seed: number,
    readonly contactsPerDay = 300,
    /** The tenant's now: a contact not completed (or last updated) by then has not happened yet, on every endpoint. */
    readonly now: () => number = () => Date.now(),
  ) {}

  /** The contacts of one UTC day, generated once. */
  day(dayIndex: number): Contact[] {
    let contacts = this.days.get(dayIndex);
    if (!contacts) {
      contacts = generateDay(this.seed, dayIndex, this.contactsPerDay);
      for (const c of contacts) {
        const late = this.amendments.get(c.contactId);
        if (late) Object.assign(c, late);
      }
      if (this.days.size > 4000) this.days.clear();
      this.days.set(dayIndex, contacts);
    }
    return contacts;
  }

  /**
   * After-call work landing late: the contact's times change and its
   * lastUpdateTime becomes `at`, for every endpoint from now on.
   */
  amend(contactId: number, patch: Partial<Pick<Contact, 'talkTime' | 'holdTime' | 'wrapTime'>>, at: number): Contact {
    const change = { ...this.amendments.get(contactId), ...patch, lastUpdateTime: at };
    this.amendments.set(contactId, change);
    const contact = this.day(Math.floor(contactId / CONTACT_IDS_PER_DAY)).find((c) => c.contactId === contactId);
    if (!contact) throw new Error(`no contact ${contactId}`);
    return Object.assign(contact, change);
  }

  /** Every contact that started in [start, end) and was completed by now. */
  contacts(startMs: number, endMs: number): Contact[] {
    const out: Contact[] = [];
    const now = this.now();
    for (let d = Math.floor(startMs / DAY_MS); d * DAY_MS < endMs && d * DAY_MS <= now; d++) {
      for (const c of this.day(d)) if (c.startedAt >= startMs && c.startedAt < endMs && c.lastUpdateTime <= now) out.push(c);
    }
    return out;
  }
}

/** Contact ids per day: ids are the day's index × this + the contact's number. */
export const CONTACT_IDS_PER_DAY = 100_000;
/** Share of handled contacts transferred: a second leg follows under the same master contact. */
const TRANSFER_P = 0.06;

/** Share of outbound dials that reach someone: the rest are offered, not handled. */
const DIAL_CONNECT_P = 0.7;

function generateDay(seed: number, dayIndex: number, perDay: number): Contact[] {
  const rand = prng((seed * 2_654_435_761 + dayIndex * 40_503) >>> 0);
  const date = new Date(dayIndex * DAY_MS).toISOString().slice(0, 10);
  const n = Math.min(CONTACT_IDS_PER_DAY, Math.floor(perDay * (0.8 + rand() * 0.4)));
  const contacts: Contact[] = [];
  // Transfers from a stream of their own: the contacts themselves are as before.
  const legs = prng((seed * 2_246_822_519 + dayIndex * 3_266_489_917) >>> 0);
  for (let i = 0; i < n; i++) {
    // Skills are skewed: the first ones carry most of the traffic.
    const skill = SKILLS[Math.floor(rand() ** 1.6 * SKILLS.length)]!;
    const p = PROFILES[skill.channel];
    const inbound = skill.direction === 'inbound';
    const queueTime = inbound ? round(exp(rand, p.queueMean)) : 0;
    const late = queueTime > p.slaSeconds;
    const abandoned = inbound && rand() < p.abandonP * (late ? 2 : 0.5);
    const handled = inbound ? !abandoned : rand() < DIAL_CONNECT_P;
    const talkTime = handled ? round(p.talkMean * (0.4 + rand() * 1.2)) : 0;
    const holdTime = handled && rand() < p.holdP ? round(exp(rand, 70)) : 0;
    const wrapTime = handled ? round(20 + rand() * 70) : 0;
    const agent = handled ? AGENTS[Math.floor(rand() * AGENTS.length)]! : null;
    const contactId = dayIndex * CONTACT_IDS_PER_DAY + i;
    const previous = contacts.at(-1);
    const transferred = previous !== undefined && previous.handled && legs() < TRANSFER_P;
    const startedAt = dayIndex * DAY_MS + Math.floor(rand() * DAY_MS);
    contacts.push({
      contactId,
      masterContactId: transferred ? previous.masterContactId : contactId,
      channel: skill.channel,
      skill: skill.name,
      queue: skill.name,
      agent: agent && agentName(agent),
      agentId: agent?.agentId ?? null,
      team: agent?.teamName ?? null,
      campaign: skill.campaign,
      direction: skill.direction,
      date,
      startedAt,
      lastUpdateTime: startedAt + Math.round((queueTime + talkTime + holdTime + wrapTime) * 1000),
      abandoned,
      handled,
      // A contact abandoned before the threshold counts neither way (a short abandon).
      sla: !inbound ? null : handled ? (late ? 'out' : 'within') : late ? 'out' : null,
      queueTime,
      talkTime,
      holdTime,
      wrapTime,
      firstContactResolved: handled && p.tracksResolution ? rand() < 0.72 : null,
    });
  }
  return contacts;
}
