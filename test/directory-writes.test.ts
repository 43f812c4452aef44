import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { buildProvider, buildService, listings } from '../api/directory/fixtures/builders.js';
import { DayOfWeek, ProviderStatus } from '../api/directory/directory.enums.js';
import { Provider } from '../api/directory/provider.entity.js';
import { Service } from '../api/directory/service.entity.js';
import { seedGazetteer } from '../api/geo/gazetteer.js';
import { buildWorld, type World } from './permissions.fixture.js';
import { startTestApp, type TestApp } from './harness.js';

let t: TestApp;
let w: World;
beforeAll(async () => {
  t = await startTestApp();
  await seedGazetteer(t.db);
  w = await buildWorld(t);
});
afterAll(async () => t?.close());

const codeOf = async (work: Promise<unknown>) => {
  try {
    await work;
  } catch (error) {
    const refused = error as { failure?: string; details?: { argument?: string } };
    return { code: refused.failure, ...refused.details };
  }
  throw new Error('expected the write to be refused');
};

describe('DirectoryService writes check their input once, for every caller', () => {
  test('provider fields: lengths, ranges and the website', async () => {
    const directory = listings(t.services);
    const provider = await buildProvider(t.services);
    expect(await codeOf(directory.updateProvider(provider.id, { name: '  ' }))).toMatchObject({ code: 'BAD_USER_INPUT', argument: 'name' });
    expect(await codeOf(directory.updateProvider(provider.id, { summary: 'x'.repeat(501) }))).toMatchObject({ argument: 'summary' });
    expect(await codeOf(directory.updateProvider(provider.id, { staffTurnoverPercent: 101 }))).toMatchObject({ argument: 'staffTurnoverPercent' });
    for (const website of ['ftp://example.org', 'javascript:alert(1)', 'https://exa mple.org', 'example.org']) {
      expect(await codeOf(directory.updateProvider(provider.id, { website }))).toMatchObject({ code: 'BAD_USER_INPUT', argument: 'website' });
    }
    expect(await codeOf(directory.createProvider({ name: 'x'.repeat(201), slug: 'too-long', legalForm: provider.legalForm, isCooperative: true }))).toMatchObject({
      argument: 'name',
    });
    const { saved, previous } = await directory.updateProvider(provider.id, { name: '  Trimmed Co-op  ', website: 'https://trimmed.example/' });
    expect(saved).toMatchObject({ name: 'Trimmed Co-op', website: 'https://trimmed.example/' });
    expect(previous.name).toBe(provider.name);
    expect(await codeOf(directory.updateProvider('00000000-0000-4000-8000-000000000000', { name: 'Nobody' }))).toMatchObject({ code: 'NOT_FOUND' });
  });

  test('service fields: rate, ages, opening times, areas, category, provider', async () => {
    const directory = listings(t.services);
    const provider = await buildProvider(t.services);
    expect(await codeOf(buildService(t.services, provider.id, { hourlyRatePence: -1 }))).toMatchObject({ argument: 'hourlyRatePence' });
    expect(await codeOf(buildService(t.services, provider.id, { minimumAge: 65, maximumAge: 18 }))).toMatchObject({ argument: 'minimumAge' });
    expect(await codeOf(buildService(t.services, provider.id, { minimumAge: 200 }))).toMatchObject({ argument: 'minimumAge' });
    expect(
      await codeOf(buildService(t.services, provider.id, { openingTimes: [{ dayOfWeek: DayOfWeek.MONDAY, opens: '18:00', closes: '09:00' }] })),
    ).toMatchObject({ argument: 'openingTimes' });
    expect(await codeOf(buildService(t.services, provider.id, { areas: [{ latitude: 53.6, longitude: -1.8, radiusMiles: 500 }] }))).toMatchObject({
      argument: 'areas',
    });
    expect(await codeOf(buildService(t.services, provider.id, { category: 'no-such-category' }))).toMatchObject({ argument: 'category' });
    expect(await codeOf(buildService(t.services, '00000000-0000-4000-8000-000000000000'))).toMatchObject({ code: 'NOT_FOUND' });

    const service = await buildService(t.services, provider.id, { minimumAge: 18 });
    const other = await buildProvider(t.services);
    expect(await codeOf(directory.updateService(service.id, other.id, { name: 'Mine now' }))).toMatchObject({ code: 'FORBIDDEN' });
    expect(await codeOf(directory.updateService(service.id, provider.id, { maximumAge: 10 }))).toMatchObject({ argument: 'minimumAge' });
    const { saved } = await directory.updateService(service.id, provider.id, { category: 'respite', name: ' Short breaks ' });
    expect(saved.name).toBe('Short breaks');
    // Nothing refused above was written.
    expect(await t.db.getRepository(Service).countBy({ providerId: provider.id })).toBe(1);
  });

  test('a write given a transaction runs in it: a later failure rolls the write back', async () => {
    const provider = await buildProvider(t.services, { status: ProviderStatus.DRAFT });
    await expect(
      t.services.uow.transaction(async () => {
        await listings(t.services).setProviderStatus(provider.id, ProviderStatus.PUBLISHED);
        await listings(t.services).updateProvider(provider.id, { summary: 'Changed in the same transaction.' });
        throw new Error('the audit failed');
      }),
    ).rejects.toThrow('the audit failed');
    expect(await t.db.getRepository(Provider).findOneByOrFail({ id: provider.id })).toMatchObject({ status: ProviderStatus.DRAFT, summary: provider.summary });
  });

  test('councilsServing: the councils of those given whose districts the provider is in or serves; null when unknown', async () => {
    const { directory } = t.services;
    expect(await directory.councilsServing(w.providerA, [w.councilA, w.councilB])).toEqual([w.councilA]);
    expect(await directory.councilsServing(w.providerA, [w.councilB])).toEqual([]);
    expect(await directory.councilsServing('00000000-0000-4000-8000-000000000000', [w.councilA])).toBeNull();
    expect(await directory.councilsServing('not-a-uuid', [w.councilA])).toBeNull();
  });
});

describe('curation through GraphQL: authorize, the directory write and the audit event, all or nothing', () => {
  const UPDATE = `mutation($i: UpdateProviderInput!) { updateProvider(input: $i) { id name website } }`;
  const audited = async (objectId: string) =>
    ((await t.db.query(`SELECT action, summary FROM audit_event WHERE object_id = $1 ORDER BY id`, [objectId])) as { action: string; summary: any }[]);

  test('refused input changes nothing and is not audited; accepted input is, with what changed', async () => {
    const before = await audited(w.providerA);
    const bad = await t.gql(UPDATE, { i: { id: w.providerA, website: 'not a web address', name: 'Renamed' } }, w.headers('coordinator'));
    expect(bad.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', argument: 'website' });
    expect(await audited(w.providerA)).toEqual(before);

    const ok = await t.gql<{ updateProvider: { name: string; website: string } }, unknown>(
      UPDATE,
      { i: { id: w.providerA, name: '  Co-op A, renamed ', website: 'https://co-op-a.example', summary: null } },
      w.headers('coordinator'),
    );
    expect(ok.errors).toBeUndefined();
    expect(ok.data!.updateProvider).toMatchObject({ name: 'Co-op A, renamed', website: 'https://co-op-a.example' });
    const after = await audited(w.providerA);
    expect(after.at(-1)).toEqual({ action: 'provider.update', summary: { changed: { name: 'Co-op A, renamed', website: 'https://co-op-a.example' } } });
  });

  test('an officer publishing an unknown provider is told it does not exist; a refused publish writes nothing', async () => {
    const unknown = await t.gql(`mutation($id: ID!) { publishProvider(id: $id) { id } }`, { id: '00000000-0000-4000-8000-000000000000' }, w.headers('officer'));
    expect(unknown.errors?.[0]?.extensions?.code).toBe('NOT_FOUND');
    const status = async () => (await t.db.getRepository(Provider).findOneByOrFail({ id: w.providerB })).status;
    const was = await status();
    const refused = await t.gql(`mutation($id: ID!) { suspendProvider(id: $id) { id } }`, { id: w.providerB }, w.headers('officer'));
    expect(refused.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    expect(await status()).toBe(was);
  });

  test('upsertService: a new service and a change, each audited with the fields given', async () => {
    const UPSERT = `mutation($i: UpsertServiceInput!) { upsertService(input: $i) { id name hourlyRatePence minimumVisitMinutes } }`;
    const created = await t.gql<{ upsertService: { id: string; minimumVisitMinutes: number } }, unknown>(
      UPSERT,
      { i: { providerId: w.providerA, category: 'personal-care', name: ' Evening calls ', hourlyRatePence: 2600, minimumVisitMinutes: null } },
      w.headers('coordinator'),
    );
    expect(created.errors).toBeUndefined();
    const id = created.data!.upsertService.id;
    expect(created.data!.upsertService.minimumVisitMinutes).toBe(60);
    const tooLong = await t.gql(UPSERT, { i: { id, providerId: w.providerA, category: 'personal-care', name: 'x'.repeat(201), hourlyRatePence: 1 } }, w.headers('coordinator'));
    expect(tooLong.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', argument: 'name' });
    const changed = await t.gql(
      UPSERT,
      { i: { id, providerId: w.providerA, category: 'respite', name: 'Evening calls', hourlyRatePence: 2700, description: 'Calls until ten.' } },
      w.headers('coordinator'),
    );
    expect(changed.errors).toBeUndefined();
    const events = await audited(id);
    expect(events.map((e) => e.action)).toEqual(['service.create', 'service.update']);
    expect(events[0].summary).toMatchObject({ name: 'Evening calls', hourlyRatePence: 2600, category: 'personal-care' });
    expect(events[1].summary).toMatchObject({ hourlyRatePence: 2700, category: 'respite', description: '(changed)' });
  });
});
