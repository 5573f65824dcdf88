/**
 * In-process memory is bounded by bytes: the LRU, the result store (stale
 * first, then least recently used) and the warm path's response bytes.
 */
import { describe, expect, it } from 'vitest';
import { ByteLru, estimateRowsBytes } from '../../src/cache/byte-lru.js';
import { memoryStore, type StoredResult } from '../../src/cache/store.js';
import { ResponseCache, seededHash } from '../../src/http/response-cache.js';
import { FakeClock } from '../support/fake-clock.js';

const clock = new FakeClock();

function result(rows: number, freshUntil = clock.now() + 3_600_000): StoredResult {
  return {
    rows: Array.from({ length: rows }, (_, i) => ({ agent: `Agent ${i}`, handleTime: 300 + i, talkTime: 200 })),
    metrics: ['handle_time', 'talk_time'],
    dimensions: ['agent'],
    fetchedAt: new Date(clock.now()).toISOString(),
    upstreamPages: 1,
    freshUntil,
    warnings: [],
  };
}

describe('ByteLru', () => {
  it('drops the least recently used past its bound, and counts each', () => {
    const evicted: string[] = [];
    const lru = new ByteLru<string, number>(100, { evicted: (k) => evicted.push(k) });
    lru.set('a', 1, 40);
    lru.set('b', 2, 40);
    lru.get('a'); // b is now the least recently used
    lru.set('c', 3, 40);
    expect(evicted).toEqual(['b']);
    expect(lru.bytes).toBe(80);
    expect([lru.get('a'), lru.get('b'), lru.get('c')]).toEqual([1, undefined, 3]);
  });

  it('drops expendable entries before any other', () => {
    const lru = new ByteLru<string, { stale: boolean }>(100, { expendable: (v) => v.stale });
    lru.set('old-fresh', { stale: false }, 40);
    lru.set('new-stale', { stale: true }, 40);
    lru.set('newest', { stale: false }, 40);
    expect(lru.get('old-fresh')).toBeDefined();
    expect(lru.get('new-stale')).toBeUndefined();
  });

  it('does not keep a value larger than the whole bound', () => {
    const evicted: string[] = [];
    const lru = new ByteLru<string, number>(10, { evicted: (k) => evicted.push(k) });
    lru.set('huge', 1, 11);
    expect([lru.size, lru.bytes, evicted]).toEqual([0, 0, ['huge']]);
  });

  it('estimates rows in proportion to their count and content', () => {
    const small = result(1000).rows;
    const large = result(10_000).rows;
    expect(estimateRowsBytes(large) / estimateRowsBytes(small)).toBeCloseTo(10, 0);
    expect(estimateRowsBytes(small)).toBeGreaterThan(1000 * 100);
  });
});

describe('memoryStore', () => {
  it('10,000 distinct results stay under the bound; the newest are still there', async () => {
    let evictions = 0;
    const store = memoryStore({ maxBytes: 2 * 1024 * 1024, evicted: () => evictions++ }, clock);
    try {
      for (let i = 0; i < 10_000; i++) await store.set(`k${i}`, result(20), 3_600_000);
      expect(store.memoryBytes()).toBeLessThanOrEqual(2 * 1024 * 1024);
      expect(evictions).toBeGreaterThan(9000);
      expect(await store.get('k9999')).toBeDefined();
      expect(await store.get('k0')).toBeUndefined();
    } finally {
      await store.close();
    }
  });

  it('a stale result goes before a fresh one, even one used less recently', async () => {
    const one = 512 + estimateRowsBytes(result(100).rows);
    const store = memoryStore({ maxBytes: one * 2 + 10 }, clock);
    try {
      await store.set('fresh', result(100), 3_600_000);
      await store.set('stale', result(100, clock.now() - 1), 3_600_000);
      await store.set('newer', result(100), 3_600_000);
      expect(await store.get('fresh')).toBeDefined();
      expect(await store.get('stale')).toBeUndefined();
      expect(await store.get('newer')).toBeDefined();
    } finally {
      await store.close();
    }
  });
});

describe('the warm path response cache', () => {
  const keep = (clock: FakeClock) => ({ ok: true, validUntil: clock.now() + 60_000, answered: [] });
  const asked = (request: string, client = 'key-1') => ({ client, accept: 'application/json', request: Buffer.from(request) });

  it('counts UTF-8 bytes in and out the same way, so non-ASCII names do not drift its 64 MiB bound', async () => {
    const clock = new FakeClock();
    const cache = new ResponseCache(64 * 1024 * 1024, clock);
    const body = JSON.stringify({ data: { rows: [{ agent: 'José Müller' }, { agent: 'Zoë Ødegård' }] } });
    const bytes = Buffer.byteLength(body);
    expect(bytes).toBeGreaterThan(body.length);
    cache.set(asked('a'), body, 'application/json', keep(clock));
    cache.set(asked('b'), body, 'application/json', keep(clock));
    // Each entry: the response's UTF-8 bytes and the request's one byte.
    expect(cache.size).toBe(2 * (bytes + 1));
    cache.set(asked('a'), body, 'application/json', keep(clock)); // replaced
    expect(cache.size).toBe(2 * (bytes + 1));
    await clock.advance(60_000);
    expect(cache.get(asked('b'))).toBeUndefined(); // expired at validUntil: taken out
    expect(cache.size).toBe(bytes + 1);
  });

  it('past its bound drops the least recently used: an entry read since it was stored stays, the oldest unread goes', () => {
    const clock = new FakeClock();
    const body = 'x'.repeat(1000);
    // 24 entries of 1,003 bytes (the response and a 3-byte request) fill it.
    const cache = new ResponseCache(1003 * 24, clock);
    for (const k of ['aaa', 'bbb', 'ccc']) cache.set(asked(k), body, 'application/json', keep(clock));
    for (let i = 0; i < 21; i++) cache.set(asked(`f${String(i).padStart(2, '0')}`), body, 'application/json', keep(clock));
    expect(cache.size).toBe(24 * 1003);
    expect(cache.get(asked('aaa'))).toBeDefined(); // read: its second chance
    cache.set(asked('ddd'), body, 'application/json', keep(clock)); // one over: the oldest unread (bbb) goes
    expect(cache.get(asked('bbb'))).toBeUndefined();
    expect(cache.get(asked('aaa'))).toBeDefined();
    expect(cache.get(asked('ccc'))).toBeDefined();
    expect(cache.size).toBe(24 * 1003);
  });

  it('holds what it counts: its small buffers do not keep 8 KB pool slabs alive', () => {
    const clock = new FakeClock();
    const cache = new ResponseCache(64 * 1024 * 1024, clock);
    const request = (i: number) => `{"query":"{ analytics { rows { agent } } }","variables":{"n":${i},"pad":"${'p'.repeat(560)}"}}`;
    for (let i = 0; i < 2000; i++) {
      // What handling a request allocates around the kept parts: small buffers that die.
      for (let j = 0; j < 8; j++) Buffer.from(`chunk ${i} ${j} ${'x'.repeat(600)}`);
      const answered = [{ cacheKey: `cxone:analytics:${i}`, rows: 1 }];
      cache.set(asked(request(i)), `{"data":{"n":${i},"rows":"${'r'.repeat(900)}"}}`, 'application/json', { ...keep(clock), answered });
    }
    // The memory behind every buffer an entry keeps: a slice of a pool slab holds the whole slab.
    const behind = new Set<ArrayBufferLike>();
    for (let i = 0; i < 2000; i++) {
      const e = cache.get(asked(request(i)))!;
      for (const b of [e.body, e.request, ...e.hits.flatMap((h) => [h.head, h.tail])]) behind.add(b.buffer);
    }
    const held = [...behind].reduce((n, b) => n + b.byteLength, 0);
    expect(cache.size).toBeGreaterThan(2000 * 1600); // responses, requests and audit line parts
    expect(held).toBe(cache.size);
  });

  it('answers only the request it kept, byte for byte, when another has the same hash', () => {
    const clock = new FakeClock();
    // Every request hashes alike: only the comparison of the bytes tells them apart.
    const cache = new ResponseCache(1024 * 1024, clock, undefined, () => 0);
    const first = '{"query":"{ analytics(query: {dimensions: [AGENT]}) { rows { agent } } }"}';
    const second = first.replace('AGENT', 'SKILL');
    cache.set(asked(first), '{"data":1}', 'application/json', keep(clock));
    expect(cache.get(asked(second))).toBeUndefined();
    expect(cache.get(asked(first, 'key-2'))).toBeUndefined(); // another client
    expect(cache.get(asked(first))?.body.toString()).toBe('{"data":1}');
    cache.set(asked(second), '{"data":2}', 'application/json', keep(clock)); // replaces the first
    expect(cache.get(asked(first))).toBeUndefined();
    expect(cache.get(asked(second))?.body.toString()).toBe('{"data":2}');
    expect(cache.size).toBe(Buffer.byteLength('{"data":2}') + Buffer.byteLength(second));
  });

  it('hashes every byte: one changed byte anywhere, at any offset in its buffer, changes the hash', () => {
    const hash = seededHash(12345);
    for (const length of [0, 1, 2, 3, 4, 5, 7, 8, 9, 600]) {
      for (const offset of [0, 1, 2, 3]) {
        const pool = Buffer.alloc(length + offset + 4, 0x61);
        const view = pool.subarray(offset, offset + length);
        const original = hash(view);
        expect(hash(Buffer.from(view))).toBe(original); // the bytes decide, not where they sit
        for (let i = 0; i < length; i++) {
          view[i] = 0x62;
          expect(hash(view), `length ${length}, offset ${offset}, byte ${i}`).not.toBe(original);
          view[i] = 0x61;
        }
      }
    }
    expect(seededHash(1)(Buffer.from('same'))).not.toBe(seededHash(2)(Buffer.from('same')));
    expect(hash(Buffer.from('ab'))).not.toBe(hash(Buffer.from('abc')));
  });
});
