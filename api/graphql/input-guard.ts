import type { ApolloServerPlugin } from '@apollo/server';
import { Kind, visit, type DocumentNode } from 'graphql';
import { InputException, InputExceptionCode } from '../common/exceptions.js';
import { nulCharacterAt } from '../common/text-input.js';
import { refusal } from './errors.js';

/**
 * Refuses U+0000 anywhere in a request's arguments, before any resolver runs: PostgreSQL's text types
 * cannot hold it (a statement carrying one fails, which would surface as a 500), and it is never a
 * meaningful character in anything a person types. One check at the edge instead of one per argument.
 */
export function nulCharacterGuardPlugin(): ApolloServerPlugin {
  return {
    async requestDidStart() {
      return {
        async didResolveOperation({ request, document }) {
          const where = nulInVariables(request.variables ?? {}) ?? nulInLiterals(document);
          if (where !== null) {
            throw refusal(
              new InputException(InputExceptionCode.INVALID_INPUT, `${where} must not contain the NUL character (\\u0000).`, {
                argument: where,
              }),
            );
          }
        },
      };
    },
  };
}

function nulInVariables(variables: Record<string, unknown>): string | null {
  for (const [name, value] of Object.entries(variables)) {
    const found = nulCharacterAt(value, name);
    if (found !== null) return found;
  }
  return null;
}

function nulInLiterals(document: DocumentNode): string | null {
  let found: string | null = null;
  const argumentNames: string[] = [];
  visit(document, {
    Argument: {
      enter: (node) => void argumentNames.push(node.name.value),
      leave: () => void argumentNames.pop(),
    },
    [Kind.STRING]: (node) => {
      if (found === null && node.value.includes('\u0000')) found = argumentNames.at(-1) ?? 'argument';
    },
  });
  return found;
}
