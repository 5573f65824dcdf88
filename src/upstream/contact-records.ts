/**
 * Completed contacts as CXone sends them (docs/upstream-contacts.md), read
 * into what the aggregation needs: field names in any case and of both key
 * generations (v33 `contactStartDate`, `mediaTypeId`, `acwSeconds`; v23
 * `contactStart`, `mediaType`, `ACWSeconds`), values as numbers, numeric
 * strings or durations. A contact without an id or a start fails the page;
 * an unreadable number is null and counted for a warning, never 0.
 */
import { channelName } from '../channels.js';
import { ErrorCode, GatewayError } from '../errors.js';
import { toNumber } from '../kpi.js';
import { durationSeconds } from './duration.js';
import { fieldsOf, text, type Fields } from './reporting-rows.js';
import { Unreadable } from '../transform.js';

export interface ContactRecord {
  contactId: number;
  masterContactId: number;
  /** Epoch ms. */
  start: number;
  /** Epoch ms; the start when CXone sent none. */
  lastUpdate: number;
  channel: string | null;
  skill: string | null;
  campaign: string | null;
  team: string | null;
  /** "First Last" as the contact carries it. */
  agent: string | null;
  agentId: string | null;
  outbound: boolean;
  abandoned: boolean;
  refused: boolean;
  queue: number | null;
  talk: number | null;
  hold: number | null;
  wrap: number | null;
}

/** Every field the aggregation reads, in both generations: the `fields` list asked for. */
export const CONTACT_FIELDS = [
  'contactId',
  'masterContactId',
  'contactStartDate',
  'contactStart',
  'lastUpdateTime',
  'mediaTypeId',
  'mediaType',
  'mediaTypeName',
  'isOutbound',
  'skillName',
  'campaignName',
  'teamName',
  'agentId',
  'firstName',
  'lastName',
  'abandoned',
  'isRefused',
  'inQueueSeconds',
  'agentSeconds',
  'holdSeconds',
  'acwSeconds',
  'ACWSeconds',
];

/** Field names as CXone spells them, for warnings (fields are looked up lower-cased: any case matches). */
const SHOWN: Readonly<Record<string, string>> = {
  inqueueseconds: 'inQueueSeconds',
  agentseconds: 'agentSeconds',
  holdseconds: 'holdSeconds',
  acwseconds: 'acwSeconds',
  isoutbound: 'isOutbound',
  isrefused: 'isRefused',
};

/** The first of the fields (lower-cased names) that has a value. */
function first(f: Fields, ...names: string[]): unknown {
  for (const n of names) {
    const v = f.get(n);
    if (v !== undefined && v !== null && v !== '') return v;
  }
  return null;
}

function flag(v: unknown): boolean | null {
  const s = typeof v === 'string' ? v.trim().toLowerCase() : v;
  if (s === true || s === 'true' || s === 1 || s === '1') return true;
  if (s === false || s === 'false' || s === 0 || s === '0' || s === null) return false;
  return null;
}

/** Reads contacts, tallying what it could not read. */
export class ContactReader {
  readonly unreadable = new Unreadable();

  read(raw: Record<string, unknown>): ContactRecord {
    const f = fieldsOf(raw);
    const contactId = toNumber(first(f, 'contactid'));
    const startText = first(f, 'contactstartdate', 'contactstart');
    const start = typeof startText === 'string' ? Date.parse(startText) : NaN;
    if (contactId === null || !Number.isFinite(start)) {
      throw new GatewayError(
        ErrorCode.UPSTREAM_BAD_RESPONSE,
        `CXone contacts/completed answered a contact without a readable ${contactId === null ? 'contactId' : 'contactStartDate'} (${JSON.stringify(contactId === null ? first(f, 'contactid') : startText)}); nothing was kept`,
      );
    }
    const update = first(f, 'lastupdatetime');
    const lastUpdate = typeof update === 'string' && Number.isFinite(Date.parse(update)) ? Date.parse(update) : start;
    const firstName = text(first(f, 'firstname'));
    const lastName = text(first(f, 'lastname'));
    const agentId = text(first(f, 'agentid'));
    return {
      contactId,
      masterContactId: toNumber(first(f, 'mastercontactid')) ?? contactId,
      start,
      lastUpdate,
      channel: channelName(first(f, 'mediatypename'), first(f, 'mediatypeid', 'mediatype')),
      skill: text(first(f, 'skillname')),
      campaign: text(first(f, 'campaignname')),
      team: text(first(f, 'teamname')),
      agent: firstName || lastName ? [firstName, lastName].filter(Boolean).join(' ') : agentId,
      agentId: agentId === '0' ? null : agentId,
      outbound: this.flag(f, 'isoutbound'),
      abandoned: this.flag(f, 'abandoned'),
      refused: this.flag(f, 'isrefused'),
      queue: this.seconds(f, 'inqueueseconds'),
      talk: this.seconds(f, 'agentseconds'),
      hold: this.seconds(f, 'holdseconds'),
      wrap: this.seconds(f, 'acwseconds'),
    };
  }

  private seconds(f: Fields, ...names: string[]): number | null {
    const v = first(f, ...names);
    if (v === null) return 0; // absent: nothing of it happened
    const s = durationSeconds(v);
    if (s === null) this.unreadable.note(SHOWN[names[0]!] ?? names[0]!, v);
    return s;
  }

  private flag(f: Fields, name: string): boolean {
    const v = first(f, name);
    const b = flag(v);
    if (b === null) this.unreadable.note(SHOWN[name] ?? name, v);
    return b ?? false;
  }

  warnings(): string[] {
    return this.unreadable.warnings('CXone contacts/completed', (field) =>
      ['isOutbound', 'abandoned', 'isRefused'].includes(field) ? 'read as false' : 'answered as null',
    );
  }
}
