/**
 * Contacts into answer rows (docs/upstream-contacts.md, "What each metric is
 * made of"): filter, group by any dimensions, sum the additive parts, divide
 * last. Legs are counted (a transfer's second leg is offered to, and handled
 * by, its own skill and agent); refused contacts are not offered; a short
 * abandon (abandoned within the threshold) counts in neither side of service
 * level. Durations are summed in milliseconds, exactly. A value CXone sent
 * that could not be read makes every figure it enters null (NaN here).
 */
import { parseDerived, percentileOf, PERCENTILE_OF } from '../derived-metrics.js';
import type { Filter } from '../query.js';
import { flagBits, UNREAD, type ContactDay, type ContactDimension } from './contact-columns.js';
import { metric, type Parts } from './reporting-rows.js';
import type { RawRow } from './source.js';

/** Gateway dimensions → the contact column they read (queue is the skill; direction is a flag). */
const COLUMN_OF: Readonly<Record<string, ContactDimension | 'direction'>> = {
  channel: 'channel',
  skill: 'skill',
  queue: 'skill',
  campaign: 'campaign',
  team: 'team',
  agent: 'agent',
  direction: 'direction',
};
export const CONTACTS_DIMENSIONS = Object.keys(COLUMN_OF);

export interface ContactQuestion {
  /** Epoch ms, [start, end). */
  start: number;
  end: number;
  dimensions: readonly string[];
  filters: readonly Filter[];
  metrics: readonly string[];
  slaThresholdSeconds: number;
}

/** The additive parts of a group, one slot per group in each array. */
const PARTS = [
  'offered',
  'handled',
  'abandoned',
  'inboundOffered',
  'inboundAbandoned',
  'queueSum',
  'within',
  'out',
  'handleSum',
  'talkSum',
  'holdSum',
  'wrapSum',
] as const;
type Part = (typeof PARTS)[number];

/** Per group: the additive parts (and within/out at each threshold asked), master ids, and the durations percentiles are asked of. */
class Accumulators {
  size = 0;
  private capacity = 64;
  readonly parts: Record<Part, Float64Array> & Record<string, Float64Array>;
  readonly masters: Set<number>[] = [];
  /** Per percentile base, per group: its contacts' values (ms). */
  readonly values: Map<string, number[][]>;

  constructor(extra: readonly string[], bases: readonly string[]) {
    this.parts = Object.fromEntries([...PARTS, ...extra].map((p) => [p, new Float64Array(64)])) as Record<Part, Float64Array> & Record<string, Float64Array>;
    this.values = new Map(bases.map((b) => [b, []]));
  }

  add(): number {
    if (this.size === this.capacity) {
      this.capacity *= 2;
      for (const [name, part] of Object.entries(this.parts)) {
        const grown = new Float64Array(this.capacity);
        grown.set(part);
        this.parts[name] = grown;
      }
    }
    this.masters.push(new Set());
    for (const v of this.values.values()) v.push([]);
    return this.size++;
  }
}

/** Averages per handled contact. */
const PER_HANDLED: ReadonlySet<string> = new Set(['handle_time', 'talk_time', 'hold_time', 'wrap_time']);

/** A duration column's value in ms; NaN when it could not be read. */
const ms = (v: number) => (v === UNREAD ? NaN : v);

function lowerBound(a: Uint32Array, x: number): number {
  let lo = 0;
  let hi = a.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (a[mid]! < x) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** A value of a metric from a group's parts: null where a denominator is zero or an input unreadable. */
function metricOf(p: (part: string) => number, name: string, distinct: () => number, values: (base: string) => number[]): number | null {
  const derived = parseDerived(name);
  if (derived?.kind === 'percentile') {
    const ms = values(derived.base);
    if (ms.some(Number.isNaN)) return null;
    const v = percentileOf(Float64Array.from(ms).sort(), derived.p);
    return v === null ? null : v / 1000;
  }
  if (name === 'distinct_contacts') return distinct();
  // The formulas are the reporting source's (reporting-rows.ts), over these parts: NaN (unreadable) is null there.
  const count = (part: string) => (Number.isNaN(p(part)) ? null : p(part));
  const seconds = (part: string) => (Number.isNaN(p(part)) ? null : p(part) / 1000);
  const sla = derived?.kind === 'threshold' ? `:${derived.seconds}` : '';
  const parts: Parts = {
    offered: count('offered'),
    handled: count('handled'),
    abandoned: count('abandoned'),
    inboundOffered: count('inboundOffered'),
    inboundAbandoned: count('inboundAbandoned'),
    inboundQueueSum: seconds('queueSum'),
    withinSla: count(`within${sla}`),
    outOfSla: count(`out${sla}`),
    handleSum: seconds('handleSum'),
    talkSum: seconds('talkSum'),
    holdSum: seconds('holdSum'),
    wrapSum: seconds('wrapSum'),
  };
  const base = derived?.kind === 'threshold' ? derived.base : name;
  // An average over nobody handled has no denominator: null here, where the aggregate APIs answer 0.
  if (PER_HANDLED.has(base) && parts.handled === 0) return null;
  return metric(parts, base);
}

/** The rows of `q` from the days that hold its range (each contact counted once: days do not overlap). */
export function aggregate(days: readonly ContactDay[], q: ContactQuestion): RawRow[] {
  const dims = q.dimensions.map((d) => COLUMN_OF[d]!);
  // Global ids per requested dimension: a value (an agent by id) → its number across days.
  const globals = dims.map(() => new Map<string, number>());
  const shown = dims.map(() => [] as { value: string | null; agentId: string | null }[]);
  const translate = (k: number, key: string | null, value: string | null, agentId: string | null = null) => {
    const map = globals[k]!;
    const id = key ?? '\u0000';
    let g = map.get(id);
    if (g === undefined) {
      map.set(id, (g = shown[k]!.length));
      shown[k]!.push({ value, agentId });
    }
    return g;
  };
  const perDay = days.map((d) =>
    dims.map((col, k) => {
      if (col === 'direction') return [translate(k, 'inbound', 'inbound'), translate(k, 'outbound', 'outbound')];
      const dict = d.dicts[col];
      return dict.map((v, i) => (col === 'agent' ? translate(k, d.agentIds[i] ?? v, v, d.agentIds[i] ?? null) : translate(k, v, v)));
    }),
  );
  const radix = shown.map((s) => Math.max(1, s.length));
  const groups = new Map<number, number>();
  const keys: number[] = [];
  const derived = q.metrics.map(parseDerived);
  const thresholds = [...new Set(derived.flatMap((d) => (d?.kind === 'threshold' ? [d.seconds] : [])))];
  const bases = [...new Set(derived.flatMap((d) => (d?.kind === 'percentile' ? [d.base] : [])))];
  const acc = new Accumulators(
    thresholds.flatMap((t) => [`within:${t}`, `out:${t}`]),
    bases,
  );
  const asked = thresholds.map((t) => ({ ms: t * 1000, within: `within:${t}`, out: `out:${t}` }));
  const collect = bases.map((b) => ({ base: b, over: PERCENTILE_OF[b]!, values: acc.values.get(b)! }));
  const wantsDistinct = q.metrics.includes('distinct_contacts');
  const threshold = q.slaThresholdSeconds;
  const { OUTBOUND, ABANDONED, REFUSED } = flagBits;

  days.forEach((d, di) => {
    const from = lowerBound(d.starts, Math.max(0, q.start - d.dayStart));
    const to = lowerBound(d.starts, Math.max(0, q.end - d.dayStart));
    const codes = dims.map((col) => (col === 'direction' ? null : d.codes[col]));
    const ids = perDay[di]!;
    const passes = filterTests(d, q.filters);
    for (let i = from; i < to; i++) {
      const flags = d.flags[i]!;
      if (flags & REFUSED) continue;
      if (!passes(i, flags)) continue;
      let key = 0;
      for (let k = 0; k < dims.length; k++) {
        const code = codes[k] ?? null;
        const g = code === null ? ids[k]![flags & OUTBOUND ? 1 : 0]! : ids[k]![code[i]!]!;
        key = key * radix[k]! + g;
      }
      let slot = groups.get(key);
      if (slot === undefined) {
        groups.set(key, (slot = acc.add()));
        keys.push(key);
      }
      const p = acc.parts;
      const inbound = (flags & OUTBOUND) === 0;
      const abandoned = (flags & ABANDONED) !== 0;
      const queue = ms(d.queue[i]!);
      const talk = ms(d.talk[i]!);
      p.offered[slot]! += 1;
      if (abandoned) p.abandoned[slot]! += 1;
      if (inbound) {
        p.inboundOffered[slot]! += 1;
        p.queueSum[slot]! += queue;
        if (abandoned) p.inboundAbandoned[slot]! += 1;
        // Within: answered within the threshold; out: answered or abandoned after it; a short abandon is neither.
        if (Number.isNaN(queue)) p.within[slot] = NaN;
        else if (queue > threshold * 1000) p.out[slot]! += 1;
        else if (!abandoned) p.within[slot]! += 1;
        for (const t of asked) {
          if (Number.isNaN(queue)) p[t.within]![slot] = NaN;
          else if (queue > t.ms) p[t.out]![slot]! += 1;
          else if (!abandoned) p[t.within]![slot]! += 1;
        }
      }
      const handled = !abandoned && (talk > 0 || Number.isNaN(talk));
      for (const c of collect) {
        if (c.over === 'inbound' ? inbound : handled) c.values[slot]!.push(valueOf(d, i, c.base));
      }
      if (handled) {
        const hold = ms(d.hold[i]!);
        const wrap = ms(d.wrap[i]!);
        p.handled[slot]! += Number.isNaN(talk) ? NaN : 1;
        p.talkSum[slot]! += talk;
        p.holdSum[slot]! += hold;
        p.wrapSum[slot]! += wrap;
        p.handleSum[slot]! += talk + hold + wrap;
      }
      if (wantsDistinct) acc.masters[slot]!.add(d.masters[i]!);
    }
  });

  return keys.map((key, slot) => {
    const row: RawRow = {};
    let rest = key;
    for (let k = dims.length - 1; k >= 0; k--) {
      const g = rest % radix[k]!;
      rest = (rest - g) / radix[k]!;
      const v = shown[k]![g]!;
      row[q.dimensions[k]!] = v.value;
      if (dims[k] === 'agent') row.agent_id = v.agentId;
    }
    for (const m of q.metrics)
      row[m] = metricOf(
        (part) => acc.parts[part]![slot]!,
        m,
        () => acc.masters[slot]!.size,
        (base) => acc.values.get(base)![slot]!,
      );
    return row;
  });
}

/** A contact's value of a duration metric, ms (NaN: unreadable). */
function valueOf(d: ContactDay, i: number, base: string): number {
  const talk = ms(d.talk[i]!);
  switch (base) {
    case 'talk_time':
      return talk;
    case 'hold_time':
      return ms(d.hold[i]!);
    case 'wrap_time':
      return ms(d.wrap[i]!);
    case 'queue_time':
      return ms(d.queue[i]!);
    default:
      return talk + ms(d.hold[i]!) + ms(d.wrap[i]!);
  }
}

/** A contact test for the filters over one day: by dictionary index, computed once per day. */
function filterTests(d: ContactDay, filters: readonly Filter[]): (i: number, flags: number) => boolean {
  if (filters.length === 0) return () => true;
  const tests = filters.map((f) => {
    const col = COLUMN_OF[f.dimension]!;
    const listed = (value: string | null, id: string | null = null) => (value !== null && f.values.includes(value)) || (id !== null && f.values.includes(id));
    const keep = (isListed: boolean) => (f.operator === 'in' ? isListed : !isListed);
    if (col === 'direction') {
      const inbound = keep(listed('inbound'));
      const outbound = keep(listed('outbound'));
      return (_i: number, flags: number) => (flags & flagBits.OUTBOUND ? outbound : inbound);
    }
    const pass = d.dicts[col].map((v, idx) => keep(listed(v, col === 'agent' ? (d.agentIds[idx] ?? null) : null)));
    const codes = d.codes[col];
    return (i: number) => pass[codes[i]!]!;
  });
  return (i, flags) => tests.every((t) => t(i, flags));
}
