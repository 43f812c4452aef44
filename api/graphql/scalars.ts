import { GraphQLError, GraphQLID, GraphQLScalarType, Kind } from 'graphql';
import { InputException, InputExceptionCode } from '../common/exceptions.js';
import { isUuid } from '../common/ids.js';

const NOT_AN_ID = 'An id is a UUID, such as "0b6c7f56-3c8e-4f0a-9a53-1f6d4c1e2a77".';

/** graphql-js reports what a scalar throws as a request error; the cause says BAD_USER_INPUT (api/graphql/errors.ts). */
function checkedId(value: unknown): string {
  if (typeof value === 'string' && isUuid(value)) return value.toLowerCase();
  throw new GraphQLError(NOT_AN_ID, { originalError: new InputException(InputExceptionCode.INVALID_INPUT, NOT_AN_ID) });
}

/**
 * The schema's `ID`, in place of graphql-js's (import it from here, not from type-graphql): still named
 * ID, so the SDL and partners' queries are unchanged, but refusing at the edge what cannot name a record.
 * Every id coopcare gives out is a UUID, and anything else would fail a uuid column's cast instead of
 * finding nothing. A malformed id is BAD_USER_INPUT (HTTP 400), never a null that looks like "not found".
 */
export const ID = new GraphQLScalarType({
  name: 'ID',
  description: GraphQLID.description,
  serialize: GraphQLID.serialize,
  parseValue: checkedId,
  parseLiteral(node) {
    return checkedId(node.kind === Kind.STRING ? node.value : null);
  },
});
