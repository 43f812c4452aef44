import type { ApolloServerPlugin } from '@apollo/server';
import { getNamedType } from 'graphql';
import { getComplexity, simpleEstimator, type ComplexityEstimator } from 'graphql-query-complexity';
import { ApiError } from './errors.js';
import { DEFAULT_PAGE_SIZE } from './connection.js';

/** Enough for a full page of 100 services with their provider, category, areas and locations; not for nesting pages in pages. */
export const MAX_QUERY_COMPLEXITY = 20_000;

/** A paged field costs its children once per item it may return. */
const pagedEstimator: ComplexityEstimator = ({ field, args, childComplexity }) => {
  if (!getNamedType(field.type).name.endsWith('Connection')) return undefined;
  const first = typeof args.first === 'number' && args.first > 0 ? args.first : DEFAULT_PAGE_SIZE;
  return 1 + childComplexity * first;
};

export function complexityLimitPlugin(max = MAX_QUERY_COMPLEXITY): ApolloServerPlugin {
  return {
    async requestDidStart() {
      return {
        async didResolveOperation({ request, document, schema }) {
          const complexity = getComplexity({
            schema,
            query: document,
            operationName: request.operationName,
            variables: request.variables,
            estimators: [pagedEstimator, simpleEstimator({ defaultComplexity: 1 })],
          });
          if (complexity > max) {
            throw new ApiError('QUERY_TOO_COMPLEX', `This query is too large (${complexity} > ${max}); ask for fewer items or fields.`);
          }
        },
      };
    },
  };
}
