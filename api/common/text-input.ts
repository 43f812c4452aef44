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

/** A value met in the walk: its key in the object holding it (none for a list's items), and that object. */
interface Place {
  value: unknown;
  key?: string;
  parent?: Place;
}

/**
 * The first string within `value` (a string, or arrays and objects of them) that breaks the rule, or
 * null; with `path` '', an object's keys are named bare (a request's variables: `filter.text`).
 */
export function textInputProblemIn(value: unknown, path: string): TextInputProblem | null {
  // A stack, not recursion: JSON may nest deeper within the body limit than the call stack goes. Each
  // place keeps its parent, so the path is spelt once, for the string at fault, not at every level.
  const stack: Place[] = [{ value, key: path }];
  for (let place = stack.pop(); place !== undefined; place = stack.pop()) {
    const { value } = place;
    if (typeof value === 'string') {
      const problem = textInputProblem(value);
      if (problem !== null) return { path: pathOf(place), problem };
    } else if (Array.isArray(value)) {
      for (let i = value.length - 1; i >= 0; i--) stack.push({ value: value[i], parent: place });
    } else if (value !== null && typeof value === 'object') {
      const entries = Object.entries(value);
      for (let i = entries.length - 1; i >= 0; i--) stack.push({ value: entries[i]![1], key: entries[i]![0], parent: place });
    }
  }
  return null;
}

function pathOf(place: Place): string {
  const keys: string[] = [];
  for (let at: Place | undefined = place; at !== undefined; at = at.parent) if (at.key) keys.push(at.key);
  return keys.reverse().join('.');
}
