/// <reference lib="es2024.string" />

/**
 * The one rule every transport applies to every string it is given, at its edge (GraphQL:
 * api/graphql/text-input-guard.ts; ORUK: its parameter parser), before any domain rule, pattern or parser reads
 * it. PostgreSQL's text types cannot hold U+0000, and a lone UTF-16 surrogate (half of a character) is
 * refused by its JSON types (the audit trail's summaries): either would otherwise surface as a 500.
 */

/** The longest text any field takes (a service's description); longer is refused before anything reads it. */
export const MAX_TEXT_INPUT_LENGTH = 10_000;

/** What is wrong with a string given as input, as the end of a sentence naming it; null when nothing is. */
export function textInputProblem(value: string): string | null {
  if (value.length > MAX_TEXT_INPUT_LENGTH) return `must be at most ${MAX_TEXT_INPUT_LENGTH.toLocaleString('en-GB')} characters`;
  if (value.includes('\u0000')) return 'must not contain the NUL character (U+0000)';
  if (!value.isWellFormed()) return 'must not contain a lone surrogate (half of a UTF-16 character pair)';
  return null;
}

export interface TextInputProblem {
  /** Where the string is, from `path`: `filter.text`, `input.name`. */
  path: string;
  problem: string;
}

/**
 * The first string within `value` (a string, or arrays and objects of them) that breaks the rule, or
 * null; with `path` '', an object's keys are named bare (a request's variables: `filter.text`).
 */
export function textInputProblemIn(value: unknown, path: string): TextInputProblem | null {
  if (typeof value === 'string') {
    const problem = textInputProblem(value);
    return problem === null ? null : { path, problem };
  }
  if (Array.isArray(value)) {
    for (const item of value) {
      const found = textInputProblemIn(item, path);
      if (found !== null) return found;
    }
    return null;
  }
  if (value !== null && typeof value === 'object') {
    for (const [key, item] of Object.entries(value)) {
      const found = textInputProblemIn(item, path === '' ? key : `${path}.${key}`);
      if (found !== null) return found;
    }
  }
  return null;
}
