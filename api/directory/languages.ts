import fs from 'node:fs';
import path from 'node:path';
import { parse } from 'csv-parse/sync';
import { projectRoot } from '../config.js';
import { DirectoryExceptionCode, unknownValues } from './directory.exception.js';

/**
 * The languages a service can say it works in, from `vocabulary/languages.csv`: the main languages of
 * England and Wales in the 2021 Census (ONS, "Main language (detailed)"), with the sign languages and
 * the names people type for them. A row is a name (what is stored and published), its ISO 639 code
 * (639-1 where there is one, else 639-3) and other names separated by ";".
 */
export interface Language {
  name: string;
  code: string;
  otherNames: string[];
}

export const LANGUAGES_CSV = path.join(projectRoot, 'api', 'directory', 'vocabulary', 'languages.csv');

/** Lower case, accents dropped, anything but letters and digits a single space: how names are compared. */
export function languageKey(text: string): string {
  return text
    .normalize('NFKD')
    .replace(/\p{M}/gu, '')
    .toLowerCase()
    .replace(/[^\p{L}\p{N}]+/gu, ' ')
    .trim();
}

function readLanguages(): Language[] {
  const rows: { name: string; code: string; 'other names': string }[] = parse(fs.readFileSync(LANGUAGES_CSV), {
    columns: true,
    trim: true,
    skip_empty_lines: true,
  });
  return rows.map((row) => ({
    name: row.name,
    code: row.code,
    otherNames: row['other names']
      .split(';')
      .map((n) => n.trim())
      .filter((n) => n !== ''),
  }));
}

export const LANGUAGES: readonly Language[] = Object.freeze(readLanguages());

/** Every way of naming each language (name, code, other names), by key. */
const BY_KEY = new Map<string, Language>(
  LANGUAGES.flatMap((language) => [language.name, language.code, ...language.otherNames].map((n) => [languageKey(n), language] as const)),
);

/**
 * Names (not codes: "it" and "am" are English words) a person might type in a search, longest first so
 * "british sign language" is read before "sign language". English is left out: every service works in it.
 */
const NAMES_IN_TEXT = [...BY_KEY.entries()]
  .filter(([key, language]) => language.name !== 'English' && key !== languageKey(language.code))
  .sort(([a], [b]) => b.length - a.length);

/** The language a filter value or a listing names, by its name, ISO code or another name, whatever the case; null when unknown. */
export function languageNamed(value: string): Language | null {
  return BY_KEY.get(languageKey(value)) ?? null;
}

/** Words that only say a language is meant ("urdu speaking", "who speaks polish"): not part of the rest of a text naming one. */
const SAYING_A_LANGUAGE = new Set(['speak', 'speaks', 'speaking', 'speaker', 'speakers', 'spoken', 'language', 'languages']);

/**
 * The languages a search text names ("urdu speaking carer" → Urdu), each once, in the order they appear,
 * and the text's other words ("carer", as keys, without words such as "speaking"; '' when nothing else is left).
 */
export function languagesIn(text: string): { languages: Language[]; rest: string } {
  let rest = ` ${languageKey(text)} `;
  const found: { at: number; language: Language }[] = [];
  for (const [key, language] of NAMES_IN_TEXT) {
    const at = rest.indexOf(` ${key} `);
    if (at < 0) continue;
    if (!found.some((f) => f.language === language)) found.push({ at, language });
    // Blank the words out so "sign language" is not found again inside "british sign language".
    rest = `${rest.slice(0, at + 1)}${' '.repeat(key.length)}${rest.slice(at + 1 + key.length)}`;
  }
  const others = rest.split(' ').filter((w) => w !== '' && (found.length === 0 || !SAYING_A_LANGUAGE.has(w)));
  return { languages: found.sort((a, b) => a.at - b.at).map((f) => f.language), rest: others.join(' ') };
}

/**
 * The registry's names of the languages the values name (as `languageNamed` reads them), each once, in
 * the order given; UNKNOWN_LANGUAGE naming `argument` and the values it does not know.
 */
export function languageNames(values: readonly string[], argument: string): string[] {
  const unknown = values.filter((v) => languageNamed(v) === null);
  if (unknown.length > 0) throw unknownValues(DirectoryExceptionCode.UNKNOWN_LANGUAGE, 'language', argument, unknown);
  return [...new Set(values.map((v) => languageNamed(v)!.name))];
}
