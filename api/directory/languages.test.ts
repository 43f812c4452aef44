import { describe, expect, test } from 'vitest';
import { DirectoryException } from './directory.exception.js';
import { LANGUAGES, languageKey, languageNamed, languageNames, languagesIn } from './languages.js';

describe('languageNamed', () => {
  test('finds a language by its name, ISO code or another name, whatever the case, spacing and accents', () => {
    expect(languageNamed('Urdu')?.code).toBe('ur');
    expect(languageNamed('  uRDU ')?.name).toBe('Urdu');
    expect(languageNamed('pa')?.name).toBe('Punjabi');
    expect(languageNamed('Panjabi')?.name).toBe('Punjabi');
    expect(languageNamed('bsl')?.name).toBe('British Sign Language');
    expect(languageNamed('british-sign-language')?.name).toBe('British Sign Language');
    expect(languageNamed('Cymraeg')?.name).toBe('Welsh');
  });

  test('is null for what names no language', () => {
    for (const value of ['Klingon', '', ' ', 'ur du', 'x'.repeat(10_000)]) expect(languageNamed(value)).toBeNull();
  });

  test('every language has a name, a code and a key of its own: no two rows answer to the same name', () => {
    const keys = LANGUAGES.flatMap((l) => [l.name, l.code, ...l.otherNames].map(languageKey));
    expect(new Set(keys).size).toBe(keys.length);
    for (const l of LANGUAGES) expect(languageNamed(l.code)).toBe(l);
  });
});

describe('languagesIn', () => {
  test('the rest of the text leaves out the languages and the words that only say one is meant', () => {
    expect(languagesIn('Urdu speaking carer')).toEqual({ languages: [languageNamed('urdu')], rest: 'carer' });
    expect(languagesIn('dementia, urdu').rest).toBe('dementia');
    expect(languagesIn('someone who speaks Polish').rest).toBe('someone who');
    expect(languagesIn('BSL')).toEqual({ languages: [languageNamed('bsl')], rest: '' });
    expect(languagesIn('speaking clock')).toEqual({ languages: [], rest: 'speaking clock' });
  });
});

describe('languagesIn: the languages named', () => {
  test('finds the languages a search names, each once, in the order they appear, English left out', () => {
    expect(languagesIn('urdu speaking carer').languages.map((l) => l.name)).toEqual(['Urdu']);
    expect(languagesIn('Polish or Punjabi, and polish again').languages.map((l) => l.name)).toEqual(['Polish', 'Punjabi']);
    expect(languagesIn('an English speaking carer').languages).toEqual([]);
  });

  test('reads the longest name first, and only whole words: codes are not read from text', () => {
    expect(languagesIn('british sign language interpreter').languages.map((l) => l.name)).toEqual(['British Sign Language']);
    expect(languagesIn('it is urgent').languages).toEqual([]);
    expect(languagesIn('turdu').languages).toEqual([]);
  });
});

describe('languageNames', () => {
  test('gives the registry names of the values, each once, in the order given', () => {
    expect(languageNames(['ur', 'Polish', 'URDU', 'bsl'], 'languages')).toEqual(['Urdu', 'Polish', 'British Sign Language']);
  });

  test('refuses unknown values with UNKNOWN_LANGUAGE naming the argument and a few of them, each cut short', () => {
    const values = ['Urdu', 'Elvish', ...Array.from({ length: 10 }, (_, i) => `${'q'.repeat(100)}${i}`)];
    try {
      languageNames(values, 'filter.languages');
      expect.unreachable();
    } catch (error) {
      expect(error).toBeInstanceOf(DirectoryException);
      const e = error as DirectoryException;
      expect(e.code).toBe('UNKNOWN_LANGUAGE');
      expect(e.details.argument).toBe('filter.languages');
      expect(e.details.unknown?.[0]).toBe('Elvish');
      expect(e.details.unknown?.length).toBe(5);
      for (const v of e.details.unknown ?? []) expect(v.length).toBeLessThanOrEqual(60);
    }
  });
});
