/**
 * Where the contacts source keeps its days: decoded in process (bounded by
 * bytes, least recently used out first) and, with Redis, as bytes shared by
 * every instance (about 40 a contact: contact-columns.ts). One load per day
 * at a time across instances, by the same leases as answers.
 */
import { RESP_TYPES } from '@redis/client';
import type { Clock } from '../clock.js';
import type { RedisConnection } from '../redis.js';
import { decodeDay, dayBytes, encodeDay } from '../upstream/contact-columns.js';
import type { ContactDayStore, StoredDay } from '../upstream/contacts.js';
import { ByteLru } from './byte-lru.js';
import { SingleFlight } from './single-flight.js';
import type { Coordinator } from './store.js';

export interface ContactDaySettings {
  /** `${CACHE_NAMESPACE}:contacts:${credential}`: days are the tenant's, whoever asks. */
  prefix: string;
  redis?: RedisConnection;
  coordinator: Coordinator;
  clock: Clock;
  maxBytes: number;
  waitDeadlineMs: number;
  /** How long Redis keeps a final day, and one that may still change. */
  keepFinalMs: number;
  keepOpenMs: number;
  evicted?: () => void;
}

/** 8 bytes fetchedAt, 8 refreshedAt, 1 final, then the day's columns. */
function toBytes(d: StoredDay): Buffer {
  const head = Buffer.alloc(17);
  head.writeDoubleLE(d.fetchedAt, 0);
  head.writeDoubleLE(d.refreshedAt, 8);
  head.writeUInt8(d.final ? 1 : 0, 16);
  return Buffer.concat([head, encodeDay(d.columns)]);
}

function fromBytes(buf: Buffer): StoredDay | undefined {
  if (buf.length < 17) return undefined;
  const columns = decodeDay(buf.subarray(17));
  return columns && { columns, fetchedAt: buf.readDoubleLE(0), refreshedAt: buf.readDoubleLE(8), final: buf.readUInt8(16) === 1 };
}

export class ContactDays implements ContactDayStore {
  private readonly memory: ByteLru<string, StoredDay>;
  private readonly flights: SingleFlight;

  constructor(private readonly s: ContactDaySettings) {
    this.memory = new ByteLru(s.maxBytes, { evicted: () => s.evicted?.() });
    this.flights = new SingleFlight(s.coordinator, s.clock, s.waitDeadlineMs);
  }

  get bytes(): number {
    return this.memory.bytes;
  }

  held(day: string): StoredDay | undefined {
    return this.memory.get(day);
  }

  async get(day: string): Promise<StoredDay | undefined> {
    return this.memory.get(day) ?? (await this.shared(day));
  }

  once(day: string, load: () => Promise<StoredDay>, current: (d: StoredDay) => boolean): Promise<StoredDay> {
    return this.flights.across(
      `${this.s.prefix}:${day}`,
      async () => {
        const d = await load();
        await this.keep(day, d);
        return d;
      },
      async () => {
        const d = await this.shared(day);
        return d && current(d) ? d : undefined;
      },
    );
  }

  private async keep(day: string, d: StoredDay): Promise<void> {
    this.memory.set(day, d, dayBytes(d.columns));
    const redis = this.s.redis;
    if (!redis) return;
    const bytes = toBytes(d);
    await redis.bounded('contact day write', () =>
      redis.client.set(`${this.s.prefix}:${day}`, bytes, { PX: d.final ? this.s.keepFinalMs : this.s.keepOpenMs }),
    );
  }

  /** The day in Redis, kept in process too; undefined without Redis or when it is not there. */
  private async shared(day: string): Promise<StoredDay | undefined> {
    const redis = this.s.redis;
    if (!redis) return undefined;
    const raw = await redis.bounded('contact day read', () =>
      redis.client.withTypeMapping({ [RESP_TYPES.BLOB_STRING]: Buffer }).get(`${this.s.prefix}:${day}`),
    );
    const d = raw ? fromBytes(raw as Buffer) : undefined;
    if (d) this.memory.set(day, d, dayBytes(d.columns));
    return d;
  }
}
