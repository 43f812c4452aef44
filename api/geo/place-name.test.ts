import { describe, expect, test } from 'vitest';
import { clusterPlaces, distinctName, type PlaceEntry, parsePlaceName, placeKey, qualified } from './place-name.js';

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

describe('parsePlaceName: what may be a place name', () => {
  test('a name, and a name with a qualifier after a comma (which may hold a district)', () => {
    expect(parsePlaceName('Holmfirth')).toEqual({ key: 'holmfirth', qualifier: null });
    expect(parsePlaceName('Scholes, Holme Valley')).toEqual({ key: 'scholes', qualifier: 'holme valley' });
    expect(parsePlaceName('scholes,BD19')).toEqual({ key: 'scholes', qualifier: 'bd19' });
    expect(parsePlaceName('Holmfirth,')).toEqual({ key: 'holmfirth', qualifier: null });
  });

  test.each([
    ['digits in the name', '12 Main Street'],
    ['a postcode', 'HD1 2TA'],
    ['markup', '<script>'],
    ['two commas', 'Scholes, Holme Valley, Kirklees'],
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
  latitude,
  longitude,
  outcode: null,
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

  test('places far apart each get a name that picks only them, down to the IPN code when all else is shared', () => {
    const clusters = clusterPlaces([
      entry('IPN1', 53.566, -1.764, { parish: 'Holme Valley', outcode: 'HD9' }),
      entry('IPN2', 53.739, -1.739, { ward: 'Cleckheaton', outcode: 'BD19' }),
      entry('IPN3', 52.0, -1.0, { localAuthority: 'Elsewhere' }),
      entry('IPN4', 51.0, -1.0, { localAuthority: 'Elsewhere' }),
    ]);
    const names = clusters.map((c) => distinctName(c, clusters));
    expect(names.sort()).toEqual(['Scholes, Cleckheaton', 'Scholes, Holme Valley', 'Scholes, IPN3', 'Scholes, IPN4']);
    for (const cluster of clusters) {
      const qualifier = placeKey(distinctName(cluster, clusters).split(', ')[1]);
      expect(qualified(clusters, qualifier)).toEqual([cluster]);
    }
  });
});
