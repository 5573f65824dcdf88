import type { CodegenConfig } from '@graphql-codegen/cli';

const config: CodegenConfig = {
  schema: 'schema.graphql',
  generates: {
    'src/__generated__/graphql.ts': {
      plugins: ['typescript', 'typescript-resolvers'],
      config: {
        useTypeImports: true,
        useIndexSignature: false,
        enumsAsTypes: true,
        contextType: '../graphql/context.js#GraphQLContext',
        mappers: {
          AnalyticsResult: '../graphql/context.js#AnalyticsParent',
          AnalyticsRow: '../transform.js#Row',
          CatalogMetric: '../catalog.js#MetricDef',
          CatalogDimension: '../catalog.js#DimensionDef',
          CatalogKpi: '../kpi.js#KpiDef',
        },
        scalars: { DateTime: 'Date | string', LocalDate: 'string' },
      },
    },
  },
};

export default config;
