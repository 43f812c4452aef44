import { describe, expect, test } from 'vitest';
import {
  clusterPlaces,
  distinctName,
  type PlaceCluster,
  type PlaceEntry,
  parsePlaceName,
  placeKey,
  postcodeAfterPlace,
  qualified,
} from './place-name.js';

describe('placeKey: the form names are compared in', () => {
  test.each([
    ['Holmfirth', 'holmfirth'],
    ['  HOLMFIRTH ', 'holmfirth'],
    ['Denby-Dale', 'denby dale'],
    ["St. Mary's", 'st marys'],
    ['Saint Marys', 'st marys'],
    ['Stoke-on-Trent', 'stoke on trent'],
    ['Barwick in Elmet & Scholes', 'barwick in elmet and scholes'],
    ['Ynys Môn', 'ynys mon'],
    ['Sávile  Town', 'savile town'],
  ])('%j is %j', (name, key) => {
    expect(placeKey(name)).toBe(key);
  });
});

describe('postcodeAfterPlace: a postcode or district after a name, without a comma', () => {
  test.each([
    ['Batley WF17', 'WF17'],
    ['batley  wf17 5da', 'wf17 5da'],
    ['Batley WF175DA', 'WF175DA'],
    ['Denby Dale HD8', 'HD8'],
    ['Scholes, Holme Valley HD9', 'HD9'],
  ])('%j is %j', (input, postcode) => {
    expect(postcodeAfterPlace(input)).toBe(postcode);
  });

  test.each([
    ['a postcode alone', 'WF17 5DA'],
    ['a name alone', 'Batley'],
    ['a name and something not a postcode', 'Batley 17'],
    ['digits before the postcode', '12 Batley WF17'],
    ['markup before it', '<b> WF17'],
    ['a district after a comma, which qualifies the name', 'Scholes, HD9'],
    ['over 80 characters', `${'a'.repeat(80)} WF17`],
  ])('%s is not one', (_what, input) => {
    expect(postcodeAfterPlace(input)).toBeNull();
  });
});

describe('parsePlaceName: what may be a place name', () => {
  test('a name, and a name with a qualifier after a comma (which may hold a district)', () => {
    expect(parsePlaceName('Holmfirth')).toEqual({ key: 'holmfirth', qualifier: null });
    expect(parsePlaceName('Scholes, Holme Valley')).toEqual({ key: 'scholes', qualifier: 'holme valley' });
    expect(parsePlaceName('scholes,BD19')).toEqual({ key: 'scholes', qualifier: 'bd19' });
    expect(parsePlaceName('Holmfirth,')).toEqual({ key: 'holmfirth', qualifier: null });
  });

  test('only the first comma splits: the qualifier may hold commas, brackets and "/" as ONS area names do', () => {
    expect(parsePlaceName('Scholes, Holme Valley, Kirklees')).toEqual({ key: 'scholes', qualifier: 'holme valley kirklees' });
    expect(parsePlaceName('Avonmouth, Bristol, City of')).toEqual({ key: 'avonmouth', qualifier: 'bristol city of' });
    expect(parsePlaceName('Newton, Newton (North)')).toEqual({ key: 'newton', qualifier: 'newton north' });
    expect(parsePlaceName('Aberaeron, Aberaeron / Aberaeron')).toEqual({ key: 'aberaeron', qualifier: 'aberaeron aberaeron' });
  });

  test('invisible format characters are dropped and spaces trimmed before the length is measured', () => {
    expect(parsePlaceName('Holm\u200bfirth\u00ad')).toEqual({ key: 'holmfirth', qualifier: null });
    expect(parsePlaceName(`   ${'a'.repeat(80)}   `)).toEqual({ key: 'a'.repeat(80), qualifier: null });
  });

  test.each([
    ['digits in the name', '12 Main Street'],
    ['a postcode', 'HD1 2TA'],
    ['markup', '<script>'],
    ['a town and a district without a comma', 'Holmfirth HD9'],
    ['brackets in the name itself', 'Newton (North)'],
    ['nothing', '   '],
    ['punctuation only', "'.-"],
    ['over 80 characters', 'a'.repeat(81)],
  ])('%s is not one', (_what, input) => {
    expect(parsePlaceName(input)).toBeNull();
  });
});

const entry = (code: string, latitude: number, longitude: number, more: Partial<PlaceEntry> = {}): PlaceEntry => ({
  code,
  name: 'Scholes',
  kind: 'LOC',
  localAuthority: 'Kirklees',
  county: 'West Yorkshire',
  ward: null,
  parish: null,
  parishCode: null,
  latitude,
  longitude,
  outcode: null,
  outcodes: [],
  ...more,
});

describe('clusterPlaces and distinctName', () => {
  test("a place's entries a mile or two apart are one place, standing at its built-up area", () => {
    const [town, ...others] = clusterPlaces([
      entry('IPN1', 53.57, -1.787, { kind: 'LOC' }),
      entry('IPN2', 53.572, -1.789, { kind: 'BUA' }),
      entry('IPN3', 53.56, -1.8, { kind: 'PAR' }),
    ]);
    expect(others).toEqual([]);
    expect(town.best.code).toBe('IPN2');
  });

  test('entries in a line 3.5 miles apart do not chain into one place 7 miles long', () => {
    const [middle, ...ends] = clusterPlaces([
      entry('IPN1', 53.5, -1.8, { kind: 'BUA' }),
      entry('IPN2', 53.55, -1.8),
      entry('IPN3', 53.6, -1.8),
    ]);
    expect(middle.entries.map((e) => e.code)).toEqual(['IPN1', 'IPN2']);
    expect(ends.map((c) => c.entries.map((e) => e.code))).toEqual([['IPN3']]);
  });

  test("a village's own parish is part of it however far the parish's centre lies", () => {
    const clusters = clusterPlaces([
      entry('IPN1', 54.4, -2.2, { kind: 'LOC', parishCode: 'E04000001' }),
      entry('IPN2', 54.48, -2.2, { kind: 'PAR', parishCode: 'E04000001' }),
      entry('IPN3', 54.49, -2.2, { kind: 'PAR', parishCode: 'E04000002' }),
    ]);
    expect(clusters.map((c) => c.entries.map((e) => e.code))).toEqual([['IPN1', 'IPN2'], ['IPN3']]);
  });

  test('places far apart each get a name that picks only them, down to the IPN code when all else is shared', () => {
    const clusters = clusterPlaces([
      entry('IPN1', 53.566, -1.764, { parish: 'Holme Valley', outcode: 'HD9' }),
      entry('IPN2', 53.739, -1.739, { ward: 'Cleckheaton', outcode: 'BD19' }),
      entry('IPN3', 52.0, -1.0, { localAuthority: 'Elsewhere' }),
      entry('IPN4', 51.0, -1.0, { localAuthority: 'Elsewhere' }),
    ]);
    const names = clusters.map((c) => distinctName(c, clusters));
    expect(names.sort()).toEqual(['Scholes, Cleckheaton', 'Scholes, Holme Valley', 'Scholes, IPN3', 'Scholes, IPN4']);
    expectEachTypedBackPicksItself(clusters);
  });

  test('area names with commas, brackets and "/" are offered only as text that reads back as the same place', () => {
    const clusters = clusterPlaces([
      entry('IPN1', 51.45, -2.59, { name: 'Newton', localAuthority: 'Bristol, City of', county: null }),
      entry('IPN2', 53.74, -0.33, { name: 'Newton', ward: 'Newton (North)', localAuthority: 'Kingston upon Hull, City of' }),
      entry('IPN3', 52.24, -4.26, { name: 'Newton', parish: 'Aberaeron / Aberaeron', localAuthority: 'Ceredigion' }),
    ]);
    expect(clusters.map((c) => distinctName(c, clusters)).sort()).toEqual([
      'Newton, Bristol, City of',
      'Newton, Ceredigion',
      'Newton, Kingston upon Hull, City of',
    ]);
    expectEachTypedBackPicksItself(clusters);
    const shared = clusterPlaces([
      entry('IPN1', 51.45, -2.59, { name: 'Newton', ward: 'Newton (North)', localAuthority: 'Elsewhere' }),
      entry('IPN2', 52.24, -4.26, { name: 'Newton', parish: 'Aberaeron / Aberaeron', localAuthority: 'Elsewhere' }),
    ]);
    expect(shared.map((c) => distinctName(c, shared)).sort()).toEqual(['Newton, Aberaeron / Aberaeron', 'Newton, Newton (North)']);
    expectEachTypedBackPicksItself(shared);
  });

  test('the authority names a place when it alone tells the places apart, before a parish that repeats the name', () => {
    const clusters = clusterPlaces([
      entry('IPN1', 53.566, -1.764, { parish: 'Holme Valley', outcode: 'HD9' }),
      entry('IPN2', 53.739, -1.739, { ward: 'Cleckheaton', outcode: 'BD19' }),
      entry('IPN3', 53.83, -1.4, { parish: 'Barwick in Elmet and Scholes', localAuthority: 'Leeds' }),
    ]);
    expect(clusters.map((c) => distinctName(c, clusters)).sort()).toEqual([
      'Scholes, Cleckheaton',
      'Scholes, Holme Valley',
      'Scholes, Leeds',
    ]);
    expectEachTypedBackPicksItself(clusters);
  });

  test('a place whose only distinct area name cannot be typed back is offered by its IPN code', () => {
    const clusters = clusterPlaces([
      entry('IPN1', 53.566, -1.764, { parish: 'Holme Valley' }),
      entry('IPN2', 51.0, -1.0, { parish: 'Area #7' }),
    ]);
    expect(clusters.map((c) => distinctName(c, clusters)).sort()).toEqual(['Scholes, Holme Valley', 'Scholes, IPN2']);
    expectEachTypedBackPicksItself(clusters);
  });
});

/** Each place's distinct name, read as a person typing it, picks that place and no other. */
function expectEachTypedBackPicksItself(clusters: PlaceCluster[]): void {
  for (const cluster of clusters) {
    const typed = parsePlaceName(distinctName(cluster, clusters));
    expect(typed?.key).toBe(placeKey(cluster.best.name));
    expect(qualified(clusters, typed?.qualifier ?? '')).toEqual([cluster]);
  }
}
