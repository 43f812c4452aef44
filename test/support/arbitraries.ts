import fc from 'fast-check';
import {
  getNamedType,
  type GraphQLField,
  type GraphQLInputType,
  type GraphQLNamedType,
  type GraphQLSchema,
  isEnumType,
  isInputObjectType,
  isLeafType,
  isListType,
  isNonNullType,
  isObjectType,
  isRequiredArgument,
  isUnionType,
} from 'graphql';
import { encodeCursor } from '../../api/common/connection.js';
import { hostileText, wrongType } from './hostile-text.js';

/**
 * fast-check arbitraries for hostile input, generated from the GraphQL schema itself so a new operation,
 * argument or input field is fuzzed without editing a test. Values are mostly valid-looking (real ids,
 * postcodes, slugs, emails) so requests get past the edge to the services' validation, mixed with what an
 * attacker sends: text up to the body limit, NUL, lone surrogates, bidi and combining marks, SQL and regex
 * metacharacters, numbers at and past Int's range, null for non-null, wrong types, unknown enum values.
 */

/** What the seeded test database holds, for valid-looking values. */
export interface KnownValues {
  /** A few ids of each table, by table name. */
  ids: Record<string, string[]>;
  slugs: string[];
  postcodes: string[];
  emails: string[];
  origins: string[];
  passwords: string[];
}

/**
 * How a value is generated: `valid` looks right (the right kind of id, a real postcode) so the request
 * gets as far as it can; `bad` is valid-looking but for one hostile leaf (or a null, a wrong type, an
 * unknown field), so that one value meets the validation it is meant to meet and not an earlier one.
 */
type Mode = 'valid' | 'bad';

const hostileString = hostileText();

const hhmm = fc
  .tuple(fc.integer({ min: 0, max: 23 }), fc.integer({ min: 0, max: 59 }))
  .map(([h, m]) => `${String(h).padStart(2, '0')}:${String(m).padStart(2, '0')}`);
const badTimes = fc.constantFrom('24:00', '23:60', '9:00', '09:00:00', '-01:00', '12:00am', '99:99');

const INT_EDGES = [0, -1, 1, 2_147_483_647, -2_147_483_648, 2_147_483_648, -2_147_483_649, Number.MAX_SAFE_INTEGER, 1e21, -1e21];
const FLOAT_EDGES = [0, -0, 1e308, -1e308, 5e-324, 90, -90, 180, -180, 90.0000001, 1000, -0.0001];

/** Text shaped by what the argument or input field is called. */
function namedString(name: string, known: KnownValues): fc.Arbitrary<string> {
  const n = name.toLowerCase();
  const pick = (values: string[]) => (values.length ? fc.constantFrom(...values) : fc.string());
  if (n.includes('email'))
    return fc.oneof(
      pick(known.emails),
      fc.emailAddress(),
      pick(known.emails).map((e) => ` ${e.toUpperCase()} `),
    );
  if (n.includes('postcode') || n.includes('outcode'))
    return fc.oneof(
      pick(known.postcodes),
      pick(known.postcodes).map((p) => p.replace(' ', '').toLowerCase()),
      pick(known.postcodes).map((p) => p.split(' ')[0]!),
      fc.constantFrom('SW1A 1AA', 'ZZ99 9ZZ', 'GIR 0AA', 'HD1', 'HD1 2', 'Q1 1AA', 'HD12TAX'),
    );
  if (n.includes('slug') || n.includes('categor')) return pick(known.slugs);
  if (n.includes('origin')) return fc.oneof(pick(known.origins), fc.webUrl(), fc.constantFrom('null', 'https://*.example', 'javascript:x'));
  if (n.includes('website')) return fc.oneof(fc.webUrl(), fc.constantFrom('javascript:alert(1)', 'ftp://x', 'http://'));
  if (n.includes('phone')) return fc.constantFrom('01484 123456', '+44 7700 900123', '0', '+'.repeat(40));
  if (n.includes('password')) return fc.oneof(pick(known.passwords), fc.string({ maxLength: 100 }));
  if (n === 'after' || n.includes('token')) return cursor;
  if (/^(opens|closes|from|until)$/.test(n)) return fc.oneof(hhmm, badTimes);
  return fc.oneof(fc.constantFrom('Co-op', 'care', 'Kirklees', 'a'), fc.string({ maxLength: 30 }));
}

/** What a pagination cursor or token might be: one of ours with a crafted key, or junk. */
const cursor: fc.Arbitrary<string> = fc.oneof(
  fc
    .tuple(
      fc.constantFrom('NAME', 'RELEVANCE', 'DISTANCE', 'PRICE', 'NEWEST', 'x'),
      fc.array(
        fc.oneof(fc.uuid(), fc.double(), fc.integer(), fc.constant(null), hostileString, fc.date({ noInvalidDate: true }).map(String)),
        { maxLength: 4 },
      ),
    )
    .map(([sort, key]) => encodeCursor(sort, key as (string | number | null)[])),
  fc.base64String({ maxLength: 64 }),
  fc.string({ maxLength: 40 }),
);

const camel = (table: string) => table.replace(/(^|_)([a-z])/g, (_m, _s, c: string) => c.toUpperCase());

/**
 * Ids of the table the name points at: `personId` and `actorPersonId` a person's, `id` in
 * UpdateProviderInput a provider's, `revokeApiKey(id)` an API key's (the longest table name found wins);
 * any table's when nothing matches.
 */
function idsFor(name: string, context: string, known: KnownValues): string[] {
  const all = Object.values(known.ids).flat();
  const named = (text: string) =>
    Object.keys(known.ids)
      .filter((table) => known.ids[table]!.length && text.includes(camel(table)))
      .sort((a, b) => b.length - a.length)[0];
  const table = named(camel(name)) ?? named(camel(context));
  return table ? known.ids[table]! : all;
}

/** A value of the scalar that should pass its checks. */
function validScalar(typeName: string, name: string, context: string, known: KnownValues): fc.Arbitrary<unknown> {
  const n = name.toLowerCase();
  switch (typeName) {
    case 'ID':
      return fc.constantFrom(...idsFor(name, context, known));
    case 'String':
      return namedString(name, known);
    case 'Int':
      return n === 'first' ? fc.integer({ min: 0, max: 100 }) : fc.integer({ min: 0, max: 1_000 });
    case 'Float':
      if (n.includes('latitude')) return fc.double({ min: 53.5, max: 53.8, noNaN: true });
      if (n.includes('longitude')) return fc.double({ min: -1.9, max: -1.6, noNaN: true });
      return fc.double({ min: 0, max: 100, noNaN: true });
    case 'Boolean':
      return fc.boolean();
    case 'DateTime':
      return fc.date({ min: new Date('2020-01-01'), max: new Date('2030-01-01'), noInvalidDate: true }).map((d) => d.toISOString());
    case 'JSONObject':
      return fc.object({ maxDepth: 2 });
    default:
      return fc.jsonValue({ maxDepth: 2 });
  }
}

/** A value of the scalar's type (or not) that its checks should refuse, or that should stretch them. */
function hostileScalar(typeName: string, name: string, context: string, known: KnownValues): fc.Arbitrary<unknown> {
  switch (typeName) {
    case 'ID':
      return fc.oneof(
        fc.constantFrom(...Object.values(known.ids).flat()),
        fc.constantFrom(...idsFor(name, context, known)).map((id) => id.toUpperCase()),
        fc.uuid(),
        fc.constantFrom('00000000-0000-0000-0000-000000000000', 'ffffffff-ffff-ffff-ffff-ffffffffffff', '1', 1),
        hostileString,
      );
    case 'String':
      return hostileString;
    case 'Int':
      return fc.oneof(fc.constantFrom(...INT_EDGES), fc.integer(), fc.double({ noNaN: true, noDefaultInfinity: true }), fc.constant('7'));
    case 'Float':
      return fc.oneof(
        fc.constantFrom(...FLOAT_EDGES),
        fc.double({ noNaN: true, noDefaultInfinity: true }),
        fc.constantFrom('NaN', 'Infinity', '1,5', '0x10'),
      );
    case 'Boolean':
      return fc.constantFrom('true', 0, 1, 'yes');
    case 'DateTime':
      return fc.oneof(
        fc.date({ noInvalidDate: true }).map((d) => d.toISOString()),
        fc.constantFrom('2026-02-30T00:00:00Z', '0000-01-01T00:00:00Z', '2026-13-45T99:99:99Z', 'now', '2026-01-01', '1e12'),
        hostileString,
      );
    case 'JSONObject':
      return fc.oneof(fc.jsonValue({ maxDepth: 3 }), hostileString);
    default:
      return fc.anything({ maxDepth: 3 });
  }
}

/** Unknown fields an input object must refuse, prototype keys among them. */
const UNKNOWN_FIELDS = ['unknownField', '__proto__', 'constructor', 'id2'];

/**
 * A value for an argument or input field of this type (`undefined` leaves it out). In `bad` mode exactly
 * one leaf is hostile, or null where null is not allowed, or of another type, or a field is unknown.
 */
export function valueFor(
  type: GraphQLInputType,
  name: string,
  context: string,
  known: KnownValues,
  mode: Mode,
  depth = 0,
): fc.Arbitrary<unknown> {
  if (isNonNullType(type)) {
    const inner = ofNullable(type.ofType, name, context, known, mode, depth);
    if (mode === 'valid') return inner;
    return fc.oneof(
      { weight: 10, arbitrary: inner },
      { weight: 1, arbitrary: fc.constantFrom(null, undefined) },
      { weight: 1, arbitrary: wrongType },
    );
  }
  const inner = ofNullable(type, name, context, known, mode, depth);
  // Optional fields are left out half the time, so a valid value is more often a plain one.
  return mode === 'valid'
    ? fc.oneof(inner, fc.constant(undefined))
    : fc.oneof({ weight: 6, arbitrary: inner }, { weight: 1, arbitrary: wrongType });
}

function ofNullable(
  type: GraphQLInputType,
  name: string,
  context: string,
  known: KnownValues,
  mode: Mode,
  depth: number,
): fc.Arbitrary<unknown> {
  if (isListType(type)) {
    const valid = fc.array(valueFor(type.ofType, name, context, known, 'valid', depth + 1), { maxLength: 3 });
    if (mode === 'valid') return valid;
    const bad = valueFor(type.ofType, name, context, known, 'bad', depth + 1);
    return fc.oneof(
      { weight: 8, arbitrary: fc.tuple(valid, bad, valid).map(([before, item, after]) => [...before, item, ...after]) },
      { weight: 1, arbitrary: bad },
      {
        weight: 1,
        arbitrary: fc
          .tuple(valid, fc.integer({ min: 100, max: 2_000 }))
          .map(([v, n]) => Array.from({ length: n }, (_, i) => v[i % Math.max(1, v.length)] ?? null)),
      },
    );
  }
  if (isEnumType(type)) {
    const names = type.getValues().map((v) => v.name);
    if (mode === 'valid') return fc.constantFrom(...names);
    return fc.oneof(
      fc.constantFrom(...names).map((v) => v.toLowerCase()),
      fc.constantFrom('NOT_A_VALUE', '', '__proto__'),
      hostileString,
    );
  }
  if (isInputObjectType(type)) {
    if (depth > 4) return fc.constant(null);
    const fields = Object.values(type.getFields());
    const entries = (badIndex: number) =>
      fc.tuple(
        ...fields.map((field, i) =>
          valueFor(field.type, field.name, type.name, known, i === badIndex ? 'bad' : 'valid', depth + 1).map(
            (value) => [field.name, value] as const,
          ),
        ),
      );
    // Object.fromEntries defines own properties, so a `__proto__` key is sent as a field, not a prototype.
    const object = (list: (readonly [string, unknown])[]) => Object.fromEntries(list.filter(([, v]) => v !== undefined));
    if (mode === 'valid') return entries(-1).map(object);
    return fc.oneof(
      {
        weight: 8,
        arbitrary: fc
          .integer({ min: 0, max: fields.length - 1 })
          .chain(entries)
          .map(object),
      },
      {
        weight: 1,
        arbitrary: fc
          .tuple(entries(-1), fc.constantFrom(...UNKNOWN_FIELDS), fc.jsonValue({ maxDepth: 1 }))
          .map(([list, key, value]) => object([...list, [key, value]])),
      },
    );
  }
  if (isLeafType(type)) return (mode === 'valid' ? validScalar : hostileScalar)(type.name, name, context, known);
  return fc.anything();
}

/** An operation's root field and the arguments to send it. */
export interface Operation {
  kind: 'query' | 'mutation';
  field: GraphQLField<unknown, unknown>;
}

/** Every Query and Mutation field of the schema. */
export function operationsOf(schema: GraphQLSchema): Operation[] {
  const of = (kind: Operation['kind'], type: ReturnType<GraphQLSchema['getQueryType']>) =>
    Object.values(type?.getFields() ?? {}).map((field) => ({ kind, field }));
  return [...of('query', schema.getQueryType()), ...of('mutation', schema.getMutationType())];
}

/** Arguments for one call, each generated in its mode (`undefined` for those left out). */
function callWith(operation: Operation, known: KnownValues, modes: Mode[]): fc.Arbitrary<Record<string, unknown>> {
  const { args } = operation.field;
  const argument = (i: number, mode: Mode) =>
    valueFor(args[i]!.type, args[i]!.name, operation.field.name, known, mode).map((value) => [args[i]!.name, value] as const);
  return fc.tuple(...modes.map((mode, i) => argument(i, mode))).map((entries) => Object.fromEntries(entries));
}

/** Valid-looking arguments for one call. */
export function validArgumentsFor(operation: Operation, known: KnownValues): fc.Arbitrary<Record<string, unknown>> {
  return callWith(
    operation,
    known,
    operation.field.args.map(() => 'valid'),
  );
}

/**
 * Arguments for one call (`undefined` for those left out): all valid-looking, one of them bad, or each
 * valid or bad at random.
 */
export function argumentsFor(operation: Operation, known: KnownValues): fc.Arbitrary<Record<string, unknown>> {
  const { field } = operation;
  const call = (modes: Mode[]) => callWith(operation, known, modes);
  const all = (mode: Mode) => field.args.map(() => mode);
  if (field.args.length === 0) return fc.constant({});
  return fc.oneof(
    { weight: 2, arbitrary: call(all('valid')) },
    {
      weight: 5,
      arbitrary: fc
        .integer({ min: 0, max: field.args.length - 1 })
        .chain((bad) => call(all('valid').map((m, i) => (i === bad ? 'bad' : m)))),
    },
    {
      weight: 2,
      arbitrary: fc
        .array(fc.constantFrom<Mode>('valid', 'bad'), { minLength: field.args.length, maxLength: field.args.length })
        .chain(call),
    },
  );
}

/**
 * A selection for the field's type. Queries read leaf fields a level or two down, so resolvers and loaders
 * run on what the arguments found; mutations ask only `__typename`, so an error in a field the caller may
 * not read cannot null a mutation that did run (the no-write check reads a null as "refused").
 */
export function selectionOf(type: GraphQLNamedType, levels: number): string {
  if (isLeafType(type)) return '';
  if (isUnionType(type)) {
    const members = type.getTypes().map((member) => `... on ${member.name} ${selectionOf(member, levels)}`);
    return `{ __typename ${levels > 0 ? members.join(' ') : ''} }`;
  }
  if (!isObjectType(type) || levels === 0) return '{ __typename }';
  const fields = Object.values(type.getFields())
    .filter((f) => !f.args.some(isRequiredArgument))
    .map((f) => {
      const named = getNamedType(f.type);
      if (isLeafType(named)) return f.name;
      return levels > 1 ? `${f.name} ${selectionOf(named, levels - 1)}` : '';
    });
  return `{ __typename ${fields.join(' ')} }`;
}

/** A GraphQL literal for the value, as a client would write it inline; enum names go bare. */
export function literalOf(value: unknown, type: GraphQLInputType): string {
  const named = getNamedType(type);
  const item = isNonNullType(type) ? type.ofType : type;
  if (value === null || value === undefined) return 'null';
  if (Array.isArray(value)) {
    const inner = isListType(item) ? item.ofType : type;
    return `[${value.map((v) => literalOf(v, inner)).join(', ')}]`;
  }
  if (typeof value === 'object') {
    const fields = isInputObjectType(named) ? named.getFields() : {};
    const entries = Object.entries(value).map(([k, v]) => `${k}: ${literalOf(v, fields[k]?.type ?? named)}`);
    return `{ ${entries.join(', ')} }`;
  }
  if (typeof value === 'string' && isEnumType(named) && /^[_A-Za-z][_0-9A-Za-z]*$/.test(value)) return value;
  if (typeof value === 'number') return Number.isFinite(value) ? String(value) : 'null';
  return JSON.stringify(value);
}
