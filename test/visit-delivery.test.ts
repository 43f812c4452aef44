import { describe, expect, test } from 'vitest';
import { addPerson, addStaff } from './support/accounts.js';
import { useTestApp } from './support/app.js';
import { expectLedgersBalanced, hoursFromNow } from './support/brokerage.js';
import { as, balanceOf, bookingState, bookVisits, HOUR_PENCE, RECORD } from './support/fulfilment.js';
import { auditCount, bearer, code } from './support/graphql.js';
import { PASSWORD, useWorld } from './support/world.js';

/**
 * Story 5: the worker sent to a visit records it delivered or missed; a worker sees their own visits,
 * with what they need to get there, and nothing of the budget or of anyone else's visits.
 */
const t = useTestApp({ seeded: 'world' });
const w = useWorld(t);

describe('recording a visit', () => {
  test('the assigned worker records it delivered with a note the audit trail never holds; another worker may not', async () => {
    const { visitIds } = await bookVisits(t, w, { when: 'past', confirmedWith: w.ids.careWorker });
    const [visitId] = visitIds;
    const note = 'Mrs A was breathless today; GP letter on the table';
    const secondWorker = { authorization: `Bearer ${await w.login(w.emails.secondCareWorker)}` };
    const refused = await t.gql(RECORD, { i: { visitId, delivered: true } }, secondWorker);
    expect(code(refused)).toBe('FORBIDDEN');
    for (const role of ['otherCoordinator', 'person', 'officer'] as const) {
      expect(code(await t.gql(RECORD, { i: { visitId, delivered: true } }, w.headers(role))), role).toBe('FORBIDDEN');
    }
    expect(await auditCount(t, 'visit.deliver', visitId)).toBe(0);

    const [{ starts_at }] = await t.db.query(`SELECT starts_at FROM booking_visit WHERE id = $1`, [visitId]);
    const actualStart = new Date(new Date(starts_at).getTime() + 10 * 60_000).toISOString();
    expect(await as(t, w, 'careWorker', RECORD, { i: { visitId, delivered: true, actualStart, actualMinutes: 55, note } })).toEqual({
      __typename: 'BookingVisit',
      id: visitId,
      status: 'DELIVERED',
      actualStart,
      actualMinutes: 55,
      note,
    });
    const trail = await t.db.query(`SELECT summary FROM audit_event WHERE action = 'visit.deliver' AND object_id = $1`, [visitId]);
    expect(trail).toHaveLength(1);
    expect(JSON.stringify(trail)).not.toContain('breathless');

    // Recorded once: a second record is a conflict.
    expect(await as(t, w, 'careWorker', RECORD, { i: { visitId, delivered: false } })).toEqual({
      __typename: 'ConflictError',
      code: 'CONFLICT',
    });
  });

  test('a missed visit gives its share back at once, and completes a booking with nothing else to settle', async () => {
    const { budgetId, bookingId, visitIds } = await bookVisits(t, w, { when: 'past', confirmedWith: w.ids.careWorker });
    const before = await balanceOf(t, budgetId);
    expect(
      await as(t, w, 'careWorker', RECORD, { i: { visitId: visitIds[0], delivered: false, note: 'No answer at the door' } }),
    ).toMatchObject({
      status: 'MISSED',
      actualMinutes: 0,
    });
    const after = await balanceOf(t, budgetId);
    expect(after.availablePence).toBe(before.availablePence + HOUR_PENCE);
    expect(after.committedPence).toBe(before.committedPence - HOUR_PENCE);
    expect(await bookingState(t, bookingId)).toEqual({ status: 'COMPLETED', visits: [{ status: 'MISSED', worker_id: w.ids.careWorker }] });
    expect(await auditCount(t, 'visit.miss', visitIds[0])).toBe(1);
  });

  test('a coordinator of the provider may record on the worker’s behalf', async () => {
    const { visitIds } = await bookVisits(t, w, { when: 'past', confirmedWith: w.ids.secondCareWorker });
    expect(await as(t, w, 'coordinator', RECORD, { i: { visitId: visitIds[0], delivered: true } })).toMatchObject({
      status: 'DELIVERED',
      actualMinutes: 60,
    });
  });

  test('refuses a future start, minutes outside 0 to 1440, a long note, a visit not begun or not confirmed, writing nothing', async () => {
    const past = await bookVisits(t, w, { when: 'past', confirmedWith: w.ids.careWorker });
    const visitId = past.visitIds[0];
    for (const [i, argument] of [
      [{ visitId, delivered: true, actualStart: hoursFromNow(1).toISOString() }, 'input.actualStart'],
      [{ visitId, delivered: true, actualMinutes: 1441 }, 'input.actualMinutes'],
      [{ visitId, delivered: true, actualMinutes: -1 }, 'input.actualMinutes'],
      [{ visitId, delivered: true, note: 'x'.repeat(2001) }, 'input.note'],
    ] as const) {
      const res = await t.gql(RECORD, { i }, w.headers('careWorker'));
      expect([code(res), res.errors?.[0]?.extensions?.argument], JSON.stringify(i).slice(0, 80)).toEqual(['BAD_USER_INPUT', argument]);
    }
    expect(code(await t.gql(RECORD, { i: { visitId: crypto.randomUUID(), delivered: true } }, w.headers('careWorker')))).toBe('NOT_FOUND');
    const future = await bookVisits(t, w, { confirmedWith: w.ids.careWorker });
    expect(await as(t, w, 'careWorker', RECORD, { i: { visitId: future.visitIds[0], delivered: true } })).toEqual({
      __typename: 'ConflictError',
      code: 'CONFLICT',
    });
    const requested = await bookVisits(t, w, { when: 'past' });
    expect(await as(t, w, 'coordinator', RECORD, { i: { visitId: requested.visitIds[0], delivered: true } })).toEqual({
      __typename: 'ConflictError',
      code: 'CONFLICT',
    });
    expect(await bookingState(t, past.bookingId)).toEqual({
      status: 'CONFIRMED',
      visits: [{ status: 'SCHEDULED', worker_id: w.ids.careWorker }],
    });
    expect(await auditCount(t, 'visit.deliver', visitId)).toBe(0);
  });
});

describe('a worker’s visits', () => {
  const VISITS = `query($from: DateTime, $to: DateTime, $first: Int, $after: String) {
    me { visits(from: $from, to: $to, first: $first, after: $after) {
    totalCount pageInfo { hasNextPage endCursor }
    edges { node { id startsAt minutes status personName carePostcode service { name } worker { id } } } } } }`;

  test('are their own only, earliest first, with where and for whom; the booking itself stays out of reach', async () => {
    const mine = await bookVisits(t, w, { visits: 3, confirmedWith: w.ids.careWorker });
    const theirs = await bookVisits(t, w, { visits: 2, confirmedWith: w.ids.secondCareWorker });
    const window = { from: hoursFromNow(24 * 6).toISOString(), to: hoursFromNow(24 * 60).toISOString(), first: 100 };
    const { visits } = await as<{ visits: { edges: { node: Record<string, any> }[] } }>(t, w, 'careWorker', VISITS, window);
    const nodes = visits.edges.map((e) => e.node);
    expect(nodes.map((n) => n.id)).toEqual(expect.arrayContaining(mine.visitIds));
    expect(nodes.some((n) => theirs.visitIds.includes(n.id))).toBe(false);
    expect(nodes.every((n) => n.worker.id === w.ids.careWorker)).toBe(true);
    const starts = nodes.map((n) => n.startsAt);
    expect(starts).toEqual([...starts].sort());
    expect(nodes.find((n) => n.id === mine.visitIds[0])).toMatchObject({
      personName: 'person',
      carePostcode: 'HD1 2TA',
      service: { name: 'Home care (test)' },
      status: 'SCHEDULED',
    });
    // The worker sees the visit, not the booking and its budget.
    expect(code(await t.gql(`query($id: ID!) { booking(id: $id) { id } }`, { id: mine.bookingId }, w.headers('careWorker')))).toBe(
      'FORBIDDEN',
    );
  });

  test('page by cursor, and cost the statements of a page of one whatever the page size', async () => {
    await bookVisits(t, w, { visits: 6, confirmedWith: w.ids.careWorker });
    const counts: number[] = [];
    const pages: string[][] = [];
    for (const first of [1, 6]) {
      t.statements.reset();
      const res = await t.gql<{ me: { visits: { edges: { node: { id: string } }[]; pageInfo: { endCursor: string } } } }, unknown>(
        VISITS,
        { first },
        w.headers('careWorker'),
      );
      expect(res.errors).toBeUndefined();
      counts.push(t.statements.count);
      pages.push(res.data!.me.visits.edges.map((e) => e.node.id));
    }
    expect(pages[1]).toHaveLength(6);
    expect(counts[1]).toBe(counts[0]);
    const second = await t.gql<{ me: { visits: { edges: { node: { id: string } }[] } } }, unknown>(
      VISITS,
      { first: 1, after: (await t.gql<any, unknown>(VISITS, { first: 1 }, w.headers('careWorker'))).data.me.visits.pageInfo.endCursor },
      w.headers('careWorker'),
    );
    expect(second.data!.me.visits.edges.map((e) => e.node.id)).toEqual([pages[1][1]]);
  });

  test('a worker who has left the provider sees and records none of its visits, though still named on them', async () => {
    const leaver = await addPerson(t.services, { email: 'leaver@test.example', name: 'Leaver', password: PASSWORD });
    await addStaff(t.services, leaver, { role: 'CARE_WORKER', providerId: w.providerA });
    const { visitIds } = await bookVisits(t, w, { when: 'past', visits: 2, confirmedWith: leaver });
    await t.db.query(`UPDATE booking_visit SET note = 'Bruising on her arm' WHERE id = $1`, [visitIds[0]]);
    const headers = bearer(await w.login('leaver@test.example'));
    const MINE = `{ me { visits { totalCount edges { node { note } } } } }`;
    expect((await as(t, w, headers, MINE, {})).visits.totalCount).toBe(2);

    await t.db.query(`DELETE FROM staff_membership WHERE person_id = $1`, [leaver]);
    expect((await as(t, w, headers, MINE, {})).visits).toEqual({ totalCount: 0, edges: [] });
    expect(code(await t.gql(RECORD, { i: { visitId: visitIds[1], delivered: true } }, headers))).toBe('FORBIDDEN');
  });

  test('someone who is not a worker has none', async () => {
    const res = await t.gql<{ me: { visits: { totalCount: number } } }, unknown>(
      `{ me { visits { totalCount } } }`,
      {},
      w.headers('person'),
    );
    expect(res.data!.me.visits.totalCount).toBe(0);
  });
});

test('every budget’s balances are its ledger’s sums', async () => {
  await expectLedgersBalanced(t.db);
});
