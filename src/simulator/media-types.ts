import type { Channel } from './tenant.js';

/** Media types as CXone names them (docs/upstream-reporting.md, "Channels"): id and name of each channel's. */
export const MEDIA_TYPES: Record<Channel, [number, string]> = {
  voice: [4, 'Phone Call'],
  chat: [3, 'Chat'],
  email: [1, 'E-Mail'],
  sms: [7, 'SMS'],
  social: [8, 'Social'],
};
