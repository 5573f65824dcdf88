/** The wallboard's one operation: the live skills view, pushed by the gateway (graphql-ws). */
import { graphql } from '../__generated__/gql.js';

export const WallboardSubscription = graphql(`
  subscription Wallboard {
    liveSkills {
      asOf
      stale
      warnings
      totals {
        queueCount
        longestWaitSeconds
        agentsAvailable
        agentsWorking
        agentsAcw
        serviceLevel
      }
      skills {
        skillId
        skill
        channel
        queueCount
        longestWaitSeconds
        agentsAvailable
        serviceLevel
        serviceLevelGoal
      }
    }
  }
`);
