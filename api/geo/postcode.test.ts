import { describe, expect, test } from 'vitest';
import { normalisePostcode, parsePostcode } from './postcode.js';

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
});
