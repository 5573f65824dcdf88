import type { CodegenConfig } from '@graphql-codegen/cli';

const config: CodegenConfig = {
  schema: 'schema.graphql',
  generates: {
    'src/graphql/__generated__/resolvers.ts': {
      plugins: ['typescript', 'typescript-resolvers'],
      config: {
        useTypeImports: true,
        useIndexSignature: false,
        enumsAsTypes: true,
        contextType: '../context.js#GraphQLContext',
        mappers: {
          AnalyticsResult: '../context.js#AnalyticsParent',
          AnalyticsRow: '../../transform.js#Row',
          CatalogMetric: '../../catalog.js#MetricDef',
          CatalogDimension: '../../catalog.js#DimensionDef',
          CatalogKpi: '../../kpi.js#KpiDef',
        },
        scalars: { DateTime: 'Date | string', LocalDate: 'string' },
      },
    },
    // A client's view: the README's Clients section shows this scalars mapping.
    'examples/typed-client/__generated__/operations.ts': {
      documents: 'examples/typed-client/*.graphql',
      plugins: ['typescript', 'typescript-operations', 'typed-document-node'],
      config: { useTypeImports: true, enumsAsTypes: true, scalars: { DateTime: 'string', LocalDate: 'string' } },
    },
    // The dashboard's operations (src/web): the client preset's graphql() with
    // documents as plain strings, sent as they are over GET.
    'src/web/__generated__/': {
      documents: ['src/web/**/*.{ts,tsx}', '!src/web/__generated__/**'],
      preset: 'client',
      presetConfig: { fragmentMasking: false },
      config: { documentMode: 'string', useTypeImports: true, enumsAsTypes: true, scalars: { DateTime: 'string', LocalDate: 'string' } },
    },
  },
};

export default config;
