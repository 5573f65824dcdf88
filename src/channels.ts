/**
 * CXone media types as the gateway's channel names, the same on every source
 * (docs/upstream-reporting.md, "Channels"): by name first, then by id, and
 * anything else as a lower-case snake_case name, so `channel IN [voice]`
 * means one thing whichever source answers.
 */

const BY_NAME: Readonly<Record<string, string>> = {
  'phone call': 'voice',
  phone: 'voice',
  voice: 'voice',
  'e-mail': 'email',
  email: 'email',
  chat: 'chat',
  'voice mail': 'voicemail',
  voicemail: 'voicemail',
  'work item': 'work_item',
  workitem: 'work_item',
  sms: 'sms',
  social: 'social',
  digital: 'digital',
};

/** Ids vary across tenants and versions (public code disagrees on 7–9): only a fallback for a name we do not know. */
const BY_ID: Readonly<Record<string, string>> = { 1: 'email', 3: 'chat', 4: 'voice', 5: 'voicemail', 6: 'work_item', 7: 'sms', 8: 'social', 9: 'digital' };

/** Our channel name for a media type's name and id, as CXone sent them; null when it sent neither. */
export function channelName(name: unknown, id?: unknown): string | null {
  const text = typeof name === 'string' ? name.trim() : '';
  const known = BY_NAME[text.toLowerCase()];
  if (known) return known;
  const byId = id === null || id === undefined ? undefined : BY_ID[String(id).trim()];
  if (byId) return byId;
  if (text === '') return id === null || id === undefined ? null : `media_type_${String(id)}`;
  return (
    text
      .toLowerCase()
      .replace(/[^a-z0-9]+/g, '_')
      .replace(/^_|_$/g, '') || null
  );
}
