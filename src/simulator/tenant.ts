/**
 * A deterministic synthetic tenant at the level of single contacts. The same
 * seed and day always give the same contacts, so every answer the simulator
 * builds from them is internally consistent and reproducible.
 */
import { DAY_MS } from '../clock.js';

export const CHANNELS = ['voice', 'chat', 'email', 'sms', 'social'] as const;
export type Channel = (typeof CHANNELS)[number];

export interface Contact {
  channel: Channel;
  skill: string;
  queue: string;
  /** null when nobody handled it (abandoned). */
  agent: string | null;
  campaign: string;
  /** UTC day, YYYY-MM-DD. */
  date: string;
  /** Milliseconds since the epoch. */
  startedAt: number;
  abandoned: boolean;
  withinSla: boolean;
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

const SKILL_NAMES = [
  'billing',
  'sales',
  'support',
  'retention',
  'technical',
  'claims',
  'onboarding',
  'collections',
  'loyalty',
  'returns',
  'shipping',
  'warranty',
  'premium',
  'spanish',
  'french',
  'vip',
  'escalations',
  'outbound',
  'surveys',
  'general',
];
const QUEUES = ['q-north', 'q-south', 'q-east', 'q-west', 'q-central', 'q-overflow', 'q-priority', 'q-night'];
// One name with a comma and quotes: real campaign names are free text, and CSV must quote them.
const CAMPAIGNS = ['inbound', 'spring-promo', 'renewals', 'winback, "vip"'];
const AGENTS = Array.from({ length: 50 }, (_, i) => `agent-${String(i + 1).padStart(3, '0')}`);

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

const SKILLS = SKILL_NAMES.map((name, i) => ({
  name,
  channel: CHANNELS[i % CHANNELS.length]!,
  queue: QUEUES[i % QUEUES.length]!,
}));

function exp(rand: () => number, mean: number): number {
  return -Math.log(1 - rand()) * mean;
}

function round(n: number, decimals = 1): number {
  const f = 10 ** decimals;
  return Math.round(n * f) / f;
}

export class Tenant {
  private readonly days = new Map<number, Contact[]>();
  constructor(
    readonly seed: number,
    readonly contactsPerDay = 300,
  ) {}

  /** The contacts of one UTC day, generated once. */
  day(dayIndex: number): Contact[] {
    let contacts = this.days.get(dayIndex);
    if (!contacts) {
      contacts = generateDay(this.seed, dayIndex, this.contactsPerDay);
      if (this.days.size > 4000) this.days.clear();
      this.days.set(dayIndex, contacts);
    }
    return contacts;
  }

  /** Every contact that started in [start, end). */
  contacts(startMs: number, endMs: number): Contact[] {
    const out: Contact[] = [];
    for (let d = Math.floor(startMs / DAY_MS); d * DAY_MS < endMs; d++) {
      for (const c of this.day(d)) if (c.startedAt >= startMs && c.startedAt < endMs) out.push(c);
    }
    return out;
  }
}

function generateDay(seed: number, dayIndex: number, perDay: number): Contact[] {
  const rand = prng((seed * 2_654_435_761 + dayIndex * 40_503) >>> 0);
  const date = new Date(dayIndex * DAY_MS).toISOString().slice(0, 10);
  const n = Math.floor(perDay * (0.8 + rand() * 0.4));
  const contacts: Contact[] = [];
  for (let i = 0; i < n; i++) {
    // Skills are skewed: the first ones carry most of the traffic.
    const skill = SKILLS[Math.floor(rand() ** 1.6 * SKILLS.length)]!;
    const p = PROFILES[skill.channel];
    const queueTime = round(exp(rand, p.queueMean));
    const abandoned = rand() < p.abandonP * (queueTime > p.slaSeconds ? 2 : 0.5);
    const handled = !abandoned;
    const talkTime = handled ? round(p.talkMean * (0.4 + rand() * 1.2)) : 0;
    const holdTime = handled && rand() < p.holdP ? round(exp(rand, 70)) : 0;
    const wrapTime = handled ? round(20 + rand() * 70) : 0;
    contacts.push({
      channel: skill.channel,
      skill: skill.name,
      queue: skill.queue,
      agent: handled ? AGENTS[Math.floor(rand() * AGENTS.length)]! : null,
      campaign: CAMPAIGNS[Math.floor(rand() ** 2 * CAMPAIGNS.length)]!,
      date,
      startedAt: dayIndex * DAY_MS + Math.floor(rand() * DAY_MS),
      abandoned,
      withinSla: handled && queueTime <= p.slaSeconds,
      queueTime,
      talkTime,
      holdTime,
      wrapTime,
      firstContactResolved: handled && p.tracksResolution ? rand() < 0.72 : null,
    });
  }
  return contacts;
}
