import { describe, expect, test, vi } from 'vitest';
import { useTestApp } from './support/app.js';
import { coordinatorServiceBasics, demoSignIn } from './support/demo.js';
import { enumTermId, taxonomyId } from '../api/oruk/oruk.ids.js';
import { orukGet } from './support/search.js';

/**
 * The needs and conditions services say they support, over the Kirklees demo: the list, the `supports`
 * filter on services and providers (GraphQL and ORUK), search text finding them, coordinators editing
 * them, the database refusing what the service refuses, and pages that cost no more for showing them.
 */
const t = useTestApp({ seeded: true });

type Need = { slug: string; name: string };
type ServiceRow = { id: string; name: string; supports: Need[]; category: { slug: string } };
type Page = { totalCount: number; edges: { node: ServiceRow }[] };

const SERVICES = `query($filter: ServiceFilter, $first: Int) {
  services(filter: $filter, first: $first) { totalCount edges { node { id name supports { slug name } category { slug } } } }
}`;
const PROVIDERS = `query($filter: ProviderFilter) { providers(filter: $filter, first: 100) { totalCount edges { node { name } } } }`;

async function services(filter: Record<string, unknown>, first = 100): Promise<Page> {
  const res = await t.gql<{ services: Page }, unknown>(SERVICES, { filter, first });
  expect(res.errors, JSON.stringify(res.errors)).toBeUndefined();
  return res.data!.services;
}

const names = (page: Page) => page.edges.map((e) => e.node.name).sort();

test('careNeeds lists the needs in display order, dementia first, each with a slug, name and description', async () => {
  const res = await t.gql<{ careNeeds: { slug: string; name: string; description: string }[] }, unknown>(
    '{ careNeeds { slug name description } }',
  );
  expect(res.errors).toBeUndefined();
  const needs = res.data!.careNeeds;
  expect(needs.length).toBeGreaterThanOrEqual(12);
  expect(needs[0]).toMatchObject({ slug: 'dementia', name: 'Dementia' });
  expect(needs.map((n) => n.slug)).toEqual(
    expect.arrayContaining(['stroke', 'learning-disability', 'sight-loss', 'hearing-loss', 'mental-health', 'end-of-life']),
  );
  for (const need of needs) expect(need.description).not.toBe('');
});

describe('the supports filter', () => {
  test('selects the services that support any of the needs given, and shows each its needs', async () => {
    const page = await services({ supports: ['dementia', 'stroke'] });
    expect(names(page)).toEqual(['Stroke recovery at home', 'Wednesday memory café']);
    const stroke = page.edges.find((e) => e.node.name === 'Stroke recovery at home')!.node;
    expect(stroke.supports).toEqual([
      { slug: 'stroke', name: 'Stroke' },
      { slug: 'physical-disability', name: 'Physical disability' },
    ]);
  });

  test('combines with the other filters (AND)', async () => {
    const all = await services({ supports: ['physical-disability'] });
    expect(names(all)).toEqual(['Door-to-door minibus', 'Minibus to day activities', 'Stroke recovery at home']);
    const transport = await services({ supports: ['physical-disability'], categories: ['transport'] });
    expect(names(transport)).toEqual(['Door-to-door minibus', 'Minibus to day activities']);
    const adults = await services({ supports: ['learning-disability'], ageYears: 16 });
    expect(adults.totalCount).toBe(0);
  });

  test('on providers, asks for one active service meeting every service-level condition at once', async () => {
    const res = await t.gql<{ providers: { edges: { node: { name: string } }[] } }, unknown>(PROVIDERS, {
      filter: { supports: ['learning-disability'] },
    });
    expect(res.errors).toBeUndefined();
    expect(res.data!.providers.edges.map((e) => e.node.name)).toEqual(['Thornhill Day Opportunities Co-op']);
    // Thornhill's minibus supports physical disability, its day activities do not: no one service meets both.
    const both = await t.gql<{ providers: { edges: { node: { name: string } }[] } }, unknown>(PROVIDERS, {
      filter: { supports: ['physical-disability'], categories: ['day-activities'] },
    });
    expect(both.data!.providers.edges.map((e) => e.node.name)).toEqual([]);
  });

  test('an unknown need is UNKNOWN_NEED naming the argument and the values, and a list over 50 is refused before that', async () => {
    const res = await t.gql(SERVICES, { filter: { supports: ['dementia', 'demensha', 'x'.repeat(100)] } });
    expect(res.errors?.[0]?.extensions).toMatchObject({ code: 'UNKNOWN_NEED', argument: 'filter.supports' });
    const unknown = res.errors![0]!.extensions!.unknown as string[];
    expect(unknown[0]).toBe('demensha');
    expect(unknown[1]!.length).toBeLessThanOrEqual(60);
    const tooMany = await t.gql(PROVIDERS, { filter: { supports: Array.from({ length: 51 }, (_, i) => `need-${i}`) } });
    expect(tooMany.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', argument: 'filter.supports' });
  });

  test('an empty need is BAD_USER_INPUT asking for a need slug, not an unknown need', async () => {
    for (const supports of [[''], ['dementia', '  ']]) {
      const res = await t.gql(SERVICES, { filter: { supports } });
      expect(res.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', argument: 'filter.supports' });
      expect(res.errors?.[0]?.message).toContain('give a need slug');
    }
  });

  test('ORUK takes it as the comma-separated `supports` extension, and refuses an unknown need naming the parameter', async () => {
    const found = await orukGet(t, '/services?supports=dementia,%20end-of-life');
    expect(found.status).toBe(200);
    expect(found.body.contents.map((s: { name: string }) => s.name).sort()).toEqual([
      'End of life sitting service',
      'Wednesday memory café',
    ]);
    const refused = await orukGet(t, '/service_at_locations?supports=dementia,lonliness');
    expect(refused.status).toBe(400);
    expect(refused.body.errors).toEqual([
      expect.objectContaining({ parameter: 'supports', message: expect.stringContaining('lonliness') }),
    ]);
    const tooMany = await orukGet(t, `/services?supports=${Array.from({ length: 51 }, () => 'dementia').join(',')}`);
    expect(tooMany.status).toBe(400);
    expect(tooMany.body.errors[0].parameter).toBe('supports');
  });

  test('a value over 100 characters is refused before it is looked up; ORUK refuses a list of nothing', async () => {
    const long = await t.gql(SERVICES, { filter: { supports: ['dementia', 'd'.repeat(101)] } });
    expect(long.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', argument: 'filter.supports' });
    const orukLong = await orukGet(t, `/services?supports=${'d'.repeat(101)}`);
    expect(orukLong.status).toBe(400);
    expect(orukLong.body.errors).toEqual([
      expect.objectContaining({ parameter: 'supports', message: expect.stringContaining('100 characters') }),
    ]);
    for (const empty of [',', '', ' , ']) {
      const refused = await orukGet(t, `/service_at_locations?supports=${encodeURIComponent(empty)}`);
      expect(refused.status, empty).toBe(400);
      expect(refused.body.errors).toEqual([expect.objectContaining({ parameter: 'supports' })]);
    }
  });
});

test('search text "dementia", "sight loss", "mental health", misspelt "strok", "end of life" finds the services stating them', async () => {
  const dementia = await services({ text: 'dementia' });
  expect(dementia.edges[0]!.node.name).toBe('Wednesday memory café');
  const sight = await services({ text: 'sight loss' });
  expect(sight.edges[0]!.node.name).toBe('Sight loss befriending');
  const mental = await services({ text: 'mental health' });
  expect(mental.edges.map((e) => e.node.name)).toContain('Mental health advocacy');
  const misspelt = await services({ text: 'strok' });
  expect(misspelt.edges[0]!.node.name).toBe('Stroke recovery at home');
  const end = await services({ text: 'end of life' });
  expect(end.edges[0]!.node.name).toBe('End of life sitting service');
});

describe("a service's search document carries its needs' names", () => {
  const UPSERT = `mutation($i: UpsertServiceInput!) { upsertService(input: $i) { id supports { slug } } }`;
  const ids = (page: Page) => page.edges.map((e) => e.node.id);

  test('given a need by its coordinator whose name its own words never use, search finds it by that name', async () => {
    const coordinator = await demoSignIn(t, 'coordinator');
    const service = await coordinatorServiceBasics(t, coordinator);
    const [own] = await t.db.query(
      `SELECT s.name || ' ' || s.description || ' ' || p.name || ' ' || c.name || ' ' || c.description AS words
         FROM service s JOIN provider p ON p.id = s.provider_id JOIN service_category c ON c.id = s.category_id WHERE s.id = $1`,
      [service.id],
    );
    expect(own.words.toLowerCase()).not.toContain('sclerosis');
    const [{ supports }] = await t.db.query('SELECT supports FROM service WHERE id = $1', [service.id]);
    expect(ids(await services({ text: 'multiple sclerosis' }))).not.toContain(service.id);
    const given = await t.gql(UPSERT, { i: { ...service, supports: ['multiple-sclerosis'] } }, coordinator);
    expect(given.errors).toBeUndefined();
    try {
      expect(ids(await services({ text: 'multiple sclerosis' }))).toContain(service.id);
    } finally {
      await t.gql(UPSERT, { i: { ...service, supports } }, coordinator);
    }
  });

  test("renaming a need re-indexes the services that state it, so they are found by the need's new name", async () => {
    const [cafe] = await t.db.query(`SELECT id FROM service WHERE name = 'Wednesday memory café'`);
    expect(ids(await services({ text: 'neurocognitive' }))).toEqual([]);
    await t.db.query(`UPDATE care_need SET name = 'Neurocognitive disorder' WHERE slug = 'dementia'`);
    try {
      expect(ids(await services({ text: 'neurocognitive disorder' }))).toEqual([cafe.id]);
    } finally {
      await t.db.query(`UPDATE care_need SET name = 'Dementia' WHERE slug = 'dementia'`);
    }
  });
});

test('the database refuses a need that is not in the list, a need named twice, and removing a need a service states', async () => {
  const [service] = await t.db.query(`SELECT id FROM service LIMIT 1`);
  await expect(t.db.query(`UPDATE service SET supports = '{loneliness}' WHERE id = $1`, [service.id])).rejects.toThrow(/not in care_need/);
  await expect(t.db.query(`UPDATE service SET supports = '{dementia,dementia}' WHERE id = $1`, [service.id])).rejects.toThrow(/twice/);
  await expect(
    t.db.query(
      `INSERT INTO service (provider_id, category_id, name, description, supports)
       SELECT provider_id, category_id, 'A new service', '', '{loneliness}' FROM service WHERE id = $1`,
      [service.id],
    ),
  ).rejects.toThrow(/not in care_need/);
  await expect(t.db.query(`DELETE FROM care_need WHERE slug = 'dementia'`)).rejects.toThrow(/still supports/);
  await expect(t.db.query(`UPDATE care_need SET slug = 'memory' WHERE slug = 'dementia'`)).rejects.toThrow(/still supports/);
  const truncating = t.db.createQueryRunner();
  try {
    await truncating.startTransaction();
    await expect(truncating.query('TRUNCATE care_need')).rejects.toThrow(/still supports/);
  } finally {
    await truncating.rollbackTransaction();
    await truncating.release();
  }
});

test('a need deleted while a service is being given it waits for that transaction, then refuses', async () => {
  await t.db.query(`INSERT INTO care_need (slug, name, position) VALUES ('raced', 'Raced', 999)`);
  const [service] = await t.db.query(`SELECT id FROM service WHERE cardinality(supports) = 0 LIMIT 1`);
  const giving = t.db.createQueryRunner();
  const deleting = t.db.createQueryRunner();
  try {
    await giving.startTransaction();
    await giving.query(`UPDATE service SET supports = '{raced}' WHERE id = $1`, [service.id]);
    const [{ pid }] = await deleting.query('SELECT pg_backend_pid() AS pid');
    let settled = false;
    const deleted = deleting.query(`DELETE FROM care_need WHERE slug = 'raced'`).then(
      () => 'deleted',
      (error: Error) => error.message,
    );
    void deleted.finally(() => {
      settled = true;
    });
    // Either the delete waits on the need's row (locked by the service's check) or it has already run.
    await vi.waitFor(
      async () => {
        const [activity] = await t.db.query(`SELECT wait_event_type FROM pg_stat_activity WHERE pid = $1`, [pid]);
        if (!settled && activity?.wait_event_type !== 'Lock') throw new Error('the delete is still running');
      },
      { timeout: 10_000, interval: 20 },
    );
    await giving.commitTransaction();
    expect(await deleted).toMatch(/still supports/);
  } finally {
    if (giving.isTransactionActive) await giving.rollbackTransaction();
    await giving.release();
    await deleting.release();
    await t.db.query(`UPDATE service SET supports = '{}' WHERE id = $1`, [service.id]);
    await t.db.query(`DELETE FROM care_need WHERE slug = 'raced'`);
  }
});

describe('coordinators edit the needs their services support', () => {
  const UPSERT = `mutation($i: UpsertServiceInput!) { upsertService(input: $i) { id supports { slug } languages } }`;

  test('sets them (audited), leaves them with null, clears them with [], and search sees each change at once', async () => {
    const coordinator = await demoSignIn(t, 'coordinator');
    const service = await coordinatorServiceBasics(t, coordinator);
    const set = await t.gql<{ upsertService: { supports: Need[] } }, unknown>(
      UPSERT,
      { i: { ...service, supports: ['frailty-and-falls', 'dementia'] } },
      coordinator,
    );
    expect(set.errors).toBeUndefined();
    // Shown in the list's order, whatever order they were given in.
    expect(set.data!.upsertService.supports.map((n) => n.slug)).toEqual(['dementia', 'frailty-and-falls']);
    const [event] = await t.db.query(
      `SELECT summary FROM audit_event WHERE object_id = $1 AND action = 'service.update' ORDER BY id DESC LIMIT 1`,
      [service.id],
    );
    expect(event.summary.supports).toEqual(['frailty-and-falls', 'dementia']);
    expect((await services({ supports: ['frailty-and-falls'] })).edges.map((e) => e.node.id)).toEqual([service.id]);
    expect((await services({ text: 'frailty' })).edges.map((e) => e.node.id)).toContain(service.id);

    const left = await t.gql<{ upsertService: { supports: Need[] } }, unknown>(UPSERT, { i: { ...service, supports: null } }, coordinator);
    expect(left.data!.upsertService.supports).toHaveLength(2);
    const cleared = await t.gql<{ upsertService: { supports: Need[] } }, unknown>(UPSERT, { i: { ...service, supports: [] } }, coordinator);
    expect(cleared.data!.upsertService.supports).toEqual([]);
    expect((await services({ supports: ['frailty-and-falls'] })).totalCount).toBe(0);
  });

  test('an unknown need or one named twice is refused naming `supports`, and nothing changes', async () => {
    const coordinator = await demoSignIn(t, 'coordinator');
    const service = await coordinatorServiceBasics(t, coordinator);
    const unknown = await t.gql(UPSERT, { i: { ...service, supports: ['dementia', 'lonely'] } }, coordinator);
    expect(unknown.errors?.[0]?.extensions).toMatchObject({ code: 'UNKNOWN_NEED', argument: 'supports', unknown: ['lonely'] });
    const twice = await t.gql(UPSERT, { i: { ...service, supports: ['dementia', 'dementia'] } }, coordinator);
    expect(twice.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', argument: 'supports' });
    const [row] = await t.db.query('SELECT supports FROM service WHERE id = $1', [service.id]);
    expect(row.supports).toEqual([]);
  });

  test("someone who is not the provider's coordinator is refused", async () => {
    const coordinator = await demoSignIn(t, 'coordinator');
    const service = await coordinatorServiceBasics(t, coordinator);
    const margaret = await demoSignIn(t, 'margaret');
    const refused = await t.gql(UPSERT, { i: { ...service, supports: ['dementia'] } }, margaret);
    expect(refused.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    const [row] = await t.db.query('SELECT supports FROM service WHERE id = $1', [service.id]);
    expect(row.supports).toEqual([]);
  });
});

test('a page of 100 services showing their needs costs what a page of 5 without them does: the needs are read once', async () => {
  const page = (fields: string) => `query($first: Int) { services(first: $first) { edges { node { id ${fields} } } } }`;
  const statementsFor = async (first: number, fields = 'supports { slug name description }') => {
    t.statements.reset();
    const res = await t.gql<{ services: { edges: unknown[] } }, unknown>(page(fields), { first });
    expect(res.errors).toBeUndefined();
    return { count: t.statements.count, rows: res.data!.services.edges.length };
  };
  await statementsFor(1);
  const without = await statementsFor(5, 'name');
  const small = await statementsFor(5);
  const large = await statementsFor(100);
  expect(large.rows).toBeGreaterThan(40);
  expect(small.count).toBe(without.count);
  expect(large.count).toBe(without.count);
  // The filters' needs come from the same list, and the languages from the registry in memory.
  const filtered = async () => {
    t.statements.reset();
    await services({ supports: ['dementia'], languages: ['urdu'] });
    return t.statements.count;
  };
  await filtered();
  expect(await filtered()).toBe(without.count);
});

describe('ORUK publishes the needs', () => {
  test('as service attributes: terms of a care-needs taxonomy the taxonomy endpoints list, ids derived from slugs', async () => {
    const [cafe] = await t.db.query(`SELECT id FROM service WHERE name = 'Wednesday memory café'`);
    const { body } = await orukGet(t, `/services/${cafe.id}`);
    const needs = body.attributes.filter(
      (a: { taxonomy_term: { taxonomy_id: string } }) => a.taxonomy_term.taxonomy_id === taxonomyId('careNeeds'),
    );
    expect(needs).toEqual([
      expect.objectContaining({
        link_id: cafe.id,
        link_entity: 'service',
        link_type: 'audience',
        taxonomy_term_id: enumTermId('careNeeds', 'dementia'),
        taxonomy_term: expect.objectContaining({ code: 'dementia', name: 'Dementia' }),
      }),
    ]);
    // Its category is still its first attribute.
    expect(body.attributes[0].taxonomy_term.code).toBe('day-activities');

    const taxonomies = await orukGet(t, '/taxonomies');
    expect(taxonomies.body.contents.map((x: { id: string }) => x.id)).toContain(taxonomyId('careNeeds'));
    const taxonomy = await orukGet(t, `/taxonomies/${taxonomyId('careNeeds')}`);
    expect(taxonomy.body.taxonomy_terms.map((x: { code: string }) => x.code).slice(0, 3)).toEqual([
      'dementia',
      'stroke',
      'learning-disability',
    ]);
    const term = await orukGet(t, `/taxonomy_terms/${enumTermId('careNeeds', 'sight-loss')}`);
    expect(term.body).toMatchObject({ code: 'sight-loss', name: 'Sight loss', taxonomy_detail: { id: taxonomyId('careNeeds') } });
  });

  test('taxonomy_term_id of a need selects the services supporting it; with `supports` as well it is refused', async () => {
    const found = await orukGet(t, `/services?taxonomy_term_id=${enumTermId('careNeeds', 'end-of-life')}`);
    expect(found.body.contents.map((s: { name: string }) => s.name)).toEqual(['End of life sitting service']);
    const anyNeed = await orukGet(t, `/services?taxonomy_id=${taxonomyId('careNeeds')}&per_page=100`);
    expect(anyNeed.body.total_items).toBe(
      (await services({ supports: (await t.db.query('SELECT slug FROM care_need')).map((r: { slug: string }) => r.slug) })).totalCount,
    );
    const both = await orukGet(t, `/services?taxonomy_term_id=${enumTermId('careNeeds', 'dementia')}&supports=stroke`);
    expect(both.status).toBe(400);
    expect(both.body.errors[0].parameter).toBe('supports');
  });
});
