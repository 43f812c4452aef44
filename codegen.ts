import type { CodegenConfig } from '@graphql-codegen/cli';

const typeConfig = { useTypeImports: true, enumsAsTypes: true, scalars: { DateTime: 'string', LocalDate: 'string' } };

/** Typed documents for the operations the tests and the widgets send, from the committed SDL. */
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
    // Browsers get each operation as a plain string: the graphql-js parser never ships in the bundle.
    'widgets/generated/': {
      documents: ['widgets/**/*.ts', '!widgets/**/*.test.ts', '!widgets/generated/**'],
      preset: 'client',
      presetConfig: { fragmentMasking: false },
      config: { ...typeConfig, documentMode: 'string' },
    },
  },
};

export default config;
