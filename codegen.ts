import type { CodegenConfig } from '@graphql-codegen/cli';

const typeConfig = { useTypeImports: true, enumsAsTypes: true, scalars: { DateTime: 'string', LocalDate: 'string' } };

/** Typed documents for the operations the tests, the widgets and the partner example send, from the committed SDL. */
const config: CodegenConfig = {
  schema: 'schema/schema.graphql',
  ignoreNoDocuments: true,
  emitLegacyCommonJSImports: false,
  generates: {
    'test/generated/': {
      documents: ['test/**/*.ts', 'api/**/*.test.ts', 'widgets/**/*.test.ts', '!test/generated/**'],
      preset: 'client',
      presetConfig: { fragmentMasking: false },
      config: typeConfig,
    },
    // Each widget's operations are in its own .graphql file; browsers get each as one plain string, imported
    // by name (no lookup table of every document), and the graphql-js parser never ships in the bundle.
    'widgets/generated/': {
      documents: ['widgets/**/*.graphql'],
      preset: 'client',
      presetConfig: { fragmentMasking: false, persistedDocuments: { mode: 'embedHashInDocument', hashAlgorithm: 'sha256' } },
      config: { ...typeConfig, documentMode: 'string' },
    },
    // The partner example is a charity's own program: typed documents the usual way, for graphql-request.
    'examples/partner-charity/generated/': {
      documents: ['examples/partner-charity/**/*.ts', '!examples/partner-charity/generated/**'],
      preset: 'client',
      presetConfig: { fragmentMasking: false },
      config: typeConfig,
    },
  },
};

export default config;
