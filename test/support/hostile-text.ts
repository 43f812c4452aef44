import fc from 'fast-check';

/**
 * What an attacker types: text with NUL, lone surrogates, bidi and combining marks, SQL and regex
 * metacharacters, numbers in disguise, and text as long as a request may carry; values of the wrong type.
 */

/** express.json's limit on /graphql (api/server.ts): huge text goes up to it and a little past. */
export const BODY_LIMIT_BYTES = 200 * 1024;

const LONE_SURROGATES = ['\ud800', '\udbff', '\udc00', '\udfff'];

/** One code unit of hostile text: anything printable, controls, lone surrogates, bidi and combining marks. */
const hostileUnit = fc.oneof(
  { weight: 6, arbitrary: fc.string({ unit: 'binary', minLength: 1, maxLength: 1 }) },
  { weight: 1, arbitrary: fc.constantFrom('\u0000', '\u202e', '\u200f', '\u2028', '\ufeff', '\uffff', '\u0301', '\u0336') },
  { weight: 1, arbitrary: fc.constantFrom(...LONE_SURROGATES) },
);

const NASTY_STRINGS = [
  '',
  ' ',
  '\u0000',
  'a\u0000b',
  ...LONE_SURROGATES.map((s) => `x${s}y`),
  '\u202eevil\u202c',
  'שלום مرحبا',
  'Z\u0351\u0360\u036b\u0343\u036a\u0302\u036b\u033d\u034f\u0334\u0319\u0324\u031e\u0349\u035a\u032f\u031e\u0320\u034dA',
  '👩‍👩‍👧‍👦🏳️‍🌈',
  "' OR '1'='1' --",
  "'); DROP TABLE provider; --",
  '$1',
  '%',
  '_',
  '\\',
  '%_\\',
  '.*',
  '(a+)+$',
  '[',
  '(?<',
  '*',
  '|',
  '<script>alert(1)</script>',
  // biome-ignore lint/suspicious/noTemplateCurlyInString: a log4j-style lookup, sent as plain text.
  '${jndi:ldap://x}',
  '{{7*7}}',
  '../../etc/passwd',
  'NaN',
  'Infinity',
  '-0',
  '1e309',
  '9007199254740993',
  '2147483648',
  'null',
  'undefined',
  'true',
  '{}',
  '[]',
  '\n\r\t\v\f',
  '   padded   ',
];

/** Long text, built by repetition (generating it unit by unit would take seconds). */
const longString = (min: number, max: number) =>
  fc
    .tuple(fc.constantFrom('a', 'é', '\u0000', '💥', "'", '%', 'HD1 2TA '), fc.integer({ min, max }))
    .map(([chunk, length]) => chunk.repeat(Math.ceil(length / chunk.length)).slice(0, length));

/** Hostile text up to `maxLength`: by default as long as the body limit allows, and a little past it (a 413). */
export function hostileText(maxLength = BODY_LIMIT_BYTES + 10_000): fc.Arbitrary<string> {
  return fc.oneof(
    { weight: 4, arbitrary: fc.constantFrom(...NASTY_STRINGS) },
    { weight: 4, arbitrary: fc.string({ unit: hostileUnit, maxLength: 40 }) },
    { weight: 1, arbitrary: longString(Math.min(1_000, maxLength), maxLength) },
  );
}

/**
 * Percent-encodes text as a client's URL would carry it; a lone surrogate goes as the three bytes a
 * careless encoder writes for it (WTF-8), which are not UTF-8.
 */
export function percentEncoded(text: string): string {
  let out = '';
  for (const ch of text) {
    const unit = ch.charCodeAt(0);
    if (ch.length === 1 && unit >= 0xd800 && unit <= 0xdfff) {
      out += [0xe0 | (unit >> 12), 0x80 | ((unit >> 6) & 0x3f), 0x80 | (unit & 0x3f)]
        .map((b) => `%${b.toString(16).toUpperCase()}`)
        .join('');
    } else out += encodeURIComponent(ch);
  }
  return out;
}

/** Anything that is not what the argument's type asks for. */
export const wrongType: fc.Arbitrary<unknown> = fc.oneof(
  fc.integer(),
  fc.double(),
  fc.boolean(),
  fc.constant({}),
  fc.constant([]),
  fc.constant({ nested: { deeper: [1, 'x', null] } }),
  fc.string({ maxLength: 8 }),
  fc.constant(deepList(60)),
);

function deepList(depth: number): unknown {
  let value: unknown = 'x';
  for (let i = 0; i < depth; i++) value = [value];
  return value;
}
