import { GraphQLError, type ValidationRule } from 'graphql';

/**
 * An operation of a type the schema has no root for (a subscription here) is refused in validation,
 * 400 GRAPHQL_VALIDATION_FAILED: graphql-js 16 lets it through to execution, whose error carries no
 * code and so would reach the client as an INTERNAL_SERVER_ERROR.
 */
export const knownOperationTypeRule: ValidationRule = (context) => ({
  OperationDefinition(operation) {
    if (!context.getSchema().getRootType(operation.operation)) {
      context.reportError(new GraphQLError(`This API has no ${operation.operation}s.`, { nodes: operation }));
    }
  },
});
