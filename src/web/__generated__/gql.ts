/* eslint-disable */
import * as types from './graphql';



/**
 * Map of all GraphQL operations in the project.
 *
 * This map has several performance disadvantages:
 * 1. It is not tree-shakeable, so it will include all operations in the project.
 * 2. It is not minifiable, so the string of a GraphQL query will be multiple times inside the bundle.
 * 3. It does not support dead code elimination, so it will add unused operations.
 *
 * Therefore it is highly recommended to use the babel or swc plugin for production.
 * Learn more about it here: https://the-guild.dev/graphql/codegen/plugins/presets/preset-client#reducing-bundle-size
 */
type Documents = {
    "\n  query DashboardCatalog {\n    catalog {\n      timeZone\n      source {\n        name\n        filters\n      }\n    }\n  }\n": typeof types.DashboardCatalogDocument,
    "\n  query DashboardTotals($query: AnalyticsQueryInput!) {\n    analytics(query: $query) {\n      totals {\n        ...TileFields\n      }\n      previousTotals {\n        ...TileFields\n      }\n      meta {\n        stale\n        final\n        timeZone\n        rangeStart\n        rangeEnd\n        fetchedAt\n      }\n    }\n  }\n\n  fragment TileFields on AnalyticsRow {\n    contactsOffered\n    contactsHandled\n    abandonRate\n    serviceLevel\n    handleTime\n  }\n": typeof types.DashboardTotalsDocument,
    "\n  query DashboardSeries($query: AnalyticsQueryInput!) {\n    analytics(query: $query) {\n      rows {\n        time\n        channel\n        contactsOffered\n      }\n      meta {\n        stale\n        final\n        fetchedAt\n      }\n    }\n  }\n": typeof types.DashboardSeriesDocument,
    "\n  query DashboardTop($query: AnalyticsQueryInput!, $orderBy: [RowOrder!], $top: Int!) {\n    analytics(query: $query) {\n      rows(orderBy: $orderBy, top: $top, others: true) {\n        agent\n        skill\n        contactsOffered\n        contactsHandled\n        handleTime\n        abandonRate\n        serviceLevel\n      }\n      meta {\n        stale\n        final\n      }\n    }\n  }\n": typeof types.DashboardTopDocument,
    "\n  query DashboardOptions($channels: AnalyticsQueryInput!, $skills: AnalyticsQueryInput!) {\n    channels: analytics(query: $channels) {\n      rows {\n        channel\n      }\n    }\n    skills: analytics(query: $skills) {\n      rows {\n        skill\n      }\n    }\n  }\n": typeof types.DashboardOptionsDocument,
    "\n  subscription Wallboard {\n    liveSkills {\n      asOf\n      stale\n      warnings\n      totals {\n        queueCount\n        longestWaitSeconds\n        agentsAvailable\n        agentsWorking\n        agentsAcw\n        serviceLevel\n      }\n      skills {\n        skillId\n        skill\n        channel\n        queueCount\n        longestWaitSeconds\n        agentsAvailable\n        serviceLevel\n        serviceLevelGoal\n      }\n    }\n  }\n": typeof types.WallboardDocument,
};
const documents: Documents = {
    "\n  query DashboardCatalog {\n    catalog {\n      timeZone\n      source {\n        name\n        filters\n      }\n    }\n  }\n": types.DashboardCatalogDocument,
    "\n  query DashboardTotals($query: AnalyticsQueryInput!) {\n    analytics(query: $query) {\n      totals {\n        ...TileFields\n      }\n      previousTotals {\n        ...TileFields\n      }\n      meta {\n        stale\n        final\n        timeZone\n        rangeStart\n        rangeEnd\n        fetchedAt\n      }\n    }\n  }\n\n  fragment TileFields on AnalyticsRow {\n    contactsOffered\n    contactsHandled\n    abandonRate\n    serviceLevel\n    handleTime\n  }\n": types.DashboardTotalsDocument,
    "\n  query DashboardSeries($query: AnalyticsQueryInput!) {\n    analytics(query: $query) {\n      rows {\n        time\n        channel\n        contactsOffered\n      }\n      meta {\n        stale\n        final\n        fetchedAt\n      }\n    }\n  }\n": types.DashboardSeriesDocument,
    "\n  query DashboardTop($query: AnalyticsQueryInput!, $orderBy: [RowOrder!], $top: Int!) {\n    analytics(query: $query) {\n      rows(orderBy: $orderBy, top: $top, others: true) {\n        agent\n        skill\n        contactsOffered\n        contactsHandled\n        handleTime\n        abandonRate\n        serviceLevel\n      }\n      meta {\n        stale\n        final\n      }\n    }\n  }\n": types.DashboardTopDocument,
    "\n  query DashboardOptions($channels: AnalyticsQueryInput!, $skills: AnalyticsQueryInput!) {\n    channels: analytics(query: $channels) {\n      rows {\n        channel\n      }\n    }\n    skills: analytics(query: $skills) {\n      rows {\n        skill\n      }\n    }\n  }\n": types.DashboardOptionsDocument,
    "\n  subscription Wallboard {\n    liveSkills {\n      asOf\n      stale\n      warnings\n      totals {\n        queueCount\n        longestWaitSeconds\n        agentsAvailable\n        agentsWorking\n        agentsAcw\n        serviceLevel\n      }\n      skills {\n        skillId\n        skill\n        channel\n        queueCount\n        longestWaitSeconds\n        agentsAvailable\n        serviceLevel\n        serviceLevelGoal\n      }\n    }\n  }\n": types.WallboardDocument,
};

/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query DashboardCatalog {\n    catalog {\n      timeZone\n      source {\n        name\n        filters\n      }\n    }\n  }\n"): typeof import('./graphql').DashboardCatalogDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query DashboardTotals($query: AnalyticsQueryInput!) {\n    analytics(query: $query) {\n      totals {\n        ...TileFields\n      }\n      previousTotals {\n        ...TileFields\n      }\n      meta {\n        stale\n        final\n        timeZone\n        rangeStart\n        rangeEnd\n        fetchedAt\n      }\n    }\n  }\n\n  fragment TileFields on AnalyticsRow {\n    contactsOffered\n    contactsHandled\n    abandonRate\n    serviceLevel\n    handleTime\n  }\n"): typeof import('./graphql').DashboardTotalsDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query DashboardSeries($query: AnalyticsQueryInput!) {\n    analytics(query: $query) {\n      rows {\n        time\n        channel\n        contactsOffered\n      }\n      meta {\n        stale\n        final\n        fetchedAt\n      }\n    }\n  }\n"): typeof import('./graphql').DashboardSeriesDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query DashboardTop($query: AnalyticsQueryInput!, $orderBy: [RowOrder!], $top: Int!) {\n    analytics(query: $query) {\n      rows(orderBy: $orderBy, top: $top, others: true) {\n        agent\n        skill\n        contactsOffered\n        contactsHandled\n        handleTime\n        abandonRate\n        serviceLevel\n      }\n      meta {\n        stale\n        final\n      }\n    }\n  }\n"): typeof import('./graphql').DashboardTopDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query DashboardOptions($channels: AnalyticsQueryInput!, $skills: AnalyticsQueryInput!) {\n    channels: analytics(query: $channels) {\n      rows {\n        channel\n      }\n    }\n    skills: analytics(query: $skills) {\n      rows {\n        skill\n      }\n    }\n  }\n"): typeof import('./graphql').DashboardOptionsDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  subscription Wallboard {\n    liveSkills {\n      asOf\n      stale\n      warnings\n      totals {\n        queueCount\n        longestWaitSeconds\n        agentsAvailable\n        agentsWorking\n        agentsAcw\n        serviceLevel\n      }\n      skills {\n        skillId\n        skill\n        channel\n        queueCount\n        longestWaitSeconds\n        agentsAvailable\n        serviceLevel\n        serviceLevelGoal\n      }\n    }\n  }\n"): typeof import('./graphql').WallboardDocument;


export function graphql(source: string) {
  return (documents as any)[source] ?? {};
}
