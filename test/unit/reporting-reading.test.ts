/**
 * How CXone's answers are read: channel names from media types, the API
 * base from cxone-configuration, the token endpoint's client authentication
 * from discovery, and Reporting API rows in every form CXone sends them.
 */
import { describe, expect, it } from 'vitest';
import { channelName } from '../../src/channels.js';
import { advertisedMethod, apiBaseOf } from '../../src/upstream/access-key.js';
import { agentRow, combine, FieldReader, metric, skillRow } from '../../src/upstream/reporting-rows.js';

describe('channelName', () => {
  it.each([
    ['Phone Call', 4, 'voice'],
    ['phone call', undefined, 'voice'],
    ['E-Mail', 1, 'email'],
    ['Email', undefined, 'email'],
    ['Chat', 3, 'chat'],
    ['Voice Mail', 5, 'voicemail'],
    ['Work Item', 6, 'work_item'],
    ['SMS', 9, 'sms'], // the name wins over an id that means another type elsewhere
    ['Social', 8, 'social'],
    ['Digital', 9, 'digital'],
    ['voice', undefined, 'voice'], // the summary query's own names pass through
    ['', 4, 'voice'],
    [undefined, 7, 'sms'],
    ['Video Call', 42, 'video_call'],
    [' WhatsApp Business ', undefined, 'whatsapp_business'],
    [undefined, 42, 'media_type_42'],
    [null, null, null],
  ])('%j (id %j) → %j', (name, id, channel) => expect(channelName(name, id)).toBe(channel));
});

describe('apiBaseOf', () => {
  it('takes api_endpoint, else builds https://api-{area}.{domain}, else says what to set', () => {
    expect(apiBaseOf({ api_endpoint: 'https://api-na1.niceincontact.com/', area: 'na1' })).toBe('https://api-na1.niceincontact.com');
    expect(apiBaseOf({ area: 'au1', domain: 'niceincontact.com' })).toBe('https://api-au1.niceincontact.com');
    expect(() => apiBaseOf({ area: 'na1/../evil', domain: 'x.com' })).toThrow(/no api_endpoint, nor an area and domain to build it from; set CXONE_API_BASE/);
    expect(() => apiBaseOf({})).toThrow(/UPSTREAM|CXONE_API_BASE/);
  });
});

describe('advertisedMethod', () => {
  it.each([
    [['client_secret_basic', 'client_secret_post'], 'basic'],
    [['client_secret_post'], 'post'],
    [['client_secret_basic'], 'basic'],
    [undefined, 'basic'], // OpenID's default when discovery says nothing
    [['private_key_jwt'], 'basic'],
  ])('%j → %s', (supported, method) => expect(advertisedMethod(supported)).toBe(method));
});

describe('Reporting API rows', () => {
  const typed = {
    skillName: 'billing',
    mediaTypeId: 4,
    mediaTypeName: 'Phone Call',
    isOutbound: false,
    campaignName: 'spring',
    contactsOffered: 100,
    contactsHandled: 90,
    abandonCount: 10,
    contactsWithinSLA: 70,
    contactsOutOfSLA: 25,
    averageHandleTime: 'PT5M',
    averageTalkTime: 'PT4M',
    averageWrapTime: 'PT30S',
    averageInqueueTime: 'PT20S',
    holdTime: 'PT15M',
  };
  const legacy = {
    SkillName: 'billing',
    MediaTypeID: '4',
    MediaTypeName: 'Phone Call',
    IsOutbound: 'False',
    CampaignName: 'spring',
    ContactsOffered: '100',
    ContactsHandled: '90',
    AbandonCount: '10',
    ContactsWithinSla: '70',
    ContactsOutOfSla: '25',
    AverageHandleTime: '300',
    AverageTalkTime: '240',
    AverageWrapTime: '00:00:30',
    AverageInqueueTime: '20',
    HoldTime: '900',
  };
  const all = (row: Record<string, unknown>) => {
    const read = new FieldReader();
    const r = skillRow(row, read);
    const metrics = [
      'handle_time',
      'talk_time',
      'hold_time',
      'queue_time',
      'wrap_time',
      'abandon_rate',
      'service_level',
      'contacts_offered',
      'inbound_offered',
      'sla_contacts',
    ];
    return { values: r.values, metrics: metrics.map((m) => metric(r.parts, m)), warnings: read.warnings('skills/summary') };
  };

  it('reads the typed and the all-strings, other-case forms alike', () => {
    const a = all(typed);
    expect(a).toEqual(all(legacy));
    expect(a.values).toEqual({ skill: 'billing', queue: 'billing', channel: 'voice', campaign: 'spring', direction: 'inbound' });
    expect(a.metrics).toEqual([300, 240, 10, 20, 30, 10, (70 * 100) / 95, 100, 100, 95]);
    expect(a.warnings).toEqual([]);
  });

  it('service level with nothing within or out of the threshold is null, not 0; a rate over no inbound contact too', () => {
    expect(all({ ...typed, contactsWithinSLA: 0, contactsOutOfSLA: 0 }).metrics[6]).toBeNull();
    const outbound = all({ ...typed, isOutbound: true });
    expect(outbound.values.direction).toBe('outbound');
    // Dials count as offered and handled; no queue, abandon rate or service level of their own.
    expect(outbound.metrics).toEqual([300, 240, 10, null, 30, null, null, 100, 0, 0]);
  });

  it('an unreadable count is null with a warning, never 0, and what is built from it is null', () => {
    const r = all({ ...typed, contactsHandled: 'n/a' });
    expect(r.metrics.slice(0, 3)).toEqual([null, null, null]);
    expect(r.warnings).toEqual(['1 contactsHandled value from CXone skills/summary could not be read (for example "n/a"); answered as null']);
  });

  it('combining rows sums parts; an inbound and an outbound skill give inbound-only rates', () => {
    const read = new FieldReader();
    const p = combine(skillRow(typed, read).parts, skillRow({ ...typed, isOutbound: 'True', contactsOffered: 300, contactsHandled: 200 }, read).parts);
    expect(metric(p, 'contacts_offered')).toBe(400);
    expect(metric(p, 'abandon_rate')).toBe(10); // 10 of the 100 inbound, not of 400
    expect(metric(p, 'queue_time')).toBe(20);
    expect(metric(p, 'handle_time')).toBe(300);
  });

  it('agent rows carry the id as text and no inbound parts', () => {
    const read = new FieldReader();
    const r = agentRow({ AgentID: 81001, agentOffered: '12', totalHandled: 10, totalAvgHandleTime: 'PT6M', totalAvgTalkTime: 'PT5M', acwTime: 'PT10M' }, read);
    expect(r.agentId).toBe('81001');
    expect([metric(r.parts, 'handle_time'), metric(r.parts, 'wrap_time'), metric(r.parts, 'service_level'), metric(r.parts, 'contacts_offered')]).toEqual([
      360,
      60,
      null,
      12,
    ]);
  });
});
