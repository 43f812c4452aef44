import type { Server } from 'node:http';
import { describe, expect, test } from 'vitest';
import { createLogger } from '../api/common/logger.js';
import { createApp } from '../api/server.js';
import { useTestApp } from './support/app.js';
import { expectLedgersBalanced, holdBooking, hoursFromNow, personsBudget } from './support/brokerage.js';
import { auditCount, code, createWidgetSession } from './support/graphql.js';
import { PARTNER_ORIGIN, SCOPED_KEY, useWorld } from './support/world.js';

/**
 * Story 8's calendar: a person's visits as iCalendar at a secret, revocable address that calendar apps
 * fetch without a bearer token. The address is shown once, stored only as a hash, kept out of the audit
 * trail and the request log; a revoked or unknown one is the same 404, a malformed one 400.
 */
const t = useTestApp({ seeded: 'world' });
const w = useWorld(t);

const CREATE = `mutation($p: ID) { createCalendarLink(personId: $p) { id personId createdAt revokedAt path } }`;
const REVOKE = `mutation($id: ID!) { revokeCalendarLink(id: $id) { id revokedAt path } }`;
const LINKS = `{ me { calendarLinks { id personId revokedAt path } } }`;

async function createLink(role: Parameters<typeof w.headers>[0] = 'person', personId?: string) {
  const res = await t.gql<{ createCalendarLink: { id: string; personId: string; path: string; revokedAt: string | null } }, unknown>(
    CREATE,
    { p: personId ?? null },
    w.headers(role),
  );
  expect(res.errors, JSON.stringify(res.errors)).toBeUndefined();
  return res.data!.createCalendarLink;
}

const fetchFeed = (path: string) => fetch(`${t.url}${path}`);

/** The feed's events, unfolded (RFC 5545 §3.1), each as its properties by name. */
function parseEvents(ics: string): Record<string, string>[] {
  const lines = ics.replace(/\r\n[ \t]/g, '').split('\r\n');
  const events: Record<string, string>[] = [];
  let current: Record<string, string> | null = null;
  for (const line of lines) {
    if (line === 'BEGIN:VEVENT') current = {};
    else if (line === 'END:VEVENT') {
      events.push(current!);
      current = null;
    } else if (current) {
      const colon = line.indexOf(':');
      current[line.slice(0, colon).split(';')[0]!] = line.slice(colon + 1).replace(/\\([,;\\])/g, '$1');
    }
  }
  return events;
}

/** 20260315T093000Z as an instant. */
const icsInstant = (value: string) =>
  new Date(value.replace(/^(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})(\d{2})Z$/, '$1-$2-$3T$4:$5:$6Z')).toISOString();

/** A council-managed budget of £1,000 for someone of council A. */
const councilBudget = (personId: string) => personsBudget(t, w, 'COUNCIL_MANAGED', 100_000, { personId });

describe('a person’s calendar', () => {
  test('the feed: upcoming and recent visits with their statuses, times and worker’s first name, never notes or money', async () => {
    const budgetId = await councilBudget(w.ids.person);
    const confirmed = await holdBooking(t.services, {
      budgetId,
      serviceId: w.services.home,
      status: 'CONFIRMED',
      visits: [
        { start: hoursFromNow(-24 * 10), minutes: 60, workerId: w.ids.careWorker },
        { start: hoursFromNow(30), minutes: 45, workerId: w.ids.careWorker },
        { start: hoursFromNow(54), minutes: 60 },
      ],
    });
    const requested = await holdBooking(t.services, {
      budgetId,
      serviceId: w.services.home,
      visits: [{ start: hoursFromNow(80), minutes: 90 }],
    });
    const old = await holdBooking(t.services, {
      budgetId,
      serviceId: w.services.home,
      visits: [{ start: hoursFromNow(-24 * 40), minutes: 60 }],
    });
    await t.db.query(`UPDATE booking SET notes = 'Diabetic: check insulin' WHERE id = $1`, [confirmed.bookingId]);
    await t.db.query(`UPDATE booking_visit SET status = 'CANCELLED', note = 'Private note' WHERE id = $1`, [confirmed.visitIds[2]]);
    // Someone else's visits stay out of the person's feed.
    const otherBudget = await councilBudget(w.ids.otherPerson);
    const others = await holdBooking(t.services, {
      budgetId: otherBudget,
      serviceId: w.services.home,
      visits: [{ start: hoursFromNow(31), minutes: 60 }],
    });

    const link = await createLink();
    expect(link.personId).toBe(w.ids.person);
    expect(link.path).toMatch(/^\/calendar\/ccc_[A-Za-z0-9_-]{43}\.ics$/);
    const res = await fetchFeed(link.path);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('text/calendar; charset=utf-8');
    expect(res.headers.get('cache-control')).toBe('private, no-store');
    expect(res.headers.get('referrer-policy')).toBe('no-referrer');
    const ics = await res.text();
    expect(ics).toMatch(/^BEGIN:VCALENDAR\r\n/);
    for (const secret of ['Diabetic', 'insulin', 'Private note', '£', 'budget', 'Pence']) expect(ics).not.toContain(secret);

    const events = parseEvents(ics);
    const byUid = new Map(events.map((e) => [e.UID, e]));
    expect(events).toHaveLength(4);
    expect(byUid.has(`${old.visitIds[0]}@coopcare`)).toBe(false);
    expect(byUid.has(`${others.visitIds[0]}@coopcare`)).toBe(false);

    const past = byUid.get(`${confirmed.visitIds[0]}@coopcare`)!;
    const next = byUid.get(`${confirmed.visitIds[1]}@coopcare`)!;
    expect(next).toMatchObject({ STATUS: 'CONFIRMED', SUMMARY: 'Home care (test) — Co-op A', DESCRIPTION: 'Care worker: careWorker' });
    expect(icsInstant(next.DTSTART!)).toBe(hoursFromNow(30).toISOString());
    expect(icsInstant(next.DTEND!)).toBe(new Date(hoursFromNow(30).getTime() + 45 * 60_000).toISOString());
    expect(past.STATUS).toBe('CONFIRMED');
    expect(byUid.get(`${confirmed.visitIds[2]}@coopcare`)).toMatchObject({ STATUS: 'CANCELLED' });
    expect(byUid.get(`${confirmed.visitIds[2]}@coopcare`)!.DESCRIPTION).toBeUndefined();
    expect(byUid.get(`${requested.visitIds[0]}@coopcare`)).toMatchObject({ STATUS: 'TENTATIVE' });

    // The UID is the visit's, so a second fetch updates the same events in the app.
    expect(parseEvents(await (await fetchFeed(link.path)).text()).map((e) => e.UID)).toEqual(events.map((e) => e.UID));
  });

  test('the address is shown once: me.calendarLinks lists it without it; only its hash is stored; the trail never holds it', async () => {
    const link = await createLink();
    const token = link.path.slice('/calendar/'.length, -'.ics'.length);
    const listed = await t.gql<{ me: { calendarLinks: { id: string; path: string | null }[] } }, unknown>(LINKS, {}, w.headers('person'));
    expect(listed.data!.me.calendarLinks.find((l) => l.id === link.id)).toEqual({
      id: link.id,
      personId: w.ids.person,
      revokedAt: null,
      path: null,
    });
    const [stored] = await t.db.query(`SELECT to_jsonb(c)::text AS row FROM calendar_link c WHERE id = $1`, [link.id]);
    expect(stored.row).not.toContain(token);
    const [{ n }] = await t.db.query(`SELECT count(*)::int AS n FROM audit_event WHERE to_jsonb(audit_event.*)::text LIKE $1`, [
      `%${token.slice(4, 20)}%`,
    ]);
    expect(n).toBe(0);
    expect(await auditCount(t, 'calendarLink.create', link.id)).toBe(1);
  });

  test('the request log shows the calendar path without its secret', async () => {
    const output: string[] = [];
    const logger = createLogger({ logLevel: 'info' }, { write: (line: string) => void output.push(line) });
    const logged = await createApp({ services: t.services, config: { publicRateLimitPerMinute: 1000, nodeEnv: 'test' }, logger });
    const { server, url } = await logged.listen(0, '127.0.0.1');
    try {
      const link = await createLink();
      const token = link.path.slice('/calendar/'.length, -'.ics'.length);
      expect((await fetch(`${url}${link.path}`)).status).toBe(200);
      expect((await fetch(`${url}/calendar/not-a-token.ics`)).status).toBe(400);
      expect(output.join('\n')).not.toContain(token);
      expect(output.join('\n')).not.toContain('not-a-token');
      expect(output.map((l) => JSON.parse(l).path)).toContain('/calendar/[redacted]');
    } finally {
      await closeServer(server);
      await logged.apollo.stop();
    }
  });

  test('calendar addresses share the public rate limit', async () => {
    // The limits are counted in the database per client address, which this file's other requests already spent from.
    const limited = await createApp({ services: t.services, config: { publicRateLimitPerMinute: 2, nodeEnv: 'test' } });
    const { server, url } = await limited.listen(0, '127.0.0.1');
    try {
      const statuses = [];
      for (let i = 0; i < 3; i++) statuses.push((await fetch(`${url}/calendar/ccc_${'A'.repeat(43)}.ics`)).status);
      expect(statuses).toContain(429);
    } finally {
      await closeServer(server);
      await limited.apollo.stop();
    }
  });

  test('revoked and unknown addresses are the same 404; a malformed one is 400; none echoes the address', async () => {
    const link = await createLink();
    expect((await fetchFeed(link.path)).status).toBe(200);
    const revoked = await t.gql<{ revokeCalendarLink: { id: string; revokedAt: string | null; path: string | null } }, unknown>(
      REVOKE,
      { id: link.id },
      w.headers('person'),
    );
    expect(revoked.data!.revokeCalendarLink).toMatchObject({ id: link.id, path: null });
    expect(revoked.data!.revokeCalendarLink.revokedAt).toBeTruthy();
    expect(await auditCount(t, 'calendarLink.revoke', link.id)).toBe(1);

    const gone = await fetchFeed(link.path);
    const unknown = await fetchFeed(`/calendar/ccc_${'A'.repeat(43)}.ics`);
    expect([gone.status, unknown.status]).toEqual([404, 404]);
    const [goneBody, unknownBody] = [await gone.text(), await unknown.text()];
    expect(goneBody).toBe(unknownBody);
    expect(gone.headers.get('cache-control')).toBe('private, no-store');
    for (const path of ['/calendar/a/b.ics', '/calendar/']) {
      const res = await fetchFeed(path);
      expect([res.status, res.headers.get('content-type')], path).toEqual([404, 'application/problem+json; charset=utf-8']);
    }
    for (const path of [
      '/calendar/nope.ics',
      `/calendar/ccc_${'A'.repeat(43)}`,
      `/calendar/ccc_${'A'.repeat(42)}!.ics`,
      `/calendar/cck_${'A'.repeat(43)}.ics`,
    ]) {
      const res = await fetchFeed(path);
      expect(res.status, path).toBe(400);
      expect(await res.text()).not.toContain('AAAA');
    }

    // Revoking twice changes nothing more.
    const again = await t.gql<{ revokeCalendarLink: { revokedAt: string } }, unknown>(REVOKE, { id: link.id }, w.headers('person'));
    expect(again.data!.revokeCalendarLink.revokedAt).toBe(revoked.data!.revokeCalendarLink.revokedAt);
    expect(await auditCount(t, 'calendarLink.revoke', link.id)).toBe(1);
  });

  test('a representative with VIEW_BUDGET or BOOK may make one for the person; others, widgets and partners may not', async () => {
    const forPerson = await createLink('representativeAll', w.ids.person);
    expect(forPerson.personId).toBe(w.ids.person);
    expect((await fetchFeed(forPerson.path)).status).toBe(200);

    const refused = async (headers: Record<string, string>, personId: string | null) => code(await t.gql(CREATE, { p: personId }, headers));
    expect(await refused(w.headers('otherPerson'), w.ids.person)).toBe('FORBIDDEN');
    expect(await refused(w.headers('representativeNone'), w.ids.person)).toBe('FORBIDDEN');
    expect(await refused({ authorization: `Bearer ${await w.login(w.emails.friend)}` }, w.ids.person)).toBe('FORBIDDEN');
    expect(await refused(w.headers('coordinator'), w.ids.person)).toBe('FORBIDDEN');
    expect(await refused(w.headers('officer'), w.ids.person)).toBe('FORBIDDEN');
    expect(await refused(w.headers('admin'), w.ids.person)).toBe('FORBIDDEN');
    expect(await refused(w.headers('person'), crypto.randomUUID())).toBe('FORBIDDEN');
    expect(await refused(w.headers('partner'), w.ids.person)).toBe('FORBIDDEN');
    const session = await createWidgetSession(t, { personId: w.ids.person, purpose: 'BOOKING', origin: PARTNER_ORIGIN }, SCOPED_KEY);
    expect(await refused({ authorization: `Bearer ${session.data!.createWidgetSession.token}`, origin: PARTNER_ORIGIN }, null)).toBe(
      'FORBIDDEN',
    );
    expect(await refused({}, null)).toBe('UNAUTHENTICATED');

    // Revoking: the person or their representative; no one else; an unknown id is NOT_FOUND.
    expect(code(await t.gql(REVOKE, { id: forPerson.id }, w.headers('otherPerson')))).toBe('FORBIDDEN');
    expect(code(await t.gql(REVOKE, { id: crypto.randomUUID() }, w.headers('person')))).toBe('NOT_FOUND');
    expect(code(await t.gql(REVOKE, { id: forPerson.id }, w.headers('person')))).toBeUndefined();
    expect((await fetchFeed(forPerson.path)).status).toBe(404);
  });

  test('a person has at most 10 working addresses: the 11th is BAD_USER_INPUT until one is revoked', async () => {
    const made = await Promise.all(Array.from({ length: 10 }, () => createLink('otherPerson')));
    const refused = await t.gql(CREATE, { p: null }, w.headers('otherPerson'));
    expect([code(refused), refused.errors?.[0]?.extensions?.argument]).toEqual(['BAD_USER_INPUT', 'personId']);
    expect(code(await t.gql(REVOKE, { id: made[0].id }, w.headers('otherPerson')))).toBeUndefined();
    expect((await createLink('otherPerson')).path).toBeTruthy();
    const [{ live }] = await t.db.query(`SELECT count(*)::int AS live FROM calendar_link WHERE person_id = $1 AND revoked_at IS NULL`, [
      w.ids.otherPerson,
    ]);
    expect(live).toBe(10);
  });

  // Last: it takes rights from the world's representative.
  test('a representative’s link stops working when the person takes back the rights it was made with', async () => {
    const theirs = await createLink('representativeAll', w.ids.person);
    const own = await createLink('person');
    const revoke = async (rights: string[]) =>
      t.gql(
        `mutation($i: RevokeRepresentativeRightsInput!) { revokeRepresentativeRights(input: $i) { id } }`,
        { i: { representativeId: w.ids.representativeAll, rights } },
        w.headers('person'),
      );
    expect((await revoke(['VIEW_BUDGET'])).errors).toBeUndefined();
    // BOOK still covers it.
    expect((await fetchFeed(theirs.path)).status).toBe(200);
    expect((await revoke(['BOOK'])).errors).toBeUndefined();
    expect((await fetchFeed(theirs.path)).status).toBe(404);
    expect((await fetchFeed(own.path)).status).toBe(200);
  });
});

function closeServer(server: Server): Promise<void> {
  server.closeAllConnections();
  return new Promise((resolve) => server.close(() => resolve()));
}

test('every budget’s balances are its ledger’s sums', async () => {
  await expectLedgersBalanced(t.db);
});
