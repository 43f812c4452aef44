import type { ApolloServerPlugin } from '@apollo/server';
import {
  getNamedType,
  getNullableType,
  getVariableValues,
  GraphQLError,
  isListType,
  type DocumentNode,
  type GraphQLField,
  type GraphQLSchema,
} from 'graphql';
import { getComplexity, type ComplexityEstimator } from 'graphql-query-complexity';
import { DEFAULT_PAGE_SIZE, MAX_PAGE_SIZE } from '../common/connection.js';
import { InputException, InputExceptionCode } from '../common/exceptions.js';
import { MAX_TEXT_WORDS, searchTextWords } from '../directory/directory.filter.js';
import { refusal } from './errors.js';
import { PRICES } from './prices.js';

/**
 * Enough for four searches, or one with a full page of 100 services and their provider, category,
 * areas and opening times; not for five searches, nor for lists nested in lists (a consortium's
 * members' services' providers' services …), whose answers grow by a factor with each level.
 */
export const MAX_QUERY_COMPLEXITY = 20_000;

/** What an unpaged list (a provider's services, a service's areas) is assumed to hold. */
export const ASSUMED_LIST_SIZE = 10;

/**
 * How many items one call of the field may return: a connection as many as `first` asks (its `edges`
 * are counted there, not again), an unpaged list ASSUMED_LIST_SIZE.
 */
function itemsPerCall(typeName: string, field: GraphQLField<unknown, unknown>, args: Record<string, unknown>): number {
  if (getNamedType(field.type).name.endsWith('Connection')) {
    return typeof args.first === 'number' && args.first >= 0 ? Math.min(args.first, MAX_PAGE_SIZE) : DEFAULT_PAGE_SIZE;
  }
  if (field.name === 'edges' && typeName.endsWith('Connection')) return 1;
  return isListType(getNullableType(field.type)) ? ASSUMED_LIST_SIZE : 1;
}

/**
 * A field costs 1, its children once per item it may return, and its price (prices.ts) per call; a
 * batched field's price is added to `batches` once per place in the query instead, since ancestors'
 * lists multiply what the estimator returns. Introspection's own fields are priced at its root.
 */
function costEstimator(batches: { cost: number }): ComplexityEstimator {
  return ({ type, field, args, childComplexity }) => {
    if (type.name.startsWith('__')) return 0;
    const price = PRICES[`${type.name}.${field.name}`];
    const answer = 1 + childComplexity * itemsPerCall(type.name, field, args);
    if (price?.per === 'batch') {
      batches.cost += price.cost;
      return answer;
    }
    return (price?.cost ?? 0) + (price?.perTextWord ?? 0) * textWordsOf(args) + answer;
  };
}

/** Past the search's own limit the search refuses the text, saying why, before any SQL: its price need count no further. */
function textWordsOf(args: Record<string, unknown>): number {
  const text = (args.filter as { text?: unknown } | null | undefined)?.text;
  return typeof text === 'string' ? Math.min(searchTextWords(text), MAX_TEXT_WORDS + 1) : 0;
}

/**
 * Fields the cost walk counts, fragments spread out, before it gives up: a fragment spread twice into
 * one spread twice into … is a short document that the walk (unlike execution) would expand in full.
 */
export const MAX_COUNTED_FIELDS = 2_000;

/**
 * What running the operation would cost. Throws graphql-query-complexity's GraphQLError past
 * MAX_COUNTED_FIELDS, and graphql-js's for variables that do not fit their types.
 */
export function queryCost(options: {
  schema: GraphQLSchema;
  document: DocumentNode;
  operationName?: string | null;
  variables?: Record<string, unknown>;
}) {
  const batches = { cost: 0 };
  const perCall = getComplexity({
    schema: options.schema,
    query: options.document,
    operationName: options.operationName ?? undefined,
    variables: options.variables,
    estimators: [costEstimator(batches)],
    maxQueryNodes: MAX_COUNTED_FIELDS,
  });
  return perCall + batches.cost;
}

const tooCostly = (message: string) => refusal(new InputException(InputExceptionCode.QUERY_TOO_COMPLEX, message));

export function complexityLimitPlugin(max = MAX_QUERY_COMPLEXITY): ApolloServerPlugin {
  return {
    async requestDidStart() {
      return {
        async didResolveOperation({ request, document, schema, operation }) {
          // No operation to run (an operationName naming none of the document's): Apollo answers 400 OPERATION_RESOLUTION_FAILURE.
          if (!operation) return;
          // The cost depends on the variables (`first: $n`), so they are checked here, before execution would.
          const variables = getVariableValues(schema, operation.variableDefinitions ?? [], request.variables ?? {});
          if (variables.errors) throw refusal(new InputException(InputExceptionCode.INVALID_INPUT, variables.errors[0]!.message));
          let cost: number;
          try {
            cost = queryCost({ schema, document, operationName: request.operationName, variables: request.variables });
          } catch (error) {
            if (error instanceof GraphQLError)
              throw tooCostly(`This query is too large: more than ${MAX_COUNTED_FIELDS} fields once its fragments are spread.`);
            throw error;
          }
          if (cost > max) throw tooCostly(`This query costs too much to run (${cost} > ${max}); ask for fewer searches, items or fields.`);
        },
      };
    },
  };
}
