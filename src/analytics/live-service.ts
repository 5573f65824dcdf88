/** The three real-time feeds of a tenant, or why there are none (no access key for the Real-Time Data API). */
import type { LiveFeed } from './live-feed.js';
import type { LiveAgent, LiveContact, LiveSkill } from '../upstream/realtime.js';

export interface LiveFeeds {
  skills: LiveFeed<LiveSkill>;
  agents: LiveFeed<LiveAgent>;
  contacts: LiveFeed<LiveContact>;
  intervalMs: number;
  close(): Promise<void>;
}

export type LiveService = { feeds: LiveFeeds } | { unavailable: string };
