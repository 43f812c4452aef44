import { describe, expect, inject, test } from 'vitest';
import { DayOfWeek, MemberClass, ProviderStatus } from '../api/directory/directory.enums.js';
import { addCoordinator } from './support/accounts.js';
import { useTestApp } from './support/app.js';
import { coordinatorProvider, DEMO_PASSWORD, demoSignIn, publicServices } from './support/demo.js';
import { internalErrors, signedIn } from './support/graphql.js';
import { orukGet } from './support/search.js';
import { addProvider, addService, directoryWrites, refusal } from './support/seed.js';
import { useWorld } from './support/world.js';

/**
 * Keeping a listing true: the directory's writes check their input once for every caller (and the
 * database refuses the same data written around them); curation over GraphQL authorizes, writes and
 * audits all or nothing; a coordinator keeps the rest of their listing true (ages, weekly schedule,
 * areas, member classes, board seats, locations), and what the audit trail keeps of it.
 */
describe('directory writes and curation', () => {
  const t = useTestApp({ seeded: 'world' });
  const w = useWorld(t);

  describe('DirectoryService writes check their input once, for every caller', () => {
    test('provider fields: lengths, ranges and the website', async () => {
      const writes = directoryWrites(t.services);
      const provider = await addProvider(t.services);
      expect(await refusal(writes.updateProvider(provider.id, { name: '  ' }))).toMatchObject({ code: 'BAD_USER_INPUT', argument: 'name' });
      expect(await refusal(writes.updateProvider(provider.id, { summary: 'x'.repeat(501) }))).toMatchObject({ argument: 'summary' });
      expect(await refusal(writes.updateProvider(provider.id, { staffTurnoverPercent: 101 }))).toMatchObject({
        argument: 'staffTurnoverPercent',
      });
      for (const website of ['ftp://example.org', 'javascript:alert(1)', 'https://exa mple.org', 'example.org']) {
        expect(await refusal(writes.updateProvider(provider.id, { website }))).toMatchObject({
          code: 'BAD_USER_INPUT',
          argument: 'website',
        });
      }
      expect(
        await refusal(
          writes.createProvider({ name: 'x'.repeat(201), slug: 'too-long', legalForm: provider.legalForm, isCooperative: true }),
        ),
      ).toMatchObject({
        argument: 'name',
      });
      const { saved, previous } = await writes.updateProvider(provider.id, {
        name: '  Trimmed Co-op  ',
        website: 'https://trimmed.example/',
      });
      expect(saved).toMatchObject({ name: 'Trimmed Co-op', website: 'https://trimmed.example/' });
      expect(previous.name).toBe(provider.name);
      expect(await refusal(writes.updateProvider('00000000-0000-4000-8000-000000000000', { name: 'Nobody' }))).toMatchObject({
        code: 'NOT_FOUND',
      });
    });

    test('service fields: rate, ages, opening times, areas, category, provider', async () => {
      const writes = directoryWrites(t.services);
      const provider = await addProvider(t.services);
      expect(await refusal(addService(t.services, provider.id, { hourlyRatePence: -1 }))).toMatchObject({ argument: 'hourlyRatePence' });
      expect(await refusal(addService(t.services, provider.id, { minimumAge: 65, maximumAge: 18 }))).toMatchObject({
        argument: 'minimumAge',
      });
      expect(await refusal(addService(t.services, provider.id, { minimumAge: 200 }))).toMatchObject({ argument: 'minimumAge' });
      expect(
        await refusal(
          addService(t.services, provider.id, { openingTimes: [{ dayOfWeek: DayOfWeek.MONDAY, opens: '18:00', closes: '09:00' }] }),
        ),
      ).toMatchObject({ argument: 'openingTimes' });
      expect(
        await refusal(addService(t.services, provider.id, { areas: [{ latitude: 53.6, longitude: -1.8, radiusMiles: 500 }] })),
      ).toMatchObject({
        argument: 'areas',
      });
      expect(await refusal(addService(t.services, provider.id, { category: 'no-such-category' }))).toMatchObject({ argument: 'category' });
      expect(await refusal(addService(t.services, '00000000-0000-4000-8000-000000000000'))).toMatchObject({ code: 'NOT_FOUND' });

      const service = await addService(t.services, provider.id, { minimumAge: 18 });
      const other = await addProvider(t.services);
      expect(await refusal(writes.updateService(service.id, other.id, { name: 'Mine now' }))).toMatchObject({ code: 'FORBIDDEN' });
      expect(await refusal(writes.updateService(service.id, provider.id, { maximumAge: 10 }))).toMatchObject({ argument: 'minimumAge' });
      const { saved } = await writes.updateService(service.id, provider.id, { category: 'respite', name: ' Short breaks ' });
      expect(saved.name).toBe('Short breaks');
      // Nothing refused above was written.
      expect(await t.db.query(`SELECT count(*)::int AS n FROM service WHERE provider_id = $1`, [provider.id])).toEqual([{ n: 1 }]);
    });

    test('a write joins the unit of work it is called in: a later failure rolls the write back', async () => {
      const provider = await addProvider(t.services, { status: ProviderStatus.DRAFT });
      const writes = directoryWrites(t.services);
      await expect(
        t.services.uow.transaction(async () => {
          await writes.setProviderStatus(provider.id, 'PUBLISHED');
          await writes.updateProvider(provider.id, { summary: 'Changed in the same transaction.' });
          throw new Error('the audit failed');
        }),
      ).rejects.toThrow('the audit failed');
      expect(await t.db.query(`SELECT status, summary FROM provider WHERE id = $1`, [provider.id])).toEqual([
        { status: 'DRAFT', summary: provider.summary },
      ]);
    });

    test('councilsServing: the councils of those given whose districts the provider is in or serves; null when unknown', async () => {
      const writes = directoryWrites(t.services);
      expect(await writes.councilsServing(w.providerA, [w.councilA, w.councilB])).toEqual([w.councilA]);
      expect(await writes.councilsServing(w.providerA, [w.councilB])).toEqual([]);
      expect(await writes.councilsServing('00000000-0000-4000-8000-000000000000', [w.councilA])).toBeNull();
      expect(await writes.councilsServing('not-a-uuid', [w.councilA])).toBeNull();
    });
  });

  describe('curation through GraphQL: authorize, the directory write and the audit event, all or nothing', () => {
    const UPDATE = `mutation($i: UpdateProviderInput!) { updateProvider(input: $i) { id name website } }`;
    const audited = async (objectId: string) =>
      (await t.db.query(`SELECT action, summary FROM audit_event WHERE object_id = $1 ORDER BY id`, [objectId])) as {
        action: string;
        summary: any;
      }[];

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
      expect(after.at(-1)).toEqual({
        action: 'provider.update',
        summary: { changed: { name: 'Co-op A, renamed', website: 'https://co-op-a.example' } },
      });
    });

    test('an officer publishing an unknown provider is told it does not exist; a refused publish writes nothing', async () => {
      const unknown = await t.gql(
        `mutation($id: ID!) { publishProvider(id: $id) { id } }`,
        { id: '00000000-0000-4000-8000-000000000000' },
        w.headers('officer'),
      );
      expect(unknown.errors?.[0]?.extensions?.code).toBe('NOT_FOUND');
      const status = async () => (await t.db.query(`SELECT status FROM provider WHERE id = $1`, [w.providerB]))[0].status;
      const was = await status();
      const refused = await t.gql(`mutation($id: ID!) { suspendProvider(id: $id) { id } }`, { id: w.providerB }, w.headers('officer'));
      expect(refused.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
      expect(await status()).toBe(was);
    });

    test('upsertService: a new service and a change, each audited with the fields given', async () => {
      const UPSERT = `mutation($i: UpsertServiceInput!) { upsertService(input: $i) { id name hourlyRatePence minimumVisitMinutes } }`;
      const created = await t.gql<{ upsertService: { id: string; minimumVisitMinutes: number } }, unknown>(
        UPSERT,
        {
          i: {
            providerId: w.providerA,
            category: 'personal-care',
            name: ' Evening calls ',
            hourlyRatePence: 2600,
            minimumVisitMinutes: null,
          },
        },
        w.headers('coordinator'),
      );
      expect(created.errors).toBeUndefined();
      const id = created.data!.upsertService.id;
      expect(created.data!.upsertService.minimumVisitMinutes).toBe(60);
      const tooLong = await t.gql(
        UPSERT,
        { i: { id, providerId: w.providerA, category: 'personal-care', name: 'x'.repeat(201), hourlyRatePence: 1 } },
        w.headers('coordinator'),
      );
      expect(tooLong.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', argument: 'name' });
      const changed = await t.gql(
        UPSERT,
        {
          i: {
            id,
            providerId: w.providerA,
            category: 'respite',
            name: 'Evening calls',
            hourlyRatePence: 2700,
            description: 'Calls until ten.',
          },
        },
        w.headers('coordinator'),
      );
      expect(changed.errors).toBeUndefined();
      const events = await audited(id);
      expect(events.map((e) => e.action)).toEqual(['service.create', 'service.update']);
      expect(events[0].summary).toMatchObject({ name: 'Evening calls', hourlyRatePence: 2600, category: 'personal-care' });
      expect(events[1].summary).toMatchObject({ hourlyRatePence: 2700, category: 'respite', description: '(changed)' });
    });
  });
  describe('writes refuse impossible data with a typed error, and the database refuses it too', () => {
    const place = { name: 'Office', addressLine1: '1 Test Street', town: 'Huddersfield', postcode: 'HD1 2TA' };

    test('locations and areas are in the UK; outcodes are postcode districts', async () => {
      const writes = directoryWrites(t.services);
      expect(await refusal(addProvider(t.services, { locations: [{ ...place, latitude: 999, longitude: -1.78 }] }))).toMatchObject({
        code: 'BAD_USER_INPUT',
        argument: 'locations',
      });
      expect(await refusal(addProvider(t.services, { locations: [{ ...place, latitude: 53.64, longitude: Number.NaN }] }))).toMatchObject({
        argument: 'locations',
      });
      expect(await refusal(addProvider(t.services, { serviceAreas: [{ outcode: 'not an outcode !!' }] }))).toMatchObject({
        code: 'BAD_USER_INPUT',
        argument: 'serviceAreas',
      });
      expect(await refusal(addProvider(t.services, { serviceAreas: [{ latitude: 40.7, longitude: -74, radiusMiles: 5 }] }))).toMatchObject({
        argument: 'serviceAreas',
      });
      const provider = await addProvider(t.services, { serviceAreas: [{ outcode: ' hd7 ' }, { outcode: 'GIR' }] });
      expect(await refusal(addService(t.services, provider.id, { areas: [{ outcode: 'HD7 5AL' }] }))).toMatchObject({ argument: 'areas' });
      const outcodes = await t.db.query(`SELECT outcode FROM service_area WHERE provider_id = $1 ORDER BY outcode`, [provider.id]);
      expect(outcodes.map((r: { outcode: string }) => r.outcode)).toEqual(['GIR', 'HD7']);
      expect(
        await refusal(writes.createCouncil({ name: 'Nowhere', slug: 'nowhere', onsCode: 'E99999998', postcodeDistricts: ['XX'] })),
      ).toMatchObject({
        argument: 'postcodeDistricts',
      });
    });

    test('member and board-seat counts are not negative, and each class appears once', async () => {
      expect(
        await refusal(addProvider(t.services, { memberClasses: [{ memberClass: MemberClass.WORKER, memberCount: -1 }] })),
      ).toMatchObject({
        code: 'BAD_USER_INPUT',
        argument: 'memberClasses',
      });
      expect(await refusal(addProvider(t.services, { boardSeats: [{ memberClass: MemberClass.WORKER, seats: -2 }] }))).toMatchObject({
        argument: 'boardSeats',
      });
      expect(
        await refusal(
          addProvider(t.services, {
            memberClasses: [
              { memberClass: MemberClass.WORKER, memberCount: 3 },
              { memberClass: MemberClass.WORKER, memberCount: 4 },
            ],
          }),
        ),
      ).toMatchObject({ argument: 'memberClasses' });
    });

    test('slugs are URL-safe; a taken slug is CONFLICT naming the slug, and nothing is half-written', async () => {
      const writes = directoryWrites(t.services);
      for (const slug of ['has space', 'a/b', 'Upper-case', '-leading', 'double--hyphen', '', 'x'.repeat(101)]) {
        expect(await refusal(addProvider(t.services, { slug })), slug).toMatchObject({ code: 'BAD_USER_INPUT', argument: 'slug' });
      }
      const taken = await addProvider(t.services, { slug: 'taken-slug' });
      const before = (await t.db.query(`SELECT count(*)::int AS n FROM provider`))[0].n;
      expect(await refusal(addProvider(t.services, { slug: 'taken-slug' }))).toMatchObject({ code: 'CONFLICT', argument: 'slug' });
      const other = await addProvider(t.services);
      expect(await refusal(writes.updateProvider(other.id, { slug: 'taken-slug' }))).toMatchObject({ code: 'CONFLICT', argument: 'slug' });
      expect(await refusal(writes.updateProvider(other.id, { slug: 'a b' }))).toMatchObject({ code: 'BAD_USER_INPUT', argument: 'slug' });
      expect((await t.db.query(`SELECT count(*)::int AS n FROM provider`))[0].n).toBe(before + 1);
      expect((await t.db.query(`SELECT slug FROM provider WHERE id = $1`, [taken.id]))[0].slug).toBe('taken-slug');
      await writes.createConsortium({ name: 'A consortium', slug: 'a-consortium' });
      expect(await refusal(writes.createConsortium({ name: 'Again', slug: 'a-consortium' }))).toMatchObject({
        code: 'CONFLICT',
        argument: 'slug',
      });
      expect(internalErrors(t)).toEqual([]);
    });

    test('CHECK constraints refuse the same data written around the service', async () => {
      const provider = await addProvider(t.services);
      const refused = async (sql: string, params: unknown[]) => {
        const error = await t.db.query(sql, params).then(
          () => null,
          (e: { driverError?: { constraint?: string } }) => e.driverError?.constraint,
        );
        return error;
      };
      expect(await refused(`UPDATE provider SET slug = 'has space' WHERE id = $1`, [provider.id])).toBe('provider_slug_format');
      expect(await refused(`UPDATE provider_location SET latitude = 999 WHERE provider_id = $1`, [provider.id])).toBe(
        'provider_location_in_uk',
      );
      expect(await refused(`UPDATE provider_location SET longitude = 'NaN' WHERE provider_id = $1`, [provider.id])).toBe(
        'provider_location_in_uk',
      );
      expect(await refused(`INSERT INTO service_area (provider_id, outcode) VALUES ($1, 'not an outcode !!')`, [provider.id])).toBe(
        'service_area_outcode_format',
      );
      expect(
        await refused(`INSERT INTO service_area (provider_id, latitude, longitude, radius_miles) VALUES ($1, 40.7, -74, 5)`, [provider.id]),
      ).toBe('service_area_in_uk');
      expect(await refused(`UPDATE provider_member_class SET member_count = -1 WHERE provider_id = $1`, [provider.id])).toBe(
        'provider_member_class_count',
      );
      expect(await refused(`UPDATE provider_board_seat SET seats = -1 WHERE provider_id = $1`, [provider.id])).toBe(
        'provider_board_seat_count',
      );
    });
  });
});

describe('a coordinator keeps their whole listing true', () => {
  /**
   * The demo coordinator of the Colne Valley co-op edits over HTTP; a coordinator of another demo co-op
   * is refused; the Kirklees officer reads the audit trail.
   */
  let colne: string;
  /** A demo co-op that keeps no register in coopcare, so its listing's member facts are its coordinator's to write. */
  let other: string;
  let serviceId: string;
  const headers: Record<'coordinator' | 'otherCoordinator' | 'officer', Record<string, string>> = {} as never;
  const t = useTestApp({ seeded: true }, async (t) => {
    headers.coordinator = await demoSignIn(t, 'coordinator');
    headers.officer = await demoSignIn(t, 'officer');
    colne = await coordinatorProvider(t, headers.coordinator);
    serviceId = (await publicServices(t, colne))[0]!.id;
    other = Object.entries(inject('demoProviders'))
      .sort()
      .map(([, id]) => id)
      .find((id) => id !== colne)!;
    await addCoordinator(t, {
      email: 'coordinator@elsewhere.example',
      name: 'Other coordinator',
      password: DEMO_PASSWORD,
      providerId: other,
    });
    headers.otherCoordinator = await signedIn(t, 'coordinator@elsewhere.example', DEMO_PASSWORD);
  });

  const UPSERT = `mutation($i: UpsertServiceInput!) { upsertService(input: $i) {
    id minimumAge maximumAge openingTimes { dayOfWeek opens closes } ownAreas { outcode latitude longitude radiusMiles } } }`;
  const UPDATE = `mutation($i: UpdateProviderInput!) { updateProvider(input: $i) {
    id memberClasses { memberClass memberCount } boardSeats { memberClass seats } serviceAreas { outcode latitude longitude radiusMiles }
    locations { id name addressLine1 addressLine2 town postcode latitude longitude } } }`;

  /** The fields upsertService requires, as the service has them now. */
  async function serviceBasics() {
    const [s] = await t.db.query(
      `SELECT s.name, s.hourly_rate_pence AS "hourlyRatePence", c.slug AS category
        FROM service s JOIN service_category c ON c.id = s.category_id WHERE s.id = $1`,
      [serviceId],
    );
    return { id: serviceId, providerId: colne, ...s };
  }

  /** Everything a service or provider write could touch, to show a refused one touched nothing. */
  async function snapshot() {
    const q = (sql: string) => t.db.query(sql, [colne]);
    return {
      provider: await q(`SELECT * FROM provider WHERE id = $1`),
      services: await q(`SELECT * FROM service WHERE provider_id = $1 ORDER BY id`),
      times: await q(`SELECT o.* FROM service_opening_time o JOIN service s ON s.id = o.service_id WHERE s.provider_id = $1 ORDER BY o.id`),
      areas: await q(`SELECT * FROM service_area WHERE provider_id = $1 ORDER BY id`),
      locations: await q(`SELECT * FROM provider_location WHERE provider_id = $1 ORDER BY id`),
      members: await q(`SELECT * FROM provider_member_class WHERE provider_id = $1 ORDER BY id`),
      seats: await q(`SELECT * FROM provider_board_seat WHERE provider_id = $1 ORDER BY id`),
      sal: await q(
        `SELECT sal.* FROM service_at_location sal JOIN service s ON s.id = sal.service_id WHERE s.provider_id = $1 ORDER BY sal.id`,
      ),
      audit: (await t.db.query(`SELECT count(*)::int AS n FROM audit_event`))[0].n,
    };
  }

  const lastAudit = async (objectId: string) =>
    (await t.db.query(`SELECT action, summary FROM audit_event WHERE object_id = $1 ORDER BY id DESC LIMIT 1`, [objectId]))[0] as {
      action: string;
      summary: any;
    };

  describe('upsertService: ages, weekly schedule and own areas', () => {
    test('each round-trips; absent leaves it, [] and null clear it; the audit names counts', async () => {
      const basics = await serviceBasics();
      const set = await t.gql<any, unknown>(
        UPSERT,
        {
          i: {
            ...basics,
            minimumAge: 18,
            maximumAge: 99,
            openingTimes: [
              { dayOfWeek: 'SATURDAY', opens: '10:00', closes: '14:00' },
              { dayOfWeek: 'MONDAY', opens: '13:00', closes: '17:30' },
              { dayOfWeek: 'MONDAY', opens: '08:00', closes: '12:00' },
            ],
            areas: [{ outcode: 'hd8' }, { latitude: 53.61, longitude: -1.92, radiusMiles: 3.5 }],
          },
        },
        headers.coordinator,
      );
      expect(set.errors).toBeUndefined();
      expect(set.data.upsertService).toEqual({
        id: serviceId,
        minimumAge: 18,
        maximumAge: 99,
        openingTimes: [
          { dayOfWeek: 'MONDAY', opens: '08:00', closes: '12:00' },
          { dayOfWeek: 'MONDAY', opens: '13:00', closes: '17:30' },
          { dayOfWeek: 'SATURDAY', opens: '10:00', closes: '14:00' },
        ],
        ownAreas: [
          { outcode: 'HD8', latitude: null, longitude: null, radiusMiles: null },
          { outcode: null, latitude: 53.61, longitude: -1.92, radiusMiles: 3.5 },
        ],
      });
      expect(await lastAudit(serviceId)).toMatchObject({
        action: 'service.update',
        summary: { minimumAge: 18, maximumAge: 99, openingTimes: 3, areas: 2 },
      });

      // The search follows: an HD8 postcode district is now served, and a Saturday-morning opening found.
      const found = await t.gql<any, unknown>(`query($f: ServiceFilter) { services(filter: $f, first: 100) { edges { node { id } } } }`, {
        f: { servesPostcode: 'HD8', ageYears: 30, openOn: { day: 'SATURDAY', from: '10:30', until: '13:00' } },
      });
      expect(found.data.services.edges.map((e: any) => e.node.id)).toContain(serviceId);

      const untouched = await t.gql<any, unknown>(UPSERT, { i: { ...basics, maximumAge: 100 } }, headers.coordinator);
      expect(untouched.data.upsertService).toMatchObject({ minimumAge: 18, maximumAge: 100 });
      expect(untouched.data.upsertService.openingTimes).toHaveLength(3);
      expect(untouched.data.upsertService.ownAreas).toHaveLength(2);

      const cleared = await t.gql<any, unknown>(
        UPSERT,
        { i: { ...basics, minimumAge: null, openingTimes: [], areas: [] } },
        headers.coordinator,
      );
      expect(cleared.data.upsertService).toEqual({ id: serviceId, minimumAge: null, maximumAge: 100, openingTimes: [], ownAreas: [] });
      expect((await lastAudit(serviceId)).summary).toMatchObject({ minimumAge: null, openingTimes: 0, areas: 0 });
    });

    test('a new service takes them too', async () => {
      const created = await t.gql<any, unknown>(
        UPSERT,
        {
          i: {
            providerId: colne,
            category: 'befriending-and-social',
            name: 'Tuesday lunch club',
            hourlyRatePence: 900,
            minimumAge: 60,
            openingTimes: [{ dayOfWeek: 'TUESDAY', opens: '11:30', closes: '14:00' }],
            areas: [{ outcode: 'HD3' }],
          },
        },
        headers.coordinator,
      );
      expect(created.errors).toBeUndefined();
      expect(created.data.upsertService).toMatchObject({
        minimumAge: 60,
        maximumAge: null,
        openingTimes: [{ dayOfWeek: 'TUESDAY' }],
        ownAreas: [{ outcode: 'HD3' }],
      });
      expect((await lastAudit(created.data.upsertService.id)).summary).toMatchObject({ openingTimes: 1, areas: 1 });
    });

    test.each([
      ['an age above 150', { minimumAge: 151 }, 'minimumAge'],
      ['a negative age', { maximumAge: -1 }, 'maximumAge'],
      ['a minimum above the maximum', { minimumAge: 70, maximumAge: 60 }, 'minimumAge'],
      ['a closing before the opening', { openingTimes: [{ dayOfWeek: 'MONDAY', opens: '17:00', closes: '09:00' }] }, 'openingTimes'],
      ['a time not HH:MM', { openingTimes: [{ dayOfWeek: 'MONDAY', opens: '9am', closes: '17:00' }] }, 'openingTimes'],
      [
        'five openings in a day',
        { openingTimes: ['08', '10', '12', '14', '16'].map((h) => ({ dayOfWeek: 'FRIDAY', opens: `${h}:00`, closes: `${h}:30` })) },
        'openingTimes',
      ],
      ['an area both district and radius', { areas: [{ outcode: 'HD7', latitude: 53.6, longitude: -1.9, radiusMiles: 2 }] }, 'areas'],
      ['an area with no centre', { areas: [{ radiusMiles: 2 }] }, 'areas'],
      ['a radius over 100 miles', { areas: [{ latitude: 53.6, longitude: -1.9, radiusMiles: 101 }] }, 'areas'],
      ['a centre outside the UK', { areas: [{ latitude: 48.85, longitude: 2.35, radiusMiles: 5 }] }, 'areas'],
      ['a district that is not one', { areas: [{ outcode: 'HD7 5AB' }] }, 'areas'],
      ['a time with seconds', { openingTimes: [{ dayOfWeek: 'MONDAY', opens: '09:00:00', closes: '17:00' }] }, 'openingTimes'],
      [
        'the same opening twice',
        { openingTimes: [1, 2].map(() => ({ dayOfWeek: 'MONDAY', opens: '09:00', closes: '12:00' })) },
        'openingTimes',
      ],
      [
        'two openings of a day that overlap',
        {
          openingTimes: [
            { dayOfWeek: 'MONDAY', opens: '13:00', closes: '17:00' },
            { dayOfWeek: 'MONDAY', opens: '09:00', closes: '13:30' },
          ],
        },
        'openingTimes',
      ],
      ['the same district twice, once untidy', { areas: [{ outcode: 'HD7' }, { outcode: ' hd7 ' }] }, 'areas'],
      ['the same centre and radius twice', { areas: [1, 2].map(() => ({ latitude: 53.6, longitude: -1.9, radiusMiles: 2 })) }, 'areas'],
    ])('%s is BAD_USER_INPUT and nothing is written', async (_what, bad, argument) => {
      const before = await snapshot();
      const res = await t.gql(
        UPSERT,
        { i: { ...(await serviceBasics()), name: 'Renamed in the same request', openingTimes: [], areas: [], ...bad } },
        headers.coordinator,
      );
      expect(res.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', argument });
      expect(await snapshot()).toEqual(before);
    });
  });

  describe('updateProvider: member classes, board seats, general areas', () => {
    test('each round-trips and replaces the set; absent leaves it; the audit names counts', async () => {
      const res = await t.gql<any, unknown>(
        UPDATE,
        {
          i: {
            id: other,
            memberClasses: [
              { memberClass: 'WORKER', memberCount: 31 },
              { memberClass: 'SERVICE_USER', memberCount: 0 },
            ],
            boardSeats: [{ memberClass: 'WORKER', seats: 4 }],
            serviceAreas: [{ outcode: 'hd7' }, { outcode: 'HD3' }, { latitude: 53.6, longitude: -1.95, radiusMiles: 6 }],
          },
        },
        headers.otherCoordinator,
      );
      expect(res.errors).toBeUndefined();
      expect(res.data.updateProvider).toMatchObject({
        // In the enum's order.
        memberClasses: [
          { memberClass: 'WORKER', memberCount: 31 },
          { memberClass: 'SERVICE_USER', memberCount: 0 },
        ],
        boardSeats: [{ memberClass: 'WORKER', seats: 4 }],
        serviceAreas: [
          { outcode: 'HD3', latitude: null, longitude: null, radiusMiles: null },
          { outcode: 'HD7', latitude: null, longitude: null, radiusMiles: null },
          { outcode: null, latitude: 53.6, longitude: -1.95, radiusMiles: 6 },
        ],
      });
      expect(await lastAudit(other)).toEqual({
        action: 'provider.update',
        summary: { changed: {}, memberClasses: 2, boardSeats: 1, serviceAreas: 3 },
      });

      const again = await t.gql<any, unknown>(UPDATE, { i: { id: other, boardSeats: [] } }, headers.otherCoordinator);
      expect(again.data.updateProvider.boardSeats).toEqual([]);
      expect(again.data.updateProvider.memberClasses).toHaveLength(2);
      expect(again.data.updateProvider.serviceAreas).toHaveLength(3);
    });

    test('a co-op keeping its register in coopcare: its member classes and board seats are refused, its areas still change', async () => {
      const before = await snapshot();
      for (const [facts, argument] of [
        [{ memberClasses: [{ memberClass: 'WORKER', memberCount: 31 }] }, 'memberClasses'],
        [{ boardSeats: [] }, 'boardSeats'],
      ] as const) {
        const refused = await t.gql(UPDATE, { i: { id: colne, ...facts } }, headers.coordinator);
        expect(refused.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', argument });
      }
      expect(await snapshot()).toEqual(before);
      const areas = await t.gql<any, unknown>(
        UPDATE,
        { i: { id: colne, serviceAreas: [{ outcode: 'hd7' }, { outcode: 'HD3' }, { latitude: 53.6, longitude: -1.95, radiusMiles: 6 }] } },
        headers.coordinator,
      );
      expect(areas.errors).toBeUndefined();
      expect(areas.data.updateProvider.serviceAreas).toHaveLength(3);
      expect(await lastAudit(colne)).toEqual({ action: 'provider.update', summary: { changed: {}, serviceAreas: 3 } });
    });

    test.each([
      [
        'a class twice',
        {
          memberClasses: [
            { memberClass: 'WORKER', memberCount: 1 },
            { memberClass: 'WORKER', memberCount: 2 },
          ],
        },
        'memberClasses',
      ],
      ['a negative count', { memberClasses: [{ memberClass: 'VOLUNTEER', memberCount: -3 }] }, 'memberClasses'],
      ['negative seats', { boardSeats: [{ memberClass: 'WORKER', seats: -1 }] }, 'boardSeats'],
      [
        'seats for a class twice',
        {
          boardSeats: [
            { memberClass: 'WORKER', seats: 1 },
            { memberClass: 'WORKER', seats: 1 },
          ],
        },
        'boardSeats',
      ],
      ['an area that is neither', { serviceAreas: [{}] }, 'serviceAreas'],
      ['a bad district', { serviceAreas: [{ outcode: 'nowhere' }] }, 'serviceAreas'],
      ['the same district twice', { serviceAreas: [{ outcode: 'HD3' }, { outcode: 'hd3' }] }, 'serviceAreas'],
      ['a registration number over 100 characters', { registrationNumber: 'R'.repeat(101) }, 'registrationNumber'],
      ['a phone number over 100 characters', { contactPhone: '0'.repeat(101) }, 'contactPhone'],
      ['an email over 320 characters', { contactEmail: `${'a'.repeat(310)}@example.org` }, 'contactEmail'],
      ['an email that is not one', { contactEmail: 'office at example.org' }, 'contactEmail'],
      ['a website over 2,000 characters', { website: `https://example.org/${'a'.repeat(2_000)}` }, 'website'],
      [
        'an unknown location id',
        {
          locations: [{ id: '00000000-0000-4000-8000-000000000000', name: 'X', addressLine1: '1 Road', town: 'Town', postcode: 'HD7 5AB' }],
        },
        'locations',
      ],
      [
        'a location outside the UK',
        { locations: [{ name: 'Paris', addressLine1: '1 Rue', town: 'Paris', postcode: 'HD7 5AB', latitude: 48.85, longitude: 2.35 }] },
        'locations',
      ],
      [
        'a latitude without longitude',
        { locations: [{ name: 'Half', addressLine1: '1 Road', town: 'Town', postcode: 'HD7 5AB', latitude: 53.6 }] },
        'locations',
      ],
      ['a location with no name', { locations: [{ name: ' ', addressLine1: '1 Road', town: 'Town', postcode: 'HD7 5AB' }] }, 'locations'],
    ])('%s is BAD_USER_INPUT and nothing is written', async (_what, bad, argument) => {
      const before = await snapshot();
      const res = await t.gql(
        UPDATE,
        { i: { id: colne, name: 'Renamed in the same request', serviceAreas: [], ...bad } },
        headers.coordinator,
      );
      expect(res.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', argument });
      expect(await snapshot()).toEqual(before);
    });

    test('a malformed or unknown postcode is INVALID_POSTCODE or POSTCODE_NOT_FOUND, and nothing is written', async () => {
      const before = await snapshot();
      const place = { name: 'Office', addressLine1: '1 Road', town: 'Town' };
      const malformed = await t.gql(
        UPDATE,
        { i: { id: colne, boardSeats: [], locations: [{ ...place, postcode: 'not a postcode' }] } },
        headers.coordinator,
      );
      expect(malformed.errors?.[0]?.extensions?.code).toBe('INVALID_POSTCODE');
      const unknown = await t.gql(
        UPDATE,
        { i: { id: colne, boardSeats: [], locations: [{ ...place, postcode: 'ZE2 9ZZ' }] } },
        headers.coordinator,
      );
      expect(unknown.errors?.[0]?.extensions?.code).toBe('POSTCODE_NOT_FOUND');
      expect(await snapshot()).toEqual(before);
    });
  });

  describe('what the audit trail keeps of a provider edit', () => {
    test('contact details and the description as "(changed)", other fields as typed', async () => {
      const res = await t.gql<any, unknown>(
        `mutation($i: UpdateProviderInput!) { updateProvider(input: $i) { id } }`,
        {
          i: {
            id: colne,
            registrationNumber: ' RS-00123 ',
            contactEmail: 'office@colne-audit.example',
            contactPhone: '01484 000000',
            description: 'A description long enough to be worth keeping out of the trail.',
            website: 'https://colne-audit.example/',
          },
        },
        headers.coordinator,
      );
      expect(res.errors).toBeUndefined();
      expect((await lastAudit(colne)).summary.changed).toEqual({
        registrationNumber: 'RS-00123',
        contactEmail: '(changed)',
        contactPhone: '(changed)',
        description: '(changed)',
        website: 'https://colne-audit.example/',
      });
      const [stored] = await t.db.query(`SELECT contact_email, contact_phone FROM provider WHERE id = $1`, [colne]);
      expect(stored).toEqual({ contact_email: 'office@colne-audit.example', contact_phone: '01484 000000' });
    });

    test('openings that touch (one closes as the next opens) are not an overlap', async () => {
      const res = await t.gql<any, unknown>(
        UPSERT,
        {
          i: {
            ...(await serviceBasics()),
            openingTimes: [
              { dayOfWeek: 'WEDNESDAY', opens: '12:00', closes: '17:00' },
              { dayOfWeek: 'WEDNESDAY', opens: '09:00', closes: '12:00' },
              { dayOfWeek: 'THURSDAY', opens: '09:00', closes: '12:00' },
            ],
          },
        },
        headers.coordinator,
      );
      expect(res.errors).toBeUndefined();
      expect(res.data.upsertService.openingTimes).toHaveLength(3);
    });
  });

  describe('updateProvider: locations', () => {
    test('an edited location keeps its id and ORUK service_at_location ids; search and ORUK follow; removed ones go', async () => {
      const [current] = (await t.gql<any, unknown>(UPDATE, { i: { id: colne } }, headers.coordinator)).data.updateProvider.locations;
      const [{ id: salId }] = await t.db.query(`SELECT id FROM service_at_location WHERE service_id = $1 AND location_id = $2`, [
        serviceId,
        current.id,
      ]);
      // A gazetteer postcode well away from the current office: its district's centre is over 5 miles off.
      const [target] = await t.db.query(
        `SELECT postcode, latitude, longitude FROM postcode WHERE (point(longitude, latitude) <@> point($1, $2)) > 5
          ORDER BY postcode LIMIT 1`,
        [current.longitude, current.latitude],
      );
      const near = async () => {
        const res = await t.gql<any, unknown>(
          `query($f: ServiceFilter) { services(filter: $f, first: 100) { edges { distanceMiles node { id } } } }`,
          {
            f: { near: { postcode: target.postcode, radiusMiles: 1 } },
          },
        );
        return res.data.services.edges.find((e: any) => e.node.id === serviceId)?.distanceMiles ?? null;
      };
      expect(await near()).toBeNull();

      const res = await t.gql<any, unknown>(
        UPDATE,
        {
          i: {
            id: colne,
            // ORUK's `postcode` asks for services whose areas cover it.
            serviceAreas: [{ outcode: target.postcode.split(' ')[0] }],
            locations: [
              // Moved: postcode typed loosely, no coordinates: the point is the postcode's.
              {
                id: current.id,
                name: 'New office',
                addressLine1: '2 Market Street',
                town: 'Huddersfield',
                postcode: target.postcode.replace(' ', '').toLowerCase(),
              },
              {
                name: 'Marsden drop-in',
                addressLine1: 'Peel Street',
                addressLine2: ' ',
                town: 'Marsden',
                postcode: 'hd7 6bn',
                latitude: 53.6,
                longitude: -1.93,
              },
            ],
          },
        },
        headers.coordinator,
      );
      expect(res.errors).toBeUndefined();
      const locations = res.data.updateProvider.locations;
      expect(locations).toHaveLength(2);
      const moved = locations.find((l: any) => l.id === current.id);
      expect(moved).toMatchObject({
        name: 'New office',
        postcode: target.postcode,
        latitude: target.latitude,
        longitude: target.longitude,
      });
      const added = locations.find((l: any) => l.id !== current.id);
      expect(added).toMatchObject({ postcode: 'HD7 6BN', addressLine2: null, latitude: 53.6, longitude: -1.93 });
      expect(await lastAudit(colne)).toEqual({
        action: 'provider.update',
        summary: { changed: {}, serviceAreas: 1, locations: { added: 1, updated: 1, removed: 0 } },
      });

      // Distance search reads the moved point.
      expect(await near()).toBeLessThan(0.01);

      // ORUK: the same service_at_location id, now at the new address; the new location has its own; both found by proximity.
      const sal = (await orukGet(t, `/service_at_locations/${salId}`)).body;
      expect(sal).toMatchObject({
        id: salId,
        location_id: current.id,
        location: { name: 'New office', addresses: [{ postal_code: target.postcode }] },
      });
      const [{ id: newSalId }] = await t.db.query(`SELECT id FROM service_at_location WHERE service_id = $1 AND location_id = $2`, [
        serviceId,
        added.id,
      ]);
      expect((await orukGet(t, `/service_at_locations/${newSalId}`)).status).toBe(200);
      const byProximity = (
        await orukGet(t, `/service_at_locations?postcode=${encodeURIComponent(target.postcode)}&proximity=200&per_page=100`)
      ).body;
      expect(byProximity.contents.map((c: any) => c.id)).toContain(salId);

      // Removing: only the new location is listed, so the moved one goes, with its service_at_location rows.
      const removed = await t.gql<any, unknown>(
        UPDATE,
        {
          i: {
            id: colne,
            locations: [{ id: added.id, name: added.name, addressLine1: added.addressLine1, town: added.town, postcode: added.postcode }],
          },
        },
        headers.coordinator,
      );
      expect(removed.errors).toBeUndefined();
      // Given no coordinates, the kept location takes its postcode's point.
      expect(removed.data.updateProvider.locations.map((l: any) => l.id)).toEqual([added.id]);
      expect((await orukGet(t, `/service_at_locations/${salId}`)).status).toBe(404);
      expect(await near()).toBeNull();
      expect(await lastAudit(colne)).toMatchObject({ summary: { locations: { added: 0, updated: 1, removed: 1 } } });
    });
  });

  describe('who may', () => {
    test('a coordinator of another provider is FORBIDDEN, and nothing is written', async () => {
      const before = await snapshot();
      const provider = await t.gql(
        UPDATE,
        { i: { id: colne, memberClasses: [], boardSeats: [], serviceAreas: [], locations: [] } },
        headers.otherCoordinator,
      );
      expect(provider.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
      const service = await t.gql(
        UPSERT,
        { i: { ...(await serviceBasics()), openingTimes: [], areas: [], minimumAge: 1 } },
        headers.otherCoordinator,
      );
      expect(service.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
      expect(await snapshot()).toEqual(before);
    });

    test('the officer of the council sees the listing changes in its audit trail', async () => {
      const res = await t.gql<any, unknown>(
        `query($f: AuditEventFilter) { auditEvents(filter: $f, first: 100) { edges { node { action objectId providerId summary } } } }`,
        { f: { objectId: colne } },
        headers.officer,
      );
      expect(res.errors).toBeUndefined();
      const summaries = res.data.auditEvents.edges.map((e: any) => e.node).filter((n: any) => n.action === 'provider.update');
      expect(summaries.length).toBeGreaterThanOrEqual(4);
      expect(summaries.map((n: any) => n.summary)).toContainEqual({ changed: {}, serviceAreas: 3 });
      expect(summaries.map((n: any) => n.summary)).toContainEqual({
        changed: {},
        serviceAreas: 1,
        locations: { added: 1, updated: 1, removed: 0 },
      });
      const services = await t.gql<any, unknown>(
        `query($f: AuditEventFilter) { auditEvents(filter: $f, first: 100) { edges { node { action summary } } } }`,
        { f: { objectId: serviceId } },
        headers.officer,
      );
      expect(services.data.auditEvents.edges.map((e: any) => e.node.summary)).toContainEqual(
        expect.objectContaining({ openingTimes: 3, areas: 2 }),
      );
    });
  });
});
