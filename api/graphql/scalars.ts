import { GraphQLID, GraphQLScalarType, Kind } from 'graphql';
import { isUuid } from '../common/ids.js';

function checkedId(value: unknown): string {
  if (typeof value === 'string' && isUuid(value)) return value.toLowerCase();
  throw new TypeError('An id is a UUID, such as "0b6c7f56-3c8e-4f0a-9a53-1f6d4c1e2a77".');
}

/**
 * The schema's `ID`, still named ID (so the SDL and partners' queries are unchanged), refusing at the
 * edge what cannot name a record: every id coopcare gives out is a UUID, and anything else would fail
 * a uuid column's cast instead of finding nothing. A malformed id is a request error (BAD_USER_INPUT for
 * a variable, GRAPHQL_VALIDATION_FAILED for a literal), never a null that looks like "not found".
 */
export const UuidId = new GraphQLScalarType({
  name: 'ID',
  description: GraphQLID.description,
  serialize: GraphQLID.serialize,
  parseValue: checkedId,
  parseLiteral(node) {
    if (node.kind !== Kind.STRING) throw new TypeError('An id is a UUID string.');
    return checkedId(node.value);
  },
});
