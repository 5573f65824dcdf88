/**
 * A UTC day of completed contacts in columns: dimension values
 * dictionary-encoded (an index per contact into the day's distinct values),
 * times and durations in typed arrays, contacts in start order. This is what
 * the contacts source caches (encoded to bytes for Redis: about 40 bytes a
 * contact) and aggregates from, so a new question over a cached day costs
 * CXone nothing.
 */
import type { ContactRecord } from './contact-records.js';

/** The dimensions a contact has, and their dictionaries. */
export const CONTACT_DIMENSIONS = ['channel', 'skill', 'campaign', 'team', 'agent'] as const;
export type ContactDimension = (typeof CONTACT_DIMENSIONS)[number];

/** A duration CXone sent that could not be read. */
export const UNREAD = 0xffffffff;
/** Durations are kept in whole milliseconds, below UNREAD (49 days). */
function millis(seconds: number | null): number {
  return seconds === null || !Number.isFinite(seconds) || seconds < 0 ? UNREAD : Math.min(UNREAD - 1, Math.round(seconds * 1000));
}

const OUTBOUND = 1;
const ABANDONED = 2;
const REFUSED = 4;

type Index = Uint8Array | Uint16Array | Uint32Array;

export interface ContactDay {
  /** YYYY-MM-DD (UTC). */
  day: string;
  /** Midnight UTC of the day, epoch ms. */
  dayStart: number;
  n: number;
  /** Contact ids and master contact ids. */
  ids: Float64Array;
  masters: Float64Array;
  /** ms since dayStart, ascending. */
  starts: Uint32Array;
  /** lastUpdateTime, seconds since dayStart. */
  updates: Uint32Array;
  /** Per dimension: distinct values (index 0 is null) and each contact's index. */
  dicts: Record<ContactDimension, (string | null)[]>;
  codes: Record<ContactDimension, Index>;
  /** The agent id of each agent dictionary entry (names are not unique; ids are). */
  agentIds: (string | null)[];
  flags: Uint8Array;
  /** Milliseconds (exact for CXone's seconds and tenths); UNREAD where CXone's value could not be read. */
  queue: Uint32Array;
  talk: Uint32Array;
  hold: Uint32Array;
  wrap: Uint32Array;
  /** What could not be read in its contacts, repeated on every answer from it. */
  warnings: string[];
}

function indexArray(size: number, n: number): Index {
  return size <= 0x100 ? new Uint8Array(n) : size <= 0x10000 ? new Uint16Array(n) : new Uint32Array(n);
}

/** Columns from records (merged by contact id first: the newest lastUpdateTime wins). */
export function buildDay(day: string, records: Iterable<ContactRecord>, warnings: string[]): ContactDay {
  const dayStart = Date.parse(`${day}T00:00:00Z`);
  const byId = new Map<number, ContactRecord>();
  for (const r of records) {
    const seen = byId.get(r.contactId);
    if (!seen || r.lastUpdate >= seen.lastUpdate) byId.set(r.contactId, r);
  }
  const list = [...byId.values()].sort((a, b) => a.start - b.start || a.contactId - b.contactId);
  const n = list.length;
  const dicts = {} as Record<ContactDimension, (string | null)[]>;
  const codes = {} as Record<ContactDimension, Index>;
  const agentIds: (string | null)[] = [null];
  for (const d of CONTACT_DIMENSIONS) {
    const values = new Map<string, number>();
    const dict: (string | null)[] = [null];
    const keyOf = (r: ContactRecord) => (d === 'agent' ? (r.agentId ?? r.agent) : r[d]);
    for (const r of list) {
      const key = keyOf(r);
      if (key === null || values.has(key)) continue;
      values.set(key, dict.length);
      dict.push(r[d]);
      if (d === 'agent') agentIds.push(r.agentId);
    }
    const arr = indexArray(dict.length, n);
    list.forEach((r, i) => {
      const key = keyOf(r);
      arr[i] = key === null ? 0 : values.get(key)!;
    });
    dicts[d] = dict;
    codes[d] = arr;
  }
  const col = (f: (r: ContactRecord) => number | null) => Uint32Array.from(list, (r) => millis(f(r)));
  return {
    day,
    dayStart,
    n,
    ids: Float64Array.from(list, (r) => r.contactId),
    masters: Float64Array.from(list, (r) => r.masterContactId),
    starts: Uint32Array.from(list, (r) => r.start - dayStart),
    updates: Uint32Array.from(list, (r) => Math.max(0, Math.floor((r.lastUpdate - dayStart) / 1000))),
    dicts,
    codes,
    agentIds,
    flags: Uint8Array.from(list, (r) => (r.outbound ? OUTBOUND : 0) | (r.abandoned ? ABANDONED : 0) | (r.refused ? REFUSED : 0)),
    queue: col((r) => r.queue),
    talk: col((r) => r.talk),
    hold: col((r) => r.hold),
    wrap: col((r) => r.wrap),
    warnings,
  };
}

/** The day's contacts back as records (to merge late changes into). */
export function recordsOf(d: ContactDay): ContactRecord[] {
  const out: ContactRecord[] = new Array(d.n);
  const num = (x: number) => (x === UNREAD ? null : x / 1000);
  for (let i = 0; i < d.n; i++) {
    const a = d.codes.agent[i]!;
    out[i] = {
      contactId: d.ids[i]!,
      masterContactId: d.masters[i]!,
      start: d.dayStart + d.starts[i]!,
      lastUpdate: d.dayStart + d.updates[i]! * 1000,
      channel: d.dicts.channel[d.codes.channel[i]!]!,
      skill: d.dicts.skill[d.codes.skill[i]!]!,
      campaign: d.dicts.campaign[d.codes.campaign[i]!]!,
      team: d.dicts.team[d.codes.team[i]!]!,
      agent: d.dicts.agent[a]!,
      agentId: d.agentIds[a]!,
      outbound: (d.flags[i]! & OUTBOUND) !== 0,
      abandoned: (d.flags[i]! & ABANDONED) !== 0,
      refused: (d.flags[i]! & REFUSED) !== 0,
      queue: num(d.queue[i]!),
      talk: num(d.talk[i]!),
      hold: num(d.hold[i]!),
      wrap: num(d.wrap[i]!),
    };
  }
  return out;
}

export const flagBits = { OUTBOUND, ABANDONED, REFUSED } as const;

/** Estimated bytes a day holds in memory. */
export function dayBytes(d: ContactDay): number {
  let dictBytes = 0;
  for (const dim of CONTACT_DIMENSIONS) for (const v of d.dicts[dim]) dictBytes += 16 + (v?.length ?? 0) * 2;
  const perContact = 8 + 8 + 4 + 4 + 1 + 16 + CONTACT_DIMENSIONS.reduce((n, dim) => n + d.codes[dim].BYTES_PER_ELEMENT, 0);
  return 512 + dictBytes + d.n * perContact;
}

// --- bytes for a shared store ---------------------------------------------------------------

interface Header {
  v: 1;
  day: string;
  n: number;
  dicts: Record<ContactDimension, (string | null)[]>;
  agentIds: (string | null)[];
  warnings: string[];
  /** Id columns as a base and 32-bit offsets when they fit, else 64-bit floats. */
  idBase: number | null;
  masterBase: number | null;
}

function offsets(values: Float64Array): { base: number; offsets: Uint32Array } | null {
  let min = Infinity;
  let max = -Infinity;
  for (const v of values) {
    if (v < min) min = v;
    if (v > max) max = v;
  }
  if (values.length === 0) return { base: 0, offsets: new Uint32Array(0) };
  if (!Number.isSafeInteger(min) || !Number.isSafeInteger(max) || max - min > 0xffffffff) return null;
  return { base: min, offsets: Uint32Array.from(values, (v) => v - min) };
}

type Column = Uint8Array | Uint16Array | Uint32Array | Float64Array;

/** The day as one buffer: a JSON header (dictionaries, layout) and the columns' bytes. */
export function encodeDay(d: ContactDay): Buffer {
  const ids = offsets(d.ids);
  const masters = offsets(d.masters);
  const header: Header = {
    v: 1,
    day: d.day,
    n: d.n,
    dicts: d.dicts,
    agentIds: d.agentIds,
    warnings: d.warnings,
    idBase: ids?.base ?? null,
    masterBase: masters?.base ?? null,
  };
  const columns: Column[] = [
    ids?.offsets ?? d.ids,
    masters?.offsets ?? d.masters,
    d.starts,
    d.updates,
    ...CONTACT_DIMENSIONS.map((dim) => d.codes[dim]),
    d.flags,
    d.queue,
    d.talk,
    d.hold,
    d.wrap,
  ];
  const head = Buffer.from(JSON.stringify(header));
  const size = Buffer.alloc(4);
  size.writeUInt32LE(head.length);
  return Buffer.concat([size, head, ...columns.map((c) => Buffer.from(c.buffer, c.byteOffset, c.byteLength))]);
}

/** undefined for bytes that are not a day of this version. */
export function decodeDay(buf: Buffer): ContactDay | undefined {
  try {
    const headLength = buf.readUInt32LE(0);
    const header = JSON.parse(buf.subarray(4, 4 + headLength).toString()) as Header;
    if (header.v !== 1) return undefined;
    const { n } = header;
    let at = 4 + headLength;
    const take = <T extends Column>(make: (b: ArrayBuffer) => T, bytes: number): T => {
      const copy = new Uint8Array(n * bytes);
      copy.set(buf.subarray(at, at + n * bytes));
      at += n * bytes;
      return make(copy.buffer);
    };
    const idColumn = (base: number | null) =>
      base === null
        ? take((b) => new Float64Array(b), 8)
        : Float64Array.from(
            take((b) => new Uint32Array(b), 4),
            (o) => base + o,
          );
    const ids = idColumn(header.idBase);
    const masters = idColumn(header.masterBase);
    const starts = take((b) => new Uint32Array(b), 4);
    const updates = take((b) => new Uint32Array(b), 4);
    const codes = {} as Record<ContactDimension, Index>;
    for (const dim of CONTACT_DIMENSIONS) {
      const size = header.dicts[dim].length;
      codes[dim] =
        size <= 0x100 ? take((b) => new Uint8Array(b), 1) : size <= 0x10000 ? take((b) => new Uint16Array(b), 2) : take((b) => new Uint32Array(b), 4);
    }
    const flags = take((b) => new Uint8Array(b), 1);
    const u32 = () => take((b) => new Uint32Array(b), 4);
    return {
      day: header.day,
      dayStart: Date.parse(`${header.day}T00:00:00Z`),
      n,
      ids,
      masters,
      starts,
      updates,
      dicts: header.dicts,
      codes,
      agentIds: header.agentIds,
      flags,
      queue: u32(),
      talk: u32(),
      hold: u32(),
      wrap: u32(),
      warnings: header.warnings,
    };
  } catch {
    return undefined;
  }
}
