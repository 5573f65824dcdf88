/** A day of contacts in columns: built, merged by id, and through bytes and back unchanged. */
import { describe, expect, it } from 'vitest';
import { buildDay, decodeDay, encodeDay, recordsOf } from '../../src/upstream/contact-columns.js';
import type { ContactRecord } from '../../src/upstream/contact-records.js';

const DAY = Date.parse('2026-11-02T00:00:00Z');
function contact(i: number, patch: Partial<ContactRecord> = {}): ContactRecord {
  return {
    contactId: 587_712_000_000 + i,
    masterContactId: 587_712_000_000 + (i % 7 === 0 ? i - 1 : i),
    start: DAY + i * 1000,
    lastUpdate: DAY + i * 1000 + 300_000,
    channel: ['voice', 'chat'][i % 2]!,
    skill: `skill-${i % 30}`,
    campaign: i % 3 === 0 ? null : 'spring',
    team: `team-${i % 4}`,
    agent: i % 5 === 0 ? null : `Agent ${i % 300}`,
    agentId: i % 5 === 0 ? null : String(81000 + (i % 300)),
    outbound: i % 9 === 0,
    abandoned: i % 11 === 0,
    refused: false,
    queue: (i % 90) + 0.5,
    talk: i % 5 === 0 ? 0 : 100 + (i % 50),
    hold: i % 13 === 0 ? null : 12.3,
    wrap: 30,
    ...patch,
  };
}

describe('contact columns', () => {
  const records = Array.from({ length: 2000 }, (_, i) => contact(i));

  it('round-trips through bytes unchanged, about 40 bytes a contact', () => {
    const day = buildDay('2026-11-02', records, ['a warning']);
    const bytes = encodeDay(day);
    const back = decodeDay(bytes)!;
    expect(recordsOf(back)).toEqual(recordsOf(day));
    expect(back.warnings).toEqual(['a warning']);
    expect(recordsOf(back)).toEqual(records.map((r) => ({ ...r, lastUpdate: r.lastUpdate })));
    expect(bytes.length / records.length).toBeLessThanOrEqual(42);
  });

  it('merges by contact id: the newest lastUpdateTime wins, and contacts stay in start order', () => {
    const late = contact(5, { wrap: 95, lastUpdate: DAY + 86_400_000 + 3_600_000 });
    const day = buildDay('2026-11-02', [...records, late, contact(6, { wrap: 1, lastUpdate: DAY })], []);
    const back = recordsOf(day);
    expect(back).toHaveLength(2000);
    expect(back.find((r) => r.contactId === late.contactId)!.wrap).toBe(95);
    expect(back.find((r) => r.contactId === contact(6).contactId)!.wrap).toBe(30);
    expect(back.map((r) => r.start)).toEqual([...back.map((r) => r.start)].sort((a, b) => a - b));
  });

  it('bytes that are not a day decode to undefined', () => {
    expect(decodeDay(Buffer.from('nonsense'))).toBeUndefined();
  });
});
