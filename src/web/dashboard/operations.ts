/**
 * Every operation the dashboard sends: the same public GraphQL API any
 * client uses, typed by GraphQL Code Generator's client preset
 * (src/web/__generated__, `npm run codegen`).
 */
import { graphql } from '../__generated__/gql.js';

export const CatalogQuery = graphql(`
  query DashboardCatalog {
    catalog {
      timeZone
      source {
        name
        filters
      }
    }
  }
`);

export const TotalsQuery = graphql(`
  query DashboardTotals($query: AnalyticsQueryInput!) {
    analytics(query: $query) {
      totals {
        ...TileFields
      }
      previousTotals {
        ...TileFields
      }
      meta {
        stale
        final
        timeZone
        rangeStart
        rangeEnd
        fetchedAt
      }
    }
  }

  fragment TileFields on AnalyticsRow {
    contactsOffered
    contactsHandled
    abandonRate
    serviceLevel
    handleTime
  }
`);

export const SeriesQuery = graphql(`
  query DashboardSeries($query: AnalyticsQueryInput!) {
    analytics(query: $query) {
      rows {
        time
        channel
        contactsOffered
      }
      meta {
        stale
        final
        fetchedAt
      }
    }
  }
`);

export const TopQuery = graphql(`
  query DashboardTop($query: AnalyticsQueryInput!, $orderBy: [RowOrder!], $top: Int!) {
    analytics(query: $query) {
      rows(orderBy: $orderBy, top: $top, others: true) {
        agent
        skill
        contactsOffered
        contactsHandled
        handleTime
        abandonRate
        serviceLevel
      }
      meta {
        stale
        final
      }
    }
  }
`);

export const OptionsQuery = graphql(`
  query DashboardOptions($channels: AnalyticsQueryInput!, $skills: AnalyticsQueryInput!) {
    channels: analytics(query: $channels) {
      rows {
        channel
      }
    }
    skills: analytics(query: $skills) {
      rows {
        skill
      }
    }
  }
`);
