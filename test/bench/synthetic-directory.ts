import type { DataSource } from 'typeorm';

/** Town centres across Great Britain that the synthetic providers cluster around (lat, long). */
export const TOWNS: [string, number, number][] = [
  ['Aberdeen', 57.1497, -2.0943],
  ['Inverness', 57.4778, -4.2247],
  ['Dundee', 56.462, -2.9707],
  ['Perth', 56.395, -3.4308],
  ['Edinburgh', 55.9533, -3.1883],
  ['Glasgow', 55.8642, -4.2518],
  ['Dumfries', 55.0701, -3.6053],
  ['Carlisle', 54.8925, -2.9329],
  ['Newcastle', 54.9783, -1.6178],
  ['Sunderland', 54.9069, -1.3838],
  ['Durham', 54.7761, -1.5733],
  ['Middlesbrough', 54.5742, -1.235],
  ['Kendal', 54.328, -2.7463],
  ['Lancaster', 54.0466, -2.8007],
  ['York', 53.96, -1.0873],
  ['Harrogate', 53.9921, -1.5418],
  ['Leeds', 53.8008, -1.5491],
  ['Bradford', 53.795, -1.7594],
  ['Huddersfield', 53.6458, -1.785],
  ['Dewsbury', 53.691, -1.63],
  ['Halifax', 53.7248, -1.8658],
  ['Wakefield', 53.6833, -1.4977],
  ['Hull', 53.7676, -0.3274],
  ['Sheffield', 53.3811, -1.4701],
  ['Manchester', 53.4808, -2.2426],
  ['Liverpool', 53.4084, -2.9916],
  ['Preston', 53.7632, -2.7031],
  ['Chester', 53.1934, -2.8931],
  ['Stoke', 53.0027, -2.1794],
  ['Derby', 52.9225, -1.4746],
  ['Nottingham', 52.9548, -1.1581],
  ['Lincoln', 53.2307, -0.5406],
  ['Leicester', 52.6369, -1.1398],
  ['Birmingham', 52.4862, -1.8904],
  ['Coventry', 52.4068, -1.5197],
  ['Shrewsbury', 52.7073, -2.7553],
  ['Norwich', 52.6309, 1.2974],
  ['Cambridge', 52.2053, 0.1218],
  ['Ipswich', 52.0567, 1.1482],
  ['Oxford', 51.752, -1.2577],
  ['Gloucester', 51.8642, -2.2382],
  ['Swansea', 51.6214, -3.9436],
  ['Cardiff', 51.4816, -3.1791],
  ['Aberystwyth', 52.4153, -4.0829],
  ['Bangor', 53.2274, -4.1293],
  ['Bristol', 51.4545, -2.5879],
  ['Bath', 51.3811, -2.359],
  ['Reading', 51.4543, -0.9781],
  ['London', 51.5074, -0.1278],
  ['Croydon', 51.3762, -0.0982],
  ['Chelmsford', 51.7356, 0.4685],
  ['Canterbury', 51.2802, 1.0789],
  ['Brighton', 50.8225, -0.1372],
  ['Southampton', 50.9097, -1.4044],
  ['Bournemouth', 50.7192, -1.8808],
  ['Exeter', 50.7184, -3.5339],
  ['Plymouth', 50.3755, -4.1427],
  ['Truro', 50.2632, -5.051],
  ['Taunton', 51.015, -3.1029],
  ['Salisbury', 51.0688, -1.7945],
];

const ADJECTIVES = [
  'Community',
  'Valley',
  'Neighbourhood',
  'Hearth',
  'Kindred',
  'Together',
  'Riverside',
  'Hillside',
  'Homeward',
  'Good Neighbours',
];
const ORGANISATIONS = [
  'Care Co-operative',
  'Care Co-op',
  'Support Society',
  'Homecare',
  'Carers',
  'Community Care CIC',
  'Mutual',
  'Collective',
];

/**
 * Synthetic services across Great Britain for the benchmark and paging tests: providers clustered
 * around real town centres, several services each over every category, written straight in SQL so 20,000
 * services load in seconds. Deterministic for a given seed.
 */
export async function generateSyntheticDirectory(
  db: DataSource,
  options: { providers: number; servicesPerProvider: number; seed?: number },
): Promise<{ providers: number; services: number }> {
  const { providers, servicesPerProvider } = options;
  await db.transaction(async (m) => {
    await m.query('SELECT setseed($1)', [options.seed ?? 0.42]);
    await m.query(`CREATE TEMP TABLE bench_town (n int, name text, lat float8, lon float8) ON COMMIT DROP`);
    await m.query(
      `INSERT INTO bench_town SELECT ord - 1, t->>0, (t->>1)::float8, (t->>2)::float8
         FROM jsonb_array_elements($1::jsonb) WITH ORDINALITY AS x(t, ord)`,
      [JSON.stringify(TOWNS)],
    );
    await m.query(
      `CREATE TEMP TABLE bench_provider ON COMMIT DROP AS
       SELECT gen_random_uuid() AS id, g AS n, t.name AS town,
              t.lat + (random() - 0.5) * 0.4 AS lat, t.lon + (random() - 0.5) * 0.6 AS lon,
              random() < 0.6 AS coop, random() < 0.5 AS living_wage,
              (ARRAY['OUTSTANDING','GOOD','GOOD','GOOD','REQUIRES_IMPROVEMENT','INADEQUATE','NOT_YET_RATED'])
                [1 + floor(random() * 7)::int] AS rating
         FROM generate_series(1, $1::int) g JOIN bench_town t ON t.n = g % ${TOWNS.length}`,
      [providers],
    );
    await m.query(
      `INSERT INTO provider (id, name, slug, summary, legal_form, is_cooperative, cqc_rating, pays_real_living_wage, status)
       SELECT id,
              town || ' ' || ($1::text[])[1 + n % array_length($1::text[], 1)]
                || ' ' || ($2::text[])[1 + (n / 7) % array_length($2::text[], 1)] || ' ' || n,
              'bench-' || n,
              'Care and support at home in and around ' || town || '.',
              (CASE WHEN coop THEN 'MULTI_STAKEHOLDER_CO_OPERATIVE' ELSE 'OTHER' END)::legal_form,
              coop, rating::cqc_rating, living_wage, 'PUBLISHED'
         FROM bench_provider`,
      [ADJECTIVES, ORGANISATIONS],
    );
    await m.query(
      `INSERT INTO provider_location (provider_id, name, address_line1, town, postcode, latitude, longitude)
       SELECT id, 'Office', n || ' High Street', town, 'ZZ99 9ZZ', lat, lon FROM bench_provider`,
    );
    await m.query(
      `INSERT INTO service_area (provider_id, latitude, longitude, radius_miles)
       SELECT id, lat, lon, 5 + floor(random() * 15) FROM bench_provider`,
    );
    await m.query(
      `INSERT INTO service (provider_id, category_id, name, description, hourly_rate_pence,
        minimum_visit_minutes, accepts_direct_payments, accepts_council_managed_budgets)
       SELECT p.id, c.id, c.name || ' in ' || p.town,
              c.description || ' Run by a ' ||
                (CASE WHEN p.coop THEN 'co-operative owned by its workers and the people it supports' ELSE 'local company' END) || '.',
              2400 + floor(random() * 1400)::int, (ARRAY[30, 45, 60])[1 + floor(random() * 3)::int], random() < 0.8, random() < 0.5
         FROM bench_provider p
         CROSS JOIN generate_series(1, $1::int) k
         JOIN LATERAL (SELECT * FROM service_category ORDER BY position, slug
           OFFSET ((p.n + k * 5) % (SELECT count(*) FROM service_category)) LIMIT 1) c ON true`,
      [servicesPerProvider],
    );
    await m.query(
      `INSERT INTO service_opening_time (service_id, day_of_week, opens, closes)
       SELECT s.id, d::day_of_week, '08:00', '20:00'
         FROM service s JOIN bench_provider p ON p.id = s.provider_id
         CROSS JOIN unnest(ARRAY['MONDAY','TUESDAY','WEDNESDAY','THURSDAY','FRIDAY']) d`,
    );
  });
  await db.query('ANALYZE');
  return { providers, services: providers * servicesPerProvider };
}
