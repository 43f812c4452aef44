import { maxAliasesRule } from '@escape.tech/graphql-armor-max-aliases';
import { maxDepthRule } from '@escape.tech/graphql-armor-max-depth';
import { maxDirectivesRule } from '@escape.tech/graphql-armor-max-directives';
import { Kind, type GraphQLError, type ParseOptions, type SelectionSetNode, type ValidationContext, type ValidationRule } from 'graphql';
import { InputException, InputExceptionCode } from '../common/exceptions.js';
import { refusal } from './errors.js';

/**
 * The shape a query may have, checked before it runs; what it costs to run is complexity.ts's. Each
 * limit leaves room for the widgets, partners' queries and the standard introspection query (181
 * tokens) that Apollo Sandbox and code generators send.
 */
export const QUERY_LIMITS = {
  /**
   * Lexical tokens: graphql-js stops parsing past these, so an oversized document costs neither memory
   * nor the parser's recursion (a `parent { … }` chain 2,500 deep overflows the stack) nor validation's
   * time (comparing same-named fields grows with their square).
   */
  tokens: 2_000,
  /**
   * Fields nested in fields, fragments flattened: a Relay page of services with their provider's
   * consortium's members is 8. Not counted below `__schema`, whose `ofType` chains alone go 15 deep:
   * graphql-js's MaxIntrospectionDepthRule bounds introspection's lists nested in lists.
   */
  depth: 12,
  /** Every alias counts, `__typename`'s too: an alias is how one query asks for the same search many times. */
  aliases: 15,
  /** Fields at the top of an operation, aliased or not. */
  rootFields: 10,
  /** `@include`/`@skip` and the like, fragments spread. */
  directives: 20,
} as const;

/** Apollo's `parseOptions`. */
export const parseOptions: ParseOptions = { maxTokens: QUERY_LIMITS.tokens };

function tooLarge(message: string): GraphQLError {
  return refusal(new InputException(InputExceptionCode.QUERY_TOO_COMPLEX, `This query is too large: ${message}`));
}

/** graphql-armor's rules report through the validation context, as a QUERY_TOO_COMPLEX refusal, instead of throwing out of it. */
const reportAsTooLarge = {
  propagateOnRejection: false,
  onReject: [
    (context: ValidationContext | null, error: GraphQLError) =>
      context?.reportError(tooLarge(error.message.replace(/^Syntax Error: /, ''))),
  ],
};

/** Apollo's `validationRules`, run with graphql-js's own before the operation is resolved. */
export function queryLimitRules(): ValidationRule[] {
  return [
    maxDepthRule({ n: QUERY_LIMITS.depth, ignoreIntrospection: true, flattenFragments: true, ...reportAsTooLarge }),
    maxAliasesRule({ n: QUERY_LIMITS.aliases, allowList: [], ...reportAsTooLarge }),
    maxDirectivesRule({ n: QUERY_LIMITS.directives, ...reportAsTooLarge }),
    maxRootFieldsRule,
  ];
}

/** Each field at the top of an operation is a resolver of its own: most run SQL, each alias of a search runs it again. */
const maxRootFieldsRule: ValidationRule = (context) => ({
  OperationDefinition(operation) {
    const count = rootFieldCount(operation.selectionSet, context, new Set());
    if (count > QUERY_LIMITS.rootFields) {
      context.reportError(tooLarge(`at most ${QUERY_LIMITS.rootFields} fields at the top of an operation, found ${count}.`));
    }
  },
});

function rootFieldCount(selectionSet: SelectionSetNode, context: ValidationContext, spread: Set<string>): number {
  let count = 0;
  for (const selection of selectionSet.selections) {
    if (selection.kind === Kind.FIELD) count++;
    else if (selection.kind === Kind.INLINE_FRAGMENT) count += rootFieldCount(selection.selectionSet, context, spread);
    else if (!spread.has(selection.name.value)) {
      // A fragment spread twice at the top merges into the same fields.
      spread.add(selection.name.value);
      const fragment = context.getFragment(selection.name.value);
      if (fragment) count += rootFieldCount(fragment.selectionSet, context, spread);
    }
  }
  return count;
}
