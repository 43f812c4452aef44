import type { ApolloServerPlugin } from '@apollo/server';
import { getNamedType, getNullableType, GraphQLError, isListType } from 'graphql';
import { getComplexity, simpleEstimator, type ComplexityEstimator } from 'graphql-query-complexity';
import { DEFAULT_PAGE_SIZE } from '../common/connection.js';
import { InputException, InputExceptionCode } from '../common/exceptions.js';
import { refusal } from './errors.js';

/**
 * Enough for a full page of 100 services with their provider, category, areas and opening times; not
 * for lists nested in lists (a consortium's members' services' providers' services …), whose answers
 * grow by a factor with each level.
 */
export const MAX_QUERY_COMPLEXITY = 20_000;

/** What an unpaged list (a provider's services, a service's areas) is assumed to hold. */
export const ASSUMED_LIST_SIZE = 10;

/**
 * A paged field costs its children once per item it may return; an unpaged list as many times as it
 * is assumed to hold. A connection's `edges` are already counted by the connection's `first`.
 */
const listEstimator: ComplexityEstimator = ({ type, field, args, childComplexity }) => {
  if (getNamedType(field.type).name.endsWith('Connection')) {
    const first = typeof args.first === 'number' && args.first > 0 ? args.first : DEFAULT_PAGE_SIZE;
    return 1 + childComplexity * first;
  }
  if (field.name === 'edges' && type.name.endsWith('Connection')) return 1 + childComplexity;
  if (isListType(getNullableType(field.type))) return 1 + childComplexity * ASSUMED_LIST_SIZE;
  return undefined;
};

export function complexityLimitPlugin(max = MAX_QUERY_COMPLEXITY): ApolloServerPlugin {
  return {
    async requestDidStart() {
      return {
        async didResolveOperation({ request, document, schema }) {
          let complexity: number;
          try {
            complexity = getComplexity({
              schema,
              query: document,
              operationName: request.operationName,
              variables: request.variables,
              estimators: [listEstimator, simpleEstimator({ defaultComplexity: 1 })],
            });
          } catch (error) {
            // Variables that do not fit their types are found here first, before execution would say so.
            if (error instanceof GraphQLError) throw refusal(new InputException(InputExceptionCode.INVALID_INPUT, error.message));
            throw error;
          }
          if (complexity > max) {
            throw refusal(
              new InputException(
                InputExceptionCode.QUERY_TOO_COMPLEX,
                `This query is too large (${complexity} > ${max}); ask for fewer items or fields.`,
              ),
            );
          }
        },
      };
    },
  };
}
