import { describe, expect, test } from 'vitest';
import { useTestApp } from './support/app.js';
import { coordinatorServiceBasics, demoSignIn } from './support/demo.js';
import { orukGet } from './support/search.js';
import { normaliseServiceLanguages } from '../migrations/1769000100000-CareNeedsAndLanguages.js';

/**
 * The languages services work in, over the Kirklees demo: the `languages` filter on services and
 * providers (by name, code or another name, any case; GraphQL and ORUK), search text naming a language,
 * coordinators recording them as the registry names them, and ORUK publishing their ISO codes.
 */
const t = useTestApp({ seeded: true });

type Page = { totalCount: number; edges: { node: { id: string; name: string; languages: string[] } }[] };
const SERVICES = `query($filter: ServiceFilter) {
  services(filter: $filter, first: 100) { totalCount edges { node { id name languages } } }
}`;

async function services(filter: Record<string, unknown>): Promise<Page> {
  const res = await t.gql<{ services: Page }, unknown>(SERVICES, { filter });
  expect(res.errors, JSON.stringify(res.errors)).toBeUndefined();
  return res.data!.services;
}
const names = (page: Page) => page.edges.map((e) => e.node.name).sort();

const URDU_SERVICES = ['Halal and vegetarian meals', 'Help with forms and benefits', 'Home care', 'Personal care visits'];

describe('the languages filter', () => {
  test('selects the services working in any of the languages, named by name, code or another name in any case', async () => {
    expect(names(await services({ languages: ['Urdu'] }))).toEqual(URDU_SERVICES);
    expect(names(await services({ languages: ['ur'] }))).toEqual(URDU_SERVICES);
    expect(names(await services({ languages: ['  uRDu '] }))).toEqual(URDU_SERVICES);
    expect(names(await services({ languages: ['Panjabi'] }))).toEqual([
      'Help with forms and benefits',
      'Home care',
      'Personal care visits',
    ]);
    expect(names(await services({ languages: ['BSL'] }))).toEqual(['Deaf social afternoon']);
    expect(names(await services({ languages: ['pl', 'gujarati'] }))).toEqual(URDU_SERVICES);
  });

  test('combines with the other filters, and on providers asks for one service meeting them all', async () => {
    expect(names(await services({ languages: ['Urdu'], categories: ['personal-care'] }))).toEqual(['Home care', 'Personal care visits']);
    expect(names(await services({ languages: ['Urdu'], supports: ['dementia'] }))).toEqual([]);
    const PROVIDERS = `query($filter: ProviderFilter) { providers(filter: $filter) { edges { node { name } } } }`;
    const polish = await t.gql<{ providers: { edges: { node: { name: string } }[] } }, unknown>(PROVIDERS, {
      filter: { languages: ['Polish'] },
    });
    expect(polish.data!.providers.edges.map((e) => e.node.name)).toEqual(['Huddersfield Home Support Co-operative']);
    const polishMeals = await t.gql<{ providers: { edges: unknown[] } }, unknown>(PROVIDERS, {
      filter: { languages: ['Polish'], categories: ['meals-and-shopping'] },
    });
    expect(polishMeals.data!.providers.edges).toEqual([]);
  });

  test('an unknown language is UNKNOWN_LANGUAGE naming the argument and the values; a list over 50 is refused first', async () => {
    const res = await t.gql(SERVICES, { filter: { languages: ['Urdu', 'Klingon'] } });
    expect(res.errors?.[0]?.extensions).toMatchObject({ code: 'UNKNOWN_LANGUAGE', argument: 'filter.languages', unknown: ['Klingon'] });
    const tooMany = await t.gql(SERVICES, { filter: { languages: Array.from({ length: 51 }, () => 'Urdu') } });
    expect(tooMany.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', argument: 'filter.languages' });
  });

  test('an empty language is BAD_USER_INPUT asking for a language name, not an unknown language', async () => {
    for (const languages of [[''], ['Urdu', ' ']]) {
      const res = await t.gql(SERVICES, { filter: { languages } });
      expect(res.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', argument: 'filter.languages' });
      expect(res.errors?.[0]?.message).toContain('give a language name');
    }
  });

  test('ORUK takes it as the comma-separated `languages` extension, and refuses an unknown language naming the parameter', async () => {
    const found = await orukGet(t, '/services?languages=ur&per_page=100');
    expect(found.status).toBe(200);
    expect(found.body.contents.map((s: { name: string }) => s.name).sort()).toEqual(URDU_SERVICES);
    const pairs = await orukGet(t, '/service_at_locations?languages=BSL');
    expect(pairs.body.contents.map((p: { service: { name: string } }) => p.service.name)).toEqual(['Deaf social afternoon']);
    const refused = await orukGet(t, '/services?languages=urdu,klingon');
    expect(refused.status).toBe(400);
    expect(refused.body.errors).toEqual([expect.objectContaining({ parameter: 'languages', message: expect.stringContaining('klingon') })]);
  });

  test('English, by name or code, selects every service: every service works in it', async () => {
    const all = (await services({})).totalCount;
    expect(all).toBeGreaterThan(URDU_SERVICES.length);
    expect((await services({ languages: ['English'] })).totalCount).toBe(all);
    expect((await services({ languages: ['en'] })).totalCount).toBe(all);
    // Any of: English among others still asks nothing.
    expect((await services({ languages: ['Urdu', 'english'] })).totalCount).toBe(all);
    const oruk = await orukGet(t, '/services?languages=english&per_page=1');
    expect(oruk.status).toBe(200);
    expect(oruk.body.total_items).toBe(all);
  });

  test('a value over 100 characters is refused before it is looked up; ORUK refuses a list of nothing', async () => {
    const long = await t.gql(SERVICES, { filter: { languages: ['Urdu', 'u'.repeat(101)] } });
    expect(long.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', argument: 'filter.languages' });
    const orukLong = await orukGet(t, `/services?languages=${'u'.repeat(101)}`);
    expect(orukLong.status).toBe(400);
    expect(orukLong.body.errors).toEqual([
      expect.objectContaining({ parameter: 'languages', message: expect.stringContaining('100 characters') }),
    ]);
    for (const empty of [',', '', ' , ']) {
      const refused = await orukGet(t, `/services?languages=${encodeURIComponent(empty)}`);
      expect(refused.status, empty).toBe(400);
      expect(refused.body.errors).toEqual([expect.objectContaining({ parameter: 'languages' })]);
    }
  });
});

test('languages stored before the registry are rewritten as it names them: the filter finds them, ORUK publishes the names', async () => {
  const [home] = await t.db.query(`SELECT id FROM service WHERE name = 'Deaf social afternoon'`);
  // As upsertService accepted them before the registry: any text, any case, English among them.
  await t.db.query(`UPDATE service SET languages = '{urdu,Farsi,Panjabi,english,URDU,Klingon}' WHERE id = $1`, [home.id]);
  const runner = t.db.createQueryRunner();
  try {
    await normaliseServiceLanguages(runner);
    const [row] = await t.db.query('SELECT languages FROM service WHERE id = $1', [home.id]);
    expect(row.languages).toEqual(['Urdu', 'Persian', 'Punjabi', 'Klingon']);
    expect(names(await services({ languages: ['fa'] }))).toEqual(['Deaf social afternoon']);
    expect(names(await services({ languages: ['ur'] }))).toContain('Deaf social afternoon');
    const { body } = await orukGet(t, `/services/${home.id}`);
    expect(body.languages.map((l: { name: string }) => l.name)).toEqual(['English', 'Urdu', 'Persian', 'Punjabi', 'Klingon']);
  } finally {
    await runner.release();
    await t.db.query(`UPDATE service SET languages = '{British Sign Language}' WHERE id = $1`, [home.id]);
  }
});

test('search text naming a language finds the services that work in it, though their words never say it', async () => {
  const urdu = await services({ text: 'urdu' });
  expect(names(urdu)).toEqual(URDU_SERVICES);
  expect((await services({ text: 'sign language' })).edges.map((e) => e.node.name)).toContain('Deaf social afternoon');
});

test('ORUK publishes each language with its ISO 639 code, English first', async () => {
  const [row] = await t.db.query(`SELECT id FROM service WHERE name = 'Deaf social afternoon'`);
  const { body } = await orukGet(t, `/services/${row.id}`);
  expect(body.languages.map((l: { name: string; code: string }) => [l.name, l.code])).toEqual([
    ['English', 'en'],
    ['British Sign Language', 'bfi'],
  ]);
});

describe('coordinators record the languages a service works in', () => {
  const UPSERT = `mutation($i: UpsertServiceInput!) { upsertService(input: $i) { id languages } }`;

  test('as the registry names them, each once, English left out; audited; [] clears them', async () => {
    const coordinator = await demoSignIn(t, 'coordinator');
    const service = await coordinatorServiceBasics(t, coordinator);
    const set = await t.gql<{ upsertService: { languages: string[] } }, unknown>(
      UPSERT,
      { i: { ...service, languages: ['ur', 'Polish', 'english', 'URDU', 'bsl'] } },
      coordinator,
    );
    expect(set.errors).toBeUndefined();
    expect(set.data!.upsertService.languages).toEqual(['Urdu', 'Polish', 'British Sign Language']);
    const [event] = await t.db.query(
      `SELECT summary FROM audit_event WHERE object_id = $1 AND action = 'service.update' ORDER BY id DESC LIMIT 1`,
      [service.id],
    );
    expect(event.summary.languages).toEqual(['Urdu', 'Polish', 'British Sign Language']);
    // The listing write emptied the text cache: "polish" now finds the service.
    expect((await services({ text: 'polish' })).edges.map((e) => e.node.id)).toContain(service.id);
    const cleared = await t.gql<{ upsertService: { languages: string[] } }, unknown>(
      UPSERT,
      { i: { ...service, languages: [] } },
      coordinator,
    );
    expect(cleared.data!.upsertService.languages).toEqual([]);
  });

  test('an unknown language is UNKNOWN_LANGUAGE, one over 100 characters BAD_USER_INPUT, naming `languages`; nothing changes', async () => {
    const coordinator = await demoSignIn(t, 'coordinator');
    const service = await coordinatorServiceBasics(t, coordinator);
    const refused = await t.gql(UPSERT, { i: { ...service, languages: ['Urdu', 'Elvish'] } }, coordinator);
    expect(refused.errors?.[0]?.extensions).toMatchObject({ code: 'UNKNOWN_LANGUAGE', argument: 'languages', unknown: ['Elvish'] });
    const long = await t.gql(UPSERT, { i: { ...service, languages: ['Urdu', 'u'.repeat(101)] } }, coordinator);
    expect(long.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', argument: 'languages' });
    const [row] = await t.db.query('SELECT languages FROM service WHERE id = $1', [service.id]);
    expect(row.languages).toEqual([]);
  });

  test("someone who is not the provider's coordinator is refused", async () => {
    const service = await coordinatorServiceBasics(t, await demoSignIn(t, 'coordinator'));
    const refused = await t.gql(UPSERT, { i: { ...service, languages: ['Urdu'] } }, await demoSignIn(t, 'david'));
    expect(refused.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
  });
});
