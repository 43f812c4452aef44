import { Readable } from 'node:stream';
import type { DataSource } from 'typeorm';
import { importPostcodes } from '../../api/geo/postcode-import.js';
import { TOWNS } from './synthetic-directory.js';

/** Letters Royal Mail uses in the last two places of an inward code. */
const INWARD_LETTERS = 'ABDEFGHJLNPQRSTUWXYZ';
/** Areas no real postcode uses (Q and X start none), so synthetic postcodes never clash with the seeded Kirklees ones. */
const AREA_FIRST = ['Q', 'X'];
const DISTRICTS_PER_TOWN = 4;
const SECTORS_PER_DISTRICT = 5;

/** A small deterministic generator (mulberry32), so every run of the bench seeds the same gazetteer. */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/**
 * Postcodes around every town the synthetic directory places providers at (QA1 2BD…), imported as an
 * ONSPD file through the real importer so sectors and districts are computed as for the real gazetteer:
 * enough units that the bench's searches cannot all be answered from the geocode cache.
 */
export async function seedSyntheticGazetteer(db: DataSource, postcodes: number): Promise<number> {
  const random = seededRandom(7);
  const perSector = Math.max(1, Math.ceil(postcodes / (TOWNS.length * DISTRICTS_PER_TOWN * SECTORS_PER_DISTRICT)));
  const lines = ['"pcds","doterm","oslaua","lat","long"'];
  TOWNS.forEach(([, lat, lon], t) => {
    const area = AREA_FIRST[Math.floor(t / 26)] + String.fromCharCode(65 + (t % 26));
    for (let d = 1; d <= DISTRICTS_PER_TOWN; d++) {
      for (let s = 0; s < SECTORS_PER_DISTRICT; s++) {
        for (let u = 0; u < perSector; u++) {
          const letters = INWARD_LETTERS.length;
          const inward = `${s}${INWARD_LETTERS[Math.floor(u / letters) % letters]}${INWARD_LETTERS[u % letters]}`;
          // The same spread as the synthetic providers around their town.
          const latitude = (lat + (random() - 0.5) * 0.4).toFixed(6);
          const longitude = (lon + (random() - 0.5) * 0.6).toFixed(6);
          lines.push(`"${area}${d} ${inward}","","E99999999","${latitude}","${longitude}"`);
        }
      }
    }
  });
  const result = await importPostcodes(db, Readable.from([lines.join('\n') + '\n']));
  return result.imported;
}
