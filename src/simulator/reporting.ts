/**
 * The real side of the simulator (docs/upstream-reporting.md): OpenID
 * discovery, the password grant with an access key (a JWT carrying
 * `tenantId`), `cxone-configuration`, `skills/summary` and
 * `agents/performance`, built from the same synthetic contacts as the
 * summary-query answers.
 */
import { isoDuration } from '../upstream/duration.js';
import { group, type Parts } from './aggregate.js';
import type { Tenant } from './tenant.js';

export const TENANT_ID = '11ee0000-cafe-4bad-9e11-000000000042';
export const BUSINESS_UNIT = 4600001;

export function jwt(payload: Record<string, unknown>): string {
  const part = (o: object) => Buffer.from(JSON.stringify(o)).toString('base64url');
  return `${part({ alg: 'none', typ: 'JWT' })}.${part(payload)}.sim`;
}

const MEDIA_TYPE_IDS: Record<string, number> = { voice: 4, chat: 3, email: 1, sms: 9, social: 8 };

function seconds(parts: Parts, sum: number, per: number) {
  return isoDuration(per === 0 ? 0 : sum / per);
}

/** One row per skill and campaign in [start, end); empty when nothing happened. */
export function skillSummaries(tenant: Tenant, start: number, end: number): Record<string, unknown>[] {
  return group(tenant.contacts(start, end), ['skill', 'channel', 'campaign']).map((g, i) => {
    const p = g.parts;
    return {
      businessUnitId: BUSINESS_UNIT,
      skillId: 1200 + i,
      skillName: g.key.skill,
      mediaTypeId: MEDIA_TYPE_IDS[g.key.channel ?? ''] ?? 0,
      mediaTypeName: g.key.channel,
      isOutbound: false,
      campaignName: g.key.campaign,
      contactsOffered: p.offered,
      contactsHandled: p.handled,
      abandonCount: p.abandoned,
      abandonRate: p.offered === 0 ? 0 : Math.round((p.abandoned * 10_000) / p.offered) / 100,
      averageHandleTime: seconds(p, p.handleSum, p.handled),
      averageTalkTime: seconds(p, p.talkSum, p.handled),
      averageWrapTime: seconds(p, p.wrapSum, p.handled),
      averageInqueueTime: seconds(p, p.queueSum, p.offered),
      holdTime: isoDuration(p.holdSum),
      contactsWithinSLA: p.withinSla,
      // Every offered contact is within or out of SLA; an abandoned one is out.
      contactsOutOfSLA: p.offered - p.withinSla,
      serviceLevel: p.offered === 0 ? 0 : Math.round((p.withinSla * 100) / p.offered),
      totalContactTime: isoDuration(p.handleSum),
    };
  });
}

export function agentPerformance(tenant: Tenant, start: number, end: number): Record<string, unknown>[] {
  return group(tenant.contacts(start, end).filter((c) => c.agent !== null), ['agent']).map((g) => {
    const p = g.parts;
    return {
      agentId: 81000 + Number(String(g.key.agent).slice(-3)),
      // Not in NICE's contract (it has agentId only): lets the simulator's two sources name agents alike.
      agentName: g.key.agent,
      teamId: 12,
      agentOffered: p.offered,
      totalHandled: p.handled,
      totalAvgHandleTime: seconds(p, p.handleSum, p.handled),
      totalAvgTalkTime: seconds(p, p.talkSum, p.handled),
      acwTime: isoDuration(p.wrapSum),
      refused: 0,
    };
  });
}
