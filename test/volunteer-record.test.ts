import { beforeAll, describe, expect, test } from 'vitest';
import { PRINT_PAGE_STYLE_SOURCE } from '../api/careplans/print-page.js';
import { useTestApp } from './support/app.js';
import { horizontalOverflow, openPage, useBrowser } from './support/browser.js';
import { expectStyledAndAccessible } from './support/care-plan-documents.js';
import { auditCount, firstError } from './support/graphql.js';
import { addBackgroundCheck, addTimeBankMember, expectTimeLedgersBalanced, openTimeBank } from './support/timebank.js';
import { addExchange } from './support/volunteer-record.js';
import { useWorld } from './support/world.js';

/**
 * A volunteer's record for the route into paid work: coordinators record training and references; the
 * volunteer (and the co-op's coordinators) read hours by category from confirmed exchanges only; the
 * volunteer prints it and shares it by a link an employer opens without an account, until revoked or expired.
 */
const t = useTestApp({ seeded: 'world' });
const w = useWorld(t);
const b = useBrowser();

const RECORD = `query($m: ID!) { timeBankMember(id: $m) { volunteerRecord {
  memberId volunteerName coopName memberSince roles totalMinutesGiven outOfHoursMinutesGiven firstHelpedOn lastHelpedOn
  hoursByCategory { category categoryName minutes exchanges }
  training { id title givenBy completedOn expiresOn isCurrent }
  references { id refereeName refereeRole text givenOn } } } }`;
type RecordAnswer = { timeBankMember: { volunteerRecord: Record<string, unknown> } };
const TRAINING = `mutation($i: RecordVolunteerTrainingInput!) {
  recordVolunteerTraining(input: $i) { id title givenBy completedOn expiresOn isCurrent } }`;
const REFERENCE = `mutation($i: RecordVolunteerReferenceInput!) { recordVolunteerReference(input: $i) { id refereeName text givenOn } }`;
const SHARE = `mutation($i: ShareVolunteerRecordInput!) { shareVolunteerRecord(input: $i) { id url expiresAt revokedAt } }`;
const REVOKE = `mutation($l: ID!) { revokeVolunteerRecordLink(linkId: $l) { id url revokedAt } }`;
const LINKS = `query($m: ID!) { timeBankMember(id: $m) { volunteerRecordLinks { id url revokedAt } } }`;

const REFERENCE_TEXT = 'Kind, punctual and trusted by everyone she visits. <script>alert(1)</script>';
let volunteer = '';
let receiver = '';

const daysAgo = (n: number) => new Date(Date.now() - n * 24 * 60 * 60_000);
const isoDay = (d: Date) => new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/London' }).format(d);
const tomorrow = () => isoDay(daysAgo(-1));

beforeAll(async () => {
  await openTimeBank(t, w.providerA, { overdraftMinutes: 6000 });
  volunteer = await addTimeBankMember(t, w.providerA, w.ids.person, ['VOLUNTEER', 'FAMILY_CARER']);
  receiver = await addTimeBankMember(t, w.providerA, w.ids.otherPerson, ['RECEIVER', 'VOLUNTEER']);
  // What the record must never show: the volunteer's background check, their expenses, their balance.
  await addBackgroundCheck(t, volunteer, { checkedOn: '2025-01-06', expiresOn: '2028-01-06' });
  await t.db.query(
    `INSERT INTO time_bank_expense_claim (provider_id, member_id, kind, incurred_on, miles, pence_per_mile, amount_pence)
     VALUES ($1, $2, 'TRAVEL', '2025-01-06', 12, 45, 540)`,
    [w.providerA, volunteer],
  );
  const given = { providerId: w.providerA, helper: volunteer, receiver };
  await addExchange(t, { ...given, category: 'shopping', startedAt: daysAgo(40), minutes: 90 });
  await addExchange(t, { ...given, category: 'shopping', startedAt: daysAgo(20), minutes: 60, outOfHoursMinutes: 60 });
  await addExchange(t, { ...given, category: 'befriending-calls', startedAt: daysAgo(10), minutes: 30 });
  // Not on the record: help waiting to be confirmed, help rejected, and help the volunteer received.
  await addExchange(t, { ...given, category: 'gardening', startedAt: daysAgo(5), minutes: 120, status: 'RECORDED' });
  await addExchange(t, { ...given, category: 'gardening', startedAt: daysAgo(4), minutes: 120, status: 'REJECTED' });
  await addExchange(t, {
    providerId: w.providerA,
    helper: receiver,
    receiver: volunteer,
    category: 'lifts',
    startedAt: daysAgo(3),
    minutes: 45,
  });
});

describe('training and references, recorded by the co-op’s coordinators', () => {
  test('a coordinator records training and a reference, and the volunteer reads them on their record', async () => {
    const training = await t.gql(
      TRAINING,
      {
        i: { memberId: volunteer, title: ' Safeguarding adults ', givenBy: 'Kirklees Council', completedOn: isoDay(daysAgo(30)) },
      },
      w.headers('coordinator'),
    );
    expect(training.errors).toBeUndefined();
    expect(training.data).toMatchObject({ recordVolunteerTraining: { title: 'Safeguarding adults', expiresOn: null, isCurrent: true } });
    const lapsed = await t.gql(
      TRAINING,
      {
        i: { memberId: volunteer, title: 'First aid', completedOn: isoDay(daysAgo(800)), expiresOn: isoDay(daysAgo(70)) },
      },
      w.headers('admin'),
    );
    expect(lapsed.data).toMatchObject({ recordVolunteerTraining: { givenBy: '', isCurrent: false } });
    const reference = await t.gql(
      REFERENCE,
      {
        i: { memberId: volunteer, refereeName: 'Jo Bloggs', refereeRole: 'Coordinator', text: REFERENCE_TEXT, givenOn: isoDay(daysAgo(2)) },
      },
      w.headers('coordinator'),
    );
    expect(reference.errors).toBeUndefined();

    const res = await t.gql<RecordAnswer, Record<string, unknown>>(RECORD, { m: volunteer }, w.headers('person'));
    expect(res.errors).toBeUndefined();
    const record = res.data!.timeBankMember.volunteerRecord;
    expect(record.training).toMatchObject([
      { title: 'Safeguarding adults', isCurrent: true },
      { title: 'First aid', isCurrent: false },
    ]);
    expect(record.references).toEqual([
      { id: expect.any(String), refereeName: 'Jo Bloggs', refereeRole: 'Coordinator', text: REFERENCE_TEXT, givenOn: isoDay(daysAgo(2)) },
    ]);
  });

  test('the audit trail says who recorded what and when, never the reference’s words', async () => {
    expect(await auditCount(t, 'volunteerTraining.record')).toBe(2);
    const rows: { summary: Record<string, unknown> }[] = await t.db.query(
      `SELECT summary FROM audit_event WHERE action = 'volunteerReference.record'`,
    );
    expect(rows).toHaveLength(1);
    expect(JSON.stringify(rows[0].summary)).not.toContain('punctual');
    expect(rows[0].summary).toMatchObject({ memberId: volunteer });
  });

  test.each([
    ['title', TRAINING, { title: '' }],
    ['title', TRAINING, { title: 'x'.repeat(201) }],
    ['givenBy', TRAINING, { givenBy: 'x'.repeat(201) }],
    ['completedOn', TRAINING, { completedOn: 'tomorrow' }],
    ['expiresOn', TRAINING, { expiresOn: '2020-01-01' }],
    ['completedOn', TRAINING, { completedOn: '0000-06-01' }],
    ['expiresOn', TRAINING, { expiresOn: '2101-01-01' }],
    ['givenOn', REFERENCE, { givenOn: '0000-06-01' }],
    ['refereeName', REFERENCE, { refereeName: '   ' }],
    ['refereeRole', REFERENCE, { refereeRole: 'x'.repeat(201) }],
    ['text', REFERENCE, { text: 'x'.repeat(4001) }],
    ['givenOn', REFERENCE, { givenOn: 'tomorrow' }],
  ])('a bad %s is BAD_USER_INPUT naming it, and nothing is written', async (field, doc, change) => {
    const base =
      doc === TRAINING
        ? { memberId: volunteer, title: 'Moving and handling', completedOn: '2024-05-01' }
        : { memberId: volunteer, refereeName: 'Sam', text: 'Reliable.', givenOn: '2024-05-01' };
    const input = Object.fromEntries(Object.entries({ ...base, ...change }).map(([k, v]) => [k, v === 'tomorrow' ? tomorrow() : v]));
    const before = await t.db.query(`SELECT (SELECT count(*) FROM time_bank_training) + (SELECT count(*) FROM time_bank_reference) AS n`);
    const error = await firstError(t, doc, { i: input }, w.headers('coordinator'));
    expect(error.extensions).toMatchObject({ code: 'BAD_USER_INPUT', argument: `input.${field}` });
    const after = await t.db.query(`SELECT (SELECT count(*) FROM time_bank_training) + (SELECT count(*) FROM time_bank_reference) AS n`);
    expect(after).toEqual(before);
  });

  test('nobody but the co-op’s coordinators and admins records them: not the volunteer, not another co-op’s coordinator', async () => {
    const input = { memberId: volunteer, title: 'Self-taught', completedOn: '2024-05-01' };
    for (const role of ['person', 'otherCoordinator', 'careWorker', 'representativeAll'] as const) {
      expect((await firstError(t, TRAINING, { i: input }, w.headers(role))).extensions?.code, role).toBe('FORBIDDEN');
    }
    expect((await firstError(t, TRAINING, { i: input })).extensions?.code).toBe('UNAUTHENTICATED');
  });
});

describe('the volunteer’s record', () => {
  test('counts help given in confirmed exchanges only, by category, as minutes given rather than credited', async () => {
    const res = await t.gql<RecordAnswer, Record<string, unknown>>(RECORD, { m: volunteer }, w.headers('coordinator'));
    expect(res.errors).toBeUndefined();
    expect(res.data!.timeBankMember.volunteerRecord).toMatchObject({
      memberId: volunteer,
      volunteerName: expect.any(String),
      coopName: expect.any(String),
      roles: ['VOLUNTEER', 'FAMILY_CARER'],
      hoursByCategory: [
        { category: 'shopping', categoryName: 'Shopping', minutes: 150, exchanges: 2 },
        { category: 'befriending-calls', categoryName: 'Befriending calls', minutes: 30, exchanges: 1 },
      ],
      totalMinutesGiven: 180,
      outOfHoursMinutesGiven: 60,
      firstHelpedOn: isoDay(daysAgo(40)),
      lastHelpedOn: isoDay(daysAgo(10)),
    });
  });

  test('is the volunteer’s and their coordinators’: another member, a representative, another co-op’s coordinator: refused', async () => {
    for (const role of ['otherPerson', 'representativeAll', 'otherCoordinator', 'careWorker', 'officer', 'widget'] as const) {
      expect((await firstError(t, RECORD, { m: volunteer }, w.headers(role))).extensions?.code, role).toBe('FORBIDDEN');
    }
    expect((await firstError(t, RECORD, { m: volunteer })).extensions?.code).toBe('UNAUTHENTICATED');
  });

  test('another member’s record is refused to a member who may see the membership itself (a representative)', async () => {
    const res = await t.gql<RecordAnswer, Record<string, unknown>>(RECORD, { m: volunteer }, w.headers('representativeAll'));
    expect(res.errors?.[0]?.path).toEqual(['timeBankMember', 'volunteerRecord']);
    expect(res.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
  });
});

describe('the co-op’s list of its volunteers’ records', () => {
  const MEMBERS = `query($p: ID!, $first: Int) { timeBank(providerId: $p) {
    members(first: $first) { edges { node { id
      volunteerRecord { totalMinutesGiven hoursByCategory { category minutes } training { id } } } } } } }`;
  type MembersAnswer = { timeBank: { members: { edges: { node: { id: string; volunteerRecord: { totalMinutesGiven: number } } }[] } } };

  async function statementsFor(first: number) {
    t.statements.reset();
    const res = await t.gql<MembersAnswer, Record<string, unknown>>(MEMBERS, { p: w.providerA, first }, w.headers('coordinator'));
    expect(res.errors, JSON.stringify(res.errors)).toBeUndefined();
    return { statements: t.statements.count, nodes: res.data!.timeBank.members.edges.map((e) => e.node) };
  }

  beforeAll(async () => {
    for (const personId of [w.ids.careWorker, w.ids.friend, w.ids.assessed, w.ids.assessed2, w.ids.assessed3]) {
      const helper = await addTimeBankMember(t, w.providerA, personId, ['VOLUNTEER']);
      await addExchange(t, { providerId: w.providerA, helper, receiver, category: 'lifts', startedAt: daysAgo(6), minutes: 15 });
    }
  });

  test('a coordinator reads every member’s record in one page, each with its own hours', async () => {
    const { nodes } = await statementsFor(50);
    expect(nodes).toHaveLength(7);
    expect(nodes.find((n) => n.id === volunteer)?.volunteerRecord.totalMinutesGiven).toBe(180);
    expect(nodes.filter((n) => n.volunteerRecord.totalMinutesGiven === 15)).toHaveLength(5);
  });

  test('a page of 7 records costs the statements of a page of 2', async () => {
    const two = await statementsFor(2);
    const seven = await statementsFor(7);
    expect([two.nodes.length, seven.nodes.length]).toEqual([2, 7]);
    expect(seven.statements).toBe(two.statements);
  });

  test('another co-op’s coordinator and a member are refused the list', async () => {
    for (const role of ['otherCoordinator', 'person'] as const) {
      expect((await firstError(t, MEMBERS, { p: w.providerA, first: 5 }, w.headers(role))).extensions?.code, role).toBe('FORBIDDEN');
    }
  });
});

describe('the printed record', () => {
  const printUrl = (id: string) => `${t.url}/timebank/volunteer-record/${id}/print`;
  const CSP = `default-src 'none';style-src ${PRINT_PAGE_STYLE_SOURCE};frame-ancestors 'none';base-uri 'none';form-action 'none'`;

  test('is a page the volunteer prints: no script, its one stylesheet, hours in words, never cached, its read audited', async () => {
    const before = await auditCount(t, 'volunteerRecord.read', volunteer);
    const res = await fetch(printUrl(volunteer), { headers: w.headers('person') });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('text/html; charset=utf-8');
    expect(res.headers.get('cache-control')).toBe('no-store');
    expect(res.headers.get('content-security-policy')).toBe(CSP);
    const html = await res.text();
    expect(html).not.toMatch(/<script/i);
    expect(html).toContain('3 hours');
    expect(html).toContain('2 hours 30 minutes');
    expect(html).toContain('&#60;script&#62;alert(1)&#60;/script&#62;');
    expect(html).not.toMatch(/balance|expense|background check|DBS/i);
    expect(await auditCount(t, 'volunteerRecord.read', volunteer)).toBe(before + 1);
  });

  test('says which help counted as out of hours by the co-op’s own rules: weekends only where the co-op counts them', async () => {
    const here = await (await fetch(printUrl(volunteer), { headers: w.headers('person') })).text();
    expect(here).toContain('1 hour of it in the evening, at night, at weekends or on bank holidays</dd>');
    await openTimeBank(t, w.providerB, { weekendsOutOfHours: false });
    const elsewhere = await addTimeBankMember(t, w.providerB, w.ids.otherPerson, ['VOLUNTEER']);
    const there = await (await fetch(printUrl(elsewhere), { headers: w.headers('otherCoordinator') })).text();
    expect(there).toContain('no time of it in the evening, at night or on bank holidays</dd>');
    expect(there).not.toContain('weekend');
  });

  test('in Chromium: styled, no axe violations (WCAG 2.2 AA), no script run, no sideways scroll at 320 px', async () => {
    for (const width of [1024, 320]) {
      const { context, page, consoleErrors } = await openPage(b.browser, { width });
      const dialogs: string[] = [];
      page.on('dialog', (dialog) => {
        dialogs.push(dialog.message());
        void dialog.dismiss();
      });
      await context.setExtraHTTPHeaders(w.headers('person'));
      expect((await page.goto(printUrl(volunteer)))?.status()).toBe(200);
      await expectStyledAndAccessible(page);
      const { scrollWidth, viewportWidth } = await horizontalOverflow(page);
      expect(scrollWidth).toBeLessThanOrEqual(viewportWidth);
      expect(await page.getByRole('heading', { level: 1 }).count()).toBe(1);
      expect(dialogs).toEqual([]);
      expect(consoleErrors).toEqual([]);
      await context.close();
    }
  });

  test.each([
    ['no token', 401, undefined, ''],
    ['a member id that is not one', 400, 'person', 'not-a-uuid'],
    ['an unknown member', 404, 'person', '00000000-0000-4000-8000-000000000000'],
    ['another member', 403, 'otherPerson', ''],
    ['another co-op’s coordinator', 403, 'otherCoordinator', ''],
  ] as const)('%s is a %i problem', async (_what, status, role, id) => {
    const res = await fetch(printUrl(id || volunteer), { headers: role ? w.headers(role) : {} });
    expect(res.status).toBe(status);
    expect(res.headers.get('content-type')).toMatch(/^application\/problem\+json/);
    expect(res.headers.get('cache-control')).toBe('no-store');
  });
});

describe('sharing the record by a link', () => {
  const open = (url: string) => fetch(url.replace(/^https?:\/\/[^/]+/, t.url));

  test('the volunteer shares it, an anonymous browser opens it, the volunteer revokes it and it is gone', async () => {
    const shared = await t.gql<{ shareVolunteerRecord: { id: string; url: string; expiresAt: string } }, Record<string, unknown>>(
      SHARE,
      { i: { memberId: volunteer } },
      w.headers('person'),
    );
    expect(shared.errors).toBeUndefined();
    const link = shared.data!.shareVolunteerRecord;
    expect(link.url).toMatch(/\/volunteer-record\/ccv_[A-Za-z0-9_-]{43}$/);
    const days = (Date.parse(link.expiresAt) - Date.now()) / 86_400_000;
    expect(Math.round(days)).toBe(90);
    const token = link.url.split('/').pop()!;
    const [{ n }] = await t.db.query(`SELECT count(*)::int AS n FROM volunteer_record_link WHERE token_hash = $1`, [token]);
    expect(n).toBe(0);

    const page = await open(link.url);
    expect(page.status).toBe(200);
    expect(page.headers.get('x-robots-tag')).toBe('noindex, nofollow');
    expect(page.headers.get('cache-control')).toBe('no-store');
    const html = await page.text();
    expect(html).toContain('Befriending calls');
    expect(html).toContain('Safeguarding adults');
    expect(html).not.toMatch(/balance|expense|£|540|background check|DBS|2028/i);
    // Nothing of the person helped but the kind of help.
    const [{ name }] = await t.db.query(`SELECT name FROM person WHERE id = $1`, [w.ids.otherPerson]);
    expect(html).not.toContain(name);
    expect(html).not.toContain(w.emails.otherPerson);

    const listed = await t.gql(LINKS, { m: volunteer }, w.headers('person'));
    expect(listed.data).toEqual({ timeBankMember: { volunteerRecordLinks: [{ id: link.id, url: null, revokedAt: null }] } });

    expect((await firstError(t, REVOKE, { l: link.id }, w.headers('coordinator'))).extensions?.code).toBe('FORBIDDEN');
    const revoked = await t.gql<{ revokeVolunteerRecordLink: { revokedAt: string | null } }, Record<string, unknown>>(
      REVOKE,
      { l: link.id },
      w.headers('person'),
    );
    expect(revoked.data!.revokeVolunteerRecordLink.revokedAt).not.toBeNull();
    const gone = await open(link.url);
    expect(gone.status).toBe(404);
    expect(gone.headers.get('content-type')).toMatch(/^application\/problem\+json/);
  });

  test('an expired link, an unknown one and a malformed one are the same 404', async () => {
    const shared = await t.gql<{ shareVolunteerRecord: { id: string; url: string } }, Record<string, unknown>>(
      SHARE,
      { i: { memberId: volunteer, days: 7 } },
      w.headers('person'),
    );
    const link = shared.data!.shareVolunteerRecord;
    expect((await open(link.url)).status).toBe(200);
    await t.db.query(`UPDATE volunteer_record_link SET expires_at = now() - interval '1 second' WHERE id = $1`, [link.id]);
    const bodies = [];
    for (const url of [link.url, `${t.url}/volunteer-record/ccv_${'A'.repeat(43)}`, `${t.url}/volunteer-record/nonsense`]) {
      const res = await open(url);
      expect(res.status).toBe(404);
      bodies.push(await res.text());
    }
    expect(new Set(bodies).size).toBe(1);
  });

  test('a browser opening a withdrawn or mistyped link gets a plain page saying so; other clients keep the problem JSON', async () => {
    const shared = await t.gql<{ shareVolunteerRecord: { id: string; url: string } }, Record<string, unknown>>(
      SHARE,
      { i: { memberId: volunteer } },
      w.headers('person'),
    );
    const link = shared.data!.shareVolunteerRecord;
    await t.gql(REVOKE, { l: link.id }, w.headers('person'));
    const browser = { accept: 'text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8' };
    for (const url of [link.url, `${t.url}/volunteer-record/nonsense`]) {
      const page = await fetch(url.replace(/^https?:\/\/[^/]+/, t.url), { headers: browser });
      expect(page.status).toBe(404);
      expect(page.headers.get('content-type')).toBe('text/html; charset=utf-8');
      expect(page.headers.get('cache-control')).toBe('no-store');
      expect(page.headers.get('x-robots-tag')).toBe('noindex, nofollow');
      const html = await page.text();
      expect(html).toContain('This link has expired or been withdrawn. Ask the volunteer for a new one.');
      expect(html).toContain('<meta name="robots" content="noindex, nofollow">');

      const program = await fetch(url.replace(/^https?:\/\/[^/]+/, t.url), { headers: { accept: '*/*' } });
      expect(program.status).toBe(404);
      expect(program.headers.get('content-type')).toMatch(/^application\/problem\+json/);
    }
  });

  test('a volunteer has at most 10 working links: the 11th is refused until one is revoked', async () => {
    await t.db.query(`UPDATE volunteer_record_link SET revoked_at = now() WHERE revoked_at IS NULL`);
    const share = () =>
      t.gql<{ shareVolunteerRecord: { id: string } }, Record<string, unknown>>(SHARE, { i: { memberId: volunteer } }, w.headers('person'));
    const made = [];
    for (let i = 0; i < 10; i++) made.push((await share()).data!.shareVolunteerRecord.id);
    const refused = await share();
    expect(refused.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', argument: 'input.memberId' });
    await t.gql(REVOKE, { l: made[0] }, w.headers('person'));
    expect((await share()).errors).toBeUndefined();
  });

  test('only the volunteer shares their record, for 7 to 365 days', async () => {
    for (const role of ['coordinator', 'representativeAll', 'otherPerson', 'admin'] as const) {
      expect((await firstError(t, SHARE, { i: { memberId: volunteer } }, w.headers(role))).extensions?.code, role).toBe('FORBIDDEN');
    }
    for (const days of [6, 366]) {
      const error = await firstError(t, SHARE, { i: { memberId: volunteer, days } }, w.headers('person'));
      expect(error.extensions).toMatchObject({ code: 'BAD_USER_INPUT', argument: 'input.days' });
    }
    expect((await firstError(t, LINKS, { m: volunteer }, w.headers('coordinator'))).extensions?.code).toBe('FORBIDDEN');
  });
});

describe('what the record says of the volunteer', () => {
  const MEMBER_RECORD = `query($m: ID!) { timeBankMember(id: $m) { volunteerRecord { roles } } }`;
  const open = (url: string) => fetch(url.replace(/^https?:\/\/[^/]+/, t.url));
  const share = (memberId: string, role: 'otherPerson' | 'representativeAll' | 'representativeNone') =>
    t.gql<{ shareVolunteerRecord: { id: string; url: string } }, Record<string, unknown>>(SHARE, { i: { memberId } }, w.headers(role));

  test('never that they receive support: only volunteering roles, on GraphQL, the printed page and the shared page', async () => {
    const answer = await t.gql<{ timeBankMember: { volunteerRecord: { roles: string[] } } }, Record<string, unknown>>(
      MEMBER_RECORD,
      { m: receiver },
      w.headers('otherPerson'),
    );
    expect(answer.errors).toBeUndefined();
    expect(answer.data!.timeBankMember.volunteerRecord.roles).toEqual(['VOLUNTEER']);
    const printed = await (
      await fetch(`${t.url}/timebank/volunteer-record/${receiver}/print`, { headers: w.headers('otherPerson') })
    ).text();
    const shared = await (await open((await share(receiver, 'otherPerson')).data!.shareVolunteerRecord.url)).text();
    for (const html of [printed, shared]) {
      expect(html).toContain('<dt>Takes part as</dt><dd>Volunteer</dd>');
      expect(html.slice(html.indexOf('<main>'))).not.toMatch(/receiv|support/i);
    }
  });

  test('a member who only receives support has no record to share: BAD_USER_INPUT naming the membership, no link made', async () => {
    const onlyReceives = await addTimeBankMember(t, w.providerA, w.ids.representativeAll, ['RECEIVER']);
    const before = await linkCount(onlyReceives);
    const error = (await share(onlyReceives, 'representativeAll')).errors?.[0];
    expect(error?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', argument: 'input.memberId' });
    expect(error?.message).toMatch(/volunteer or family carer/);
    expect(await linkCount(onlyReceives)).toBe(before);
  });

  test('leaving stops the leaver’s links (and audits each), and a link of a member no longer approved is the same 404', async () => {
    const leaver = await addTimeBankMember(t, w.providerA, w.ids.representativeNone, ['VOLUNTEER']);
    const links = [
      (await share(leaver, 'representativeNone')).data!.shareVolunteerRecord,
      (await share(leaver, 'representativeNone')).data!.shareVolunteerRecord,
    ];
    expect((await open(links[0].url)).status).toBe(200);
    const notShared = await (await open(`${t.url}/volunteer-record/ccv_${'A'.repeat(43)}`)).text();
    const revokesBefore = await auditCount(t, 'volunteerRecordLink.revoke', links[0].id);

    const left = await t.gql(
      `mutation($m: ID!) { leaveTimeBank(memberId: $m) { status } }`,
      { m: leaver },
      w.headers('representativeNone'),
    );
    expect(left.data).toEqual({ leaveTimeBank: { status: 'LEFT' } });
    for (const link of links) {
      const res = await open(link.url);
      expect(res.status).toBe(404);
      expect(await res.text()).toBe(notShared);
    }
    const [{ n }] = await t.db.query(`SELECT count(*)::int AS n FROM volunteer_record_link WHERE member_id = $1 AND revoked_at IS NULL`, [
      leaver,
    ]);
    expect(n).toBe(0);
    expect(await auditCount(t, 'volunteerRecordLink.revoke', links[0].id)).toBe(revokesBefore + 1);
    const again = (await share(leaver, 'representativeNone')).errors?.[0];
    expect(again?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', argument: 'input.memberId' });

    // A link whose member stopped being approved some other way (a correction by hand) stops working too.
    const stillVolunteering = (await share(receiver, 'otherPerson')).data!.shareVolunteerRecord;
    expect((await open(stillVolunteering.url)).status).toBe(200);
    await t.db.query(`UPDATE time_bank_member SET status = 'REFUSED', refusal_reason = 'Corrected' WHERE id = $1`, [receiver]);
    try {
      const refused = await open(stillVolunteering.url);
      expect(refused.status).toBe(404);
      expect(await refused.text()).toBe(notShared);
    } finally {
      await t.db.query(`UPDATE time_bank_member SET status = 'APPROVED', refusal_reason = NULL WHERE id = $1`, [receiver]);
    }
  });
});

const linkCount = async (memberId: string): Promise<number> =>
  (await t.db.query(`SELECT count(*)::int AS n FROM volunteer_record_link WHERE member_id = $1`, [memberId]))[0].n;

test('every time-bank balance is its ledger’s sums', () => expectTimeLedgersBalanced(t.db));
