import type { ApolloServerPlugin } from '@apollo/server';
import { Kind, visit, type DocumentNode } from 'graphql';
import { InputException, InputExceptionCode } from '../common/exceptions.js';
import { textInputProblem, textInputProblemIn, type TextInputProblem } from '../common/text-input.js';
import { refusal } from './errors.js';

/**
 * Applies the text-input rule (api/common/text-input.ts: a length cap, no U+0000, no lone surrogate) to
 * every string in a request's variables and literals, before any resolver, scalar or pattern reads it:
 * one check at the edge instead of one per argument.
 */
export function textInputGuardPlugin(): ApolloServerPlugin {
  return {
    async requestDidStart() {
      return {
        async didResolveOperation({ request, document }) {
          const found = textInputProblemIn(request.variables ?? {}, '') ?? problemInLiterals(document);
          if (found !== null) {
            const { path: argument, problem } = found;
            throw refusal(new InputException(InputExceptionCode.INVALID_INPUT, `${argument} ${problem}.`, { argument }));
          }
        },
      };
    },
  };
}

function problemInLiterals(document: DocumentNode): TextInputProblem | null {
  let found: TextInputProblem | null = null;
  const argumentNames: string[] = [];
  visit(document, {
    Argument: {
      enter: (node) => void argumentNames.push(node.name.value),
      leave: () => void argumentNames.pop(),
    },
    [Kind.STRING]: (node) => {
      const problem = found === null ? textInputProblem(node.value) : null;
      if (problem !== null) found = { path: argumentNames.at(-1) ?? 'argument', problem };
    },
  });
  return found;
}
