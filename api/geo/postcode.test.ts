import { describe, expect, test } from 'vitest';
import { inUk, normaliseOutcode, normalisePostcode, parsePostcode } from './postcode.js';

describe('parsePostcode', () => {
  test.each([
    ['hd12ta', 'HD1 2TA'],
    ['HD1 2TA', 'HD1 2TA'],
    ['  hd1   2ta ', 'HD1 2TA'],
    ['wf131as', 'WF13 1AS'],
    ['Bd19 3rh', 'BD19 3RH'],
    ['ec1a1bb', 'EC1A 1BB'],
    ['hd1\t2ta', 'HD1 2TA'],
  ])('%j is the full postcode %s', (input, postcode) => {
    expect(normalisePostcode(input)).toBe(postcode);
  });

  test('splits a postcode into outcode and sector', () => {
    expect(parsePostcode('wf131as')).toEqual({ kind: 'POSTCODE', postcode: 'WF13 1AS', outcode: 'WF13', sector: 'WF13 1' });
    expect(parsePostcode('EC1A 1BB')).toEqual({ kind: 'POSTCODE', postcode: 'EC1A 1BB', outcode: 'EC1A', sector: 'EC1A 1' });
  });

  test('a bare outcode is a district', () => {
    expect(parsePostcode('hd1')).toEqual({ kind: 'OUTCODE', postcode: 'HD1', outcode: 'HD1', sector: null });
    expect(parsePostcode(' WF13 ')).toEqual({ kind: 'OUTCODE', postcode: 'WF13', outcode: 'WF13', sector: null });
    expect(normalisePostcode('HD1')).toBeNull();
  });

  test.each(['', '   ', 'HD1 2', 'H D12TA', 'HD1 2TAA', 'Huddersfield', '12345', 'HD1 2TA; DROP TABLE', 'x'.repeat(10_000)])(
    '%j is not a postcode',
    (input) => {
      expect(parsePostcode(input)).toBeNull();
    },
  );

  test('input over 16 characters is refused, however it is spaced', () => {
    expect(parsePostcode(`HD1${' '.repeat(10)}2TA`)).toEqual(expect.objectContaining({ postcode: 'HD1 2TA' }));
    expect(parsePostcode(`HD1${' '.repeat(14)}2TA`)).toBeNull();
  });

  test('GIR 0AA (Girobank) is a real postcode, in any spacing or case: district GIR, sector GIR 0', () => {
    for (const input of ['GIR 0AA', 'gir0aa', ' Gir  0aa ']) {
      expect(parsePostcode(input)).toEqual({ kind: 'POSTCODE', postcode: 'GIR 0AA', outcode: 'GIR', sector: 'GIR 0' });
    }
    expect(parsePostcode('gir')).toEqual({ kind: 'OUTCODE', postcode: 'GIR', outcode: 'GIR', sector: null });
    expect(normaliseOutcode('gir')).toBe('GIR');
    expect(parsePostcode('GIR 0AB')).toBeNull();
  });

  test('normaliseOutcode takes districts only', () => {
    expect(normaliseOutcode(' hd7 ')).toBe('HD7');
    expect(normaliseOutcode('HD7 5AA')).toBeNull();
    expect(normaliseOutcode('not an outcode !!')).toBeNull();
  });
});

describe('inUk', () => {
  test.each([
    [53.6446, -1.7826, true],
    [60.15, -1.15, true],
    [49.91, -6.31, true],
    [999, -1.78, false],
    [53.6, Number.NaN, false],
    [40.7, -74.0, false],
  ])('(%d, %d) is in the UK: %s', (lat, lon, expected) => {
    expect(inUk(lat, lon)).toBe(expected);
  });
});
