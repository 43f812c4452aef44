import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { createTestDatabase, type TestDatabase } from './harness.js';

/**
 * DirectoryIntegrity's constraints refuse what the earlier code stored. Migrating up over such rows
 * repairs what can be repaired and removes what cannot be right, instead of failing.
 */
let d: TestDatabase;
beforeAll(async () => {
  d = await createTestDatabase();
});
afterAll(async () => d?.drop());

const BEFORE = 'AccountsHardening1763800600000';

describe('DirectoryIntegrity migrates data the earlier code accepted', () => {
  test('outcodes, slugs, places outside the UK and negative counts are repaired or removed; up succeeds', async () => {
    const db = d.db;
    const lastRun = async () => ((await db.query(`SELECT name FROM typeorm_migrations ORDER BY id DESC LIMIT 1`)) as { name: string }[])[0]?.name;
    while ((await lastRun()) !== BEFORE) await db.undoLastMigration({ transaction: 'each' });

    const provider = async (slug: string): Promise<string> =>
      ((await db.query(`INSERT INTO provider (name, slug, legal_form) VALUES ('Test', $1, 'WORKER_CO_OPERATIVE') RETURNING id`, [slug])) as { id: string }[])[0].id;
    const taken = await provider('colne-valley-care');
    const spaced = await provider('Colne Valley Care');
    const twin = await provider('colne valley care!');
    const empty = await provider('!!!');
    const fine = await provider('already-fine');

    const area = (outcode: string | null, lat: number | null = null, lon: number | null = null, miles: number | null = null) =>
      db.query(`INSERT INTO service_area (provider_id, outcode, latitude, longitude, radius_miles) VALUES ($1, $2, $3, $4, $5)`, [fine, outcode, lat, lon, miles]);
    await area(' hd7 ');
    await area('HD1');
    await area('HUDDERSFIELD');
    await area(null, 48.85, 2.35, 5);
    await area(null, 53.6, -1.9, 5);
    const location = (name: string, lat: number, lon: number) =>
      db.query(`INSERT INTO provider_location (provider_id, name, address_line1, town, postcode, latitude, longitude) VALUES ($1, $2, '1 Road', 'Town', 'HD7 5AB', $3, $4)`, [
        fine,
        name,
        lat,
        lon,
      ]);
    await location('Paris', 48.85, 2.35);
    await location('Slaithwaite', 53.62, -1.88);
    await db.query(`INSERT INTO provider_member_class (provider_id, member_class, member_count) VALUES ($1, 'WORKER', -3), ($1, 'VOLUNTEER', 4)`, [fine]);
    await db.query(`INSERT INTO provider_board_seat (provider_id, member_class, seats) VALUES ($1, 'WORKER', -1)`, [fine]);

    await db.runMigrations({ transaction: 'each' });
    expect(await db.showMigrations()).toBe(false);

    const slugs = Object.fromEntries(
      ((await db.query(`SELECT id, slug FROM provider WHERE id = ANY($1)`, [[taken, spaced, twin, empty, fine]])) as { id: string; slug: string }[]).map((r) => [r.id, r.slug]),
    );
    const idPart = (id: string) => id.replace(/-/g, '').slice(0, 8);
    expect(slugs[taken]).toBe('colne-valley-care');
    expect(slugs[fine]).toBe('already-fine');
    expect(slugs[empty]).toBe('provider');
    // Both would be colne-valley-care, which another provider has: each gets part of its id.
    expect([slugs[spaced], slugs[twin]]).toEqual([`colne-valley-care-${idPart(spaced)}`, `colne-valley-care-${idPart(twin)}`]);

    expect(await db.query(`SELECT outcode, latitude, longitude FROM service_area WHERE provider_id = $1 ORDER BY outcode`, [fine])).toEqual([
      { outcode: 'HD1', latitude: null, longitude: null },
      { outcode: 'HD7', latitude: null, longitude: null },
      { outcode: null, latitude: 53.6, longitude: -1.9 },
    ]);
    expect(await db.query(`SELECT name FROM provider_location WHERE provider_id = $1`, [fine])).toEqual([{ name: 'Slaithwaite' }]);
    expect(await db.query(`SELECT member_class, member_count FROM provider_member_class WHERE provider_id = $1 ORDER BY member_count`, [fine])).toEqual([
      { member_class: 'WORKER', member_count: 0 },
      { member_class: 'VOLUNTEER', member_count: 4 },
    ]);
    expect(await db.query(`SELECT seats FROM provider_board_seat WHERE provider_id = $1`, [fine])).toEqual([{ seats: 0 }]);
  });
});
