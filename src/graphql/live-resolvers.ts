/** Query.live and the live subscriptions: the feeds' snapshots, filtered and shaped (analytics/live-views.ts). */
import type { GraphQLResolveInfo } from 'graphql';
import { ErrorCode, GatewayError } from '../errors.js';
import type { LiveFeeds } from '../analytics/live-service.js';
import type { LiveSnapshot } from '../analytics/live-feed.js';
import { liveUpdates } from '../analytics/live-updates.js';
import {
  agentViews,
  checkLiveFilter,
  contactViews,
  filterAgents,
  filterContacts,
  filterSkills,
  skillTotals,
  skillViews,
  type LiveFilter,
} from '../analytics/live-views.js';
import type { GraphQLContext } from './context.js';
import { argumentOf, selectedFields } from './selection.js';
import type { LiveAgent, LiveContact, LiveSkill } from '../upstream/realtime.js';

function feedsOf(ctx: GraphQLContext): LiveFeeds {
  const live = ctx.services.live;
  if ('unavailable' in live) throw new GatewayError(ErrorCode.BAD_USER_INPUT, live.unavailable);
  return live.feeds;
}

const asDate = (t: number | null) => (t === null ? null : new Date(t));

/** Query.live's parent: the snapshots the selection needs, taken once for the whole query. */
export interface LiveParent {
  skills?: LiveSnapshot<LiveSkill>;
  agents?: LiveSnapshot<LiveAgent>;
  contacts?: LiveSnapshot<LiveContact>;
}

const used = (p: LiveParent) => [p.skills, p.agents, p.contacts].filter((s): s is NonNullable<typeof s> => s !== undefined);

export const liveResolvers = {
  Query: {
    live: async (_: unknown, __: unknown, ctx: GraphQLContext, info: GraphQLResolveInfo): Promise<LiveParent> => {
      const feeds = feedsOf(ctx);
      // Now is never the same twice: no response bytes are kept for the warm path.
      ctx.cacheability.ok = false;
      const selected = selectedFields(info);
      // Every filter is checked before any feed is asked: a bad one polls nothing.
      for (const f of selected) {
        const kind =
          f.name.value === 'skills' || f.name.value === 'totals' ? 'skills' : f.name.value === 'agents' || f.name.value === 'contacts' ? 'agents' : null;
        if (kind) checkLiveFilter(argumentOf(f, 'filter', info) as LiveFilter | undefined, kind);
      }
      const wants = (...names: string[]) => selected.some((f) => names.includes(f.name.value));
      const wantsSkills = wants('skills', 'totals');
      const wantsContacts = wants('contacts');
      // Contacts filtered by team need the agents' teams; otherwise the agents feed is not asked (nor polled,
      // nor does its older snapshot pull asOf back).
      const teamsOfAgents = selected.some((f) => f.name.value === 'contacts' && (argumentOf(f, 'filter', info) as LiveFilter | undefined)?.teams);
      const wantsAgents = wants('agents') || Boolean(teamsOfAgents);
      const [skills, agents, contacts] = await Promise.all([
        wantsSkills || (!wantsAgents && !wantsContacts) ? feeds.skills.current() : undefined,
        wantsAgents ? feeds.agents.current() : undefined,
        wantsContacts ? feeds.contacts.current() : undefined,
      ]);
      return { skills, agents, contacts };
    },
  },
  Live: {
    // The oldest of the snapshots the answer uses.
    asOf: (p: LiveParent) => {
      const oldest = Math.min(...used(p).map((s) => s.asOf ?? Infinity));
      return asDate(Number.isFinite(oldest) ? oldest : null);
    },
    stale: (p: LiveParent) => used(p).some((s) => s.stale),
    warnings: (p: LiveParent) => [...new Set(used(p).flatMap((s) => s.warnings))],
    skills: (p: LiveParent, { filter }: { filter?: LiveFilter | null }) =>
      skillViews(filterSkills(p.skills!.records, checkLiveFilter(filter, 'skills')), p.skills!.asOf),
    totals: (p: LiveParent, { filter }: { filter?: LiveFilter | null }) =>
      skillTotals(skillViews(filterSkills(p.skills!.records, checkLiveFilter(filter, 'skills')), p.skills!.asOf)),
    agents: (p: LiveParent, { filter }: { filter?: LiveFilter | null }) =>
      agentViews(filterAgents(p.agents!.records, checkLiveFilter(filter, 'agents')), p.agents!.asOf),
    contacts: (p: LiveParent, { filter }: { filter?: LiveFilter | null }) => {
      const teams = new Map((p.agents?.records ?? []).map((a) => [a.id, a.team]));
      return contactViews(filterContacts(p.contacts!.records, checkLiveFilter(filter, 'agents'), (id) => teams.get(id) ?? null));
    },
  },
  Subscription: {
    liveSkills: {
      subscribe: (_: unknown, { filter }: { filter?: LiveFilter | null }, ctx: GraphQLContext) => {
        const f = checkLiveFilter(filter, 'skills');
        const feed = feedsOf(ctx).skills;
        return subscription(ctx, 'skills', feed, f, (s) => {
          const mine = filterSkills(s.records, f);
          const views = skillViews(mine, s.asOf);
          return {
            key: JSON.stringify([s.stale, mine]),
            payload: { asOf: asDate(s.asOf), stale: s.stale, warnings: s.warnings, skills: views, totals: skillTotals(views) },
          };
        });
      },
      resolve: (payload: unknown) => payload,
    },
    liveAgents: {
      subscribe: (_: unknown, { filter }: { filter?: LiveFilter | null }, ctx: GraphQLContext) => {
        const f = checkLiveFilter(filter, 'agents');
        const feed = feedsOf(ctx).agents;
        return subscription(ctx, 'agents', feed, f, (s) => {
          const mine = filterAgents(s.records, f);
          return {
            key: JSON.stringify([s.stale, mine]),
            payload: { asOf: asDate(s.asOf), stale: s.stale, warnings: s.warnings, agents: agentViews(mine, s.asOf) },
          };
        });
      },
      resolve: (payload: unknown) => payload,
    },
  },
};

/** Views already made for a snapshot, by filter: a thousand screens with the same filter share one. */
const viewsBySnapshot = new WeakMap<object, Map<string, unknown>>();

function subscription<R, P>(
  ctx: GraphQLContext,
  name: string,
  feed: Parameters<typeof liveUpdates<R, P>>[0],
  filter: LiveFilter,
  make: Parameters<typeof liveUpdates<R, P>>[1],
) {
  const filterKey = JSON.stringify([name, filter.skills ?? null, filter.channels ?? null, filter.teams ?? null]);
  const view: typeof make = (s) => {
    let views = viewsBySnapshot.get(s);
    if (!views) viewsBySnapshot.set(s, (views = new Map()));
    let v = views.get(filterKey) as ReturnType<typeof make> | undefined;
    if (!v) views.set(filterKey, (v = make(s)));
    return v;
  };
  const { metrics } = ctx.services;
  const gauge = metrics.liveSubscribers.labels({ feed: name });
  const dropped = metrics.liveDropped.labels({ feed: name });
  gauge.inc();
  return liveUpdates(feed, view, { dropped: () => dropped.inc(), closed: () => gauge.dec() });
}
