import { describe, expect, test } from 'vitest';
import { addPerson, addStaff } from './support/accounts.js';
import { useTestApp } from './support/app.js';
import { expectLedgersBalanced, holdBooking } from './support/brokerage.js';
import {
  ASSIGN,
  as,
  balanceOf,
  bookingState,
  bookVisits,
  CONFIRM,
  DECLINE,
  HOUR_PENCE,
  nextStart,
  roomyBudget,
  secondCoordinator,
} from './support/fulfilment.js';
import { auditCount, code } from './support/graphql.js';
import { PASSWORD, useWorld } from './support/world.js';

/**
 * Story 4: the provider's coordinator confirms a booking with a care worker of theirs at every visit, or
 * declines it and the hold goes back; the database, not the app, refuses a worker two visits at once.
 */
const t = useTestApp({ seeded: 'world' });
const w = useWorld(t);

describe('confirming', () => {
  test('gives every visit a worker: the default, or the one named for that visit', async () => {
    const { bookingId, visitIds } = await bookVisits(t, w, { visits: 3 });
    const result = await as(t, w, 'coordinator', CONFIRM, {
      i: { bookingId, workerId: w.ids.careWorker, assignments: [{ visitId: visitIds[1], workerId: w.ids.secondCareWorker }] },
    });
    expect(result).toEqual({
      __typename: 'Booking',
      id: bookingId,
      status: 'CONFIRMED',
      visits: [
        { id: visitIds[0], worker: { id: w.ids.careWorker } },
        { id: visitIds[1], worker: { id: w.ids.secondCareWorker } },
        { id: visitIds[2], worker: { id: w.ids.careWorker } },
      ],
    });
    expect(await auditCount(t, 'booking.confirm', bookingId)).toBe(1);
    // Filed under the provider as well as the council, as the request and the cancellation are.
    const [{ provider_id }] = await t.db.query(`SELECT provider_id FROM audit_event WHERE action = 'booking.confirm' AND object_id = $1`, [
      bookingId,
    ]);
    expect(provider_id).toBe(w.providerA);
  });

  test('refuses a worker of another provider, a visit left without a worker and another booking’s visit, changing nothing', async () => {
    const outsider = await addPerson(t.services, { email: 'worker-b@test.example', name: 'Worker B', password: PASSWORD });
    await addStaff(t.services, outsider, { role: 'CARE_WORKER', providerId: w.providerB });
    const { bookingId, visitIds } = await bookVisits(t, w, { visits: 2 });
    const other = await bookVisits(t, w);
    const attempts = [
      [{ bookingId, workerId: outsider }, 'input.workerId'],
      [{ bookingId, assignments: [{ visitId: visitIds[0], workerId: w.ids.careWorker }] }, 'input.workerId'],
      [
        { bookingId, workerId: w.ids.careWorker, assignments: [{ visitId: other.visitIds[0], workerId: w.ids.careWorker }] },
        'input.assignments',
      ],
      // A coordinator is staff of the provider but not a care worker.
      [{ bookingId, workerId: w.ids.coordinator }, 'input.workerId'],
    ] as const;
    for (const [i, argument] of attempts) {
      const res = await t.gql(CONFIRM, { i }, w.headers('coordinator'));
      expect([code(res), res.errors?.[0]?.extensions?.argument], JSON.stringify(i)).toEqual(['BAD_USER_INPUT', argument]);
    }
    expect(await bookingState(t, bookingId)).toEqual({
      status: 'REQUESTED',
      visits: [
        { status: 'SCHEDULED', worker_id: null },
        { status: 'SCHEDULED', worker_id: null },
      ],
    });
    expect(await auditCount(t, 'booking.confirm', bookingId)).toBe(0);
  });

  test('a confirmed booking cannot be confirmed or declined again: a ConflictError', async () => {
    const { bookingId } = await bookVisits(t, w);
    await as(t, w, 'coordinator', CONFIRM, { i: { bookingId, workerId: w.ids.careWorker } });
    expect(await as(t, w, await secondCoordinator(w), CONFIRM, { i: { bookingId, workerId: w.ids.secondCareWorker } })).toMatchObject({
      __typename: 'ConflictError',
      code: 'CONFLICT',
    });
    expect(await as(t, w, 'coordinator', DECLINE, { i: { bookingId } })).toEqual({ __typename: 'ConflictError', code: 'CONFLICT' });
    expect((await bookingState(t, bookingId)).visits).toEqual([{ status: 'SCHEDULED', worker_id: w.ids.careWorker }]);
  });

  test('is refused to coordinators of other providers, the person, officers and workers', async () => {
    const { bookingId } = await bookVisits(t, w);
    for (const role of ['otherCoordinator', 'person', 'representativeAll', 'officer', 'careWorker'] as const) {
      expect(code(await t.gql(CONFIRM, { i: { bookingId, workerId: w.ids.careWorker } }, w.headers(role))), role).toBe('FORBIDDEN');
      expect(code(await t.gql(DECLINE, { i: { bookingId } }, w.headers(role))), role).toBe('FORBIDDEN');
    }
    expect(code(await t.gql(CONFIRM, { i: { bookingId, workerId: w.ids.careWorker } }))).toBe('UNAUTHENTICATED');
    expect(
      code(await t.gql(CONFIRM, { i: { bookingId: crypto.randomUUID(), workerId: w.ids.careWorker } }, w.headers('coordinator'))),
    ).toBe('NOT_FOUND');
    expect((await bookingState(t, bookingId)).status).toBe('REQUESTED');
  });

  test('two coordinators giving one worker overlapping visits at once: one wins, the other is told WORKER_UNAVAILABLE', async () => {
    const start = nextStart('future');
    // Two people's bookings, on two budgets, so nothing but the exclusion constraint stands between them.
    const first = await holdBooking(t.services, {
      budgetId: await roomyBudget(t, w),
      serviceId: w.services.home,
      visits: [{ start, minutes: 60 }],
    });
    const secondBudget = await roomyBudget(t, w, w.ids.otherPerson);
    const second = await holdBooking(t.services, {
      budgetId: secondBudget,
      serviceId: w.services.home,
      visits: [{ start: new Date(start.getTime() + 30 * 60_000), minutes: 60 }],
    });
    const committedBefore = (await balanceOf(t, secondBudget)).committedPence;
    const results = await Promise.all([
      as(t, w, 'coordinator', CONFIRM, { i: { bookingId: first.bookingId, workerId: w.ids.careWorker } }),
      as(t, w, await secondCoordinator(w), CONFIRM, { i: { bookingId: second.bookingId, workerId: w.ids.careWorker } }),
    ]);
    const won = results.filter((r) => r.__typename === 'Booking');
    const lost = results.filter((r) => r.__typename === 'WorkerUnavailableError');
    expect(won).toHaveLength(1);
    expect(lost).toHaveLength(1);
    const loser = won[0].id === first.bookingId ? second : first;
    expect(lost[0]).toMatchObject({ code: 'WORKER_UNAVAILABLE', visitId: loser.visitIds[0], workerId: w.ids.careWorker });
    expect(await bookingState(t, loser.bookingId)).toEqual({ status: 'REQUESTED', visits: [{ status: 'SCHEDULED', worker_id: null }] });
    expect((await balanceOf(t, secondBudget)).committedPence).toBe(committedBefore);
  });

  test('back-to-back visits, one ending as the next begins, may go to one worker', async () => {
    const start = nextStart('future');
    const budgetId = await roomyBudget(t, w);
    const early = await holdBooking(t.services, { budgetId, serviceId: w.services.home, visits: [{ start, minutes: 60 }] });
    const late = await holdBooking(t.services, {
      budgetId,
      serviceId: w.services.home,
      visits: [{ start: new Date(start.getTime() + 60 * 60_000), minutes: 60 }],
    });
    for (const { bookingId } of [early, late]) {
      expect(await as(t, w, 'coordinator', CONFIRM, { i: { bookingId, workerId: w.ids.secondCareWorker } })).toMatchObject({
        status: 'CONFIRMED',
      });
    }
  });
});

describe('declining', () => {
  test('releases the hold exactly, cancels every visit and keeps the reason out of the audit trail', async () => {
    const budgetId = await roomyBudget(t, w);
    const before = await balanceOf(t, budgetId);
    const { bookingId } = await bookVisits(t, w, { budgetId, visits: 3 });
    expect((await balanceOf(t, budgetId)).availablePence).toBe(before.availablePence - 3 * HOUR_PENCE);
    const reason = 'No one free on Tuesdays near there';
    expect(await as(t, w, 'coordinator', DECLINE, { i: { bookingId, reason } })).toEqual({
      __typename: 'Booking',
      id: bookingId,
      status: 'DECLINED',
      declineReason: reason,
      visits: [{ status: 'CANCELLED' }, { status: 'CANCELLED' }, { status: 'CANCELLED' }],
    });
    expect(await balanceOf(t, budgetId)).toEqual(before);
    const trail: { summary: unknown }[] = await t.db.query(
      `SELECT summary FROM audit_event WHERE action = 'booking.decline' AND object_id = $1`,
      [bookingId],
    );
    expect(trail).toHaveLength(1);
    expect(JSON.stringify(trail)).not.toContain('Tuesdays');
    expect(trail[0].summary).toMatchObject({ releasedPence: 3 * HOUR_PENCE });
  });

  test('refuses a reason over 500 characters, writing nothing', async () => {
    const { bookingId } = await bookVisits(t, w);
    const res = await t.gql(DECLINE, { i: { bookingId, reason: 'x'.repeat(501) } }, w.headers('coordinator'));
    expect([code(res), res.errors?.[0]?.extensions?.argument]).toEqual(['BAD_USER_INPUT', 'input.reason']);
    expect((await bookingState(t, bookingId)).status).toBe('REQUESTED');
  });
});

describe('reassigning a visit', () => {
  test('sends another of the provider’s workers, unless they are busy then; only for a confirmed booking', async () => {
    const { visitIds } = await bookVisits(t, w, { confirmedWith: w.ids.careWorker });
    expect(await as(t, w, 'coordinator', ASSIGN, { i: { visitId: visitIds[0], workerId: w.ids.secondCareWorker } })).toEqual({
      __typename: 'BookingVisit',
      id: visitIds[0],
      worker: { id: w.ids.secondCareWorker },
    });
    expect(await auditCount(t, 'visit.assign', visitIds[0])).toBe(1);

    const [{ starts_at }] = await t.db.query(`SELECT starts_at FROM booking_visit WHERE id = $1`, [visitIds[0]]);
    const clash = await holdBooking(t.services, {
      budgetId: await roomyBudget(t, w, w.ids.otherPerson),
      serviceId: w.services.home,
      visits: [{ start: new Date(starts_at), minutes: 30, workerId: w.ids.careWorker }],
      status: 'CONFIRMED',
    });
    expect(await as(t, w, 'coordinator', ASSIGN, { i: { visitId: clash.visitIds[0], workerId: w.ids.secondCareWorker } })).toEqual({
      __typename: 'WorkerUnavailableError',
      code: 'WORKER_UNAVAILABLE',
      visitId: clash.visitIds[0],
      workerId: w.ids.secondCareWorker,
    });
    expect((await bookingState(t, clash.bookingId)).visits).toEqual([{ status: 'SCHEDULED', worker_id: w.ids.careWorker }]);

    const requested = await bookVisits(t, w);
    expect(await as(t, w, 'coordinator', ASSIGN, { i: { visitId: requested.visitIds[0], workerId: w.ids.careWorker } })).toEqual({
      __typename: 'ConflictError',
      code: 'CONFLICT',
    });
    expect(code(await t.gql(ASSIGN, { i: { visitId: visitIds[0], workerId: w.ids.careWorker } }, w.headers('otherCoordinator')))).toBe(
      'FORBIDDEN',
    );
  });
});

describe('the coordinator’s list', () => {
  const LIST = `query($p: ID!, $s: BookingStatus, $first: Int, $after: String) {
    providerBookings(providerId: $p, status: $s, first: $first, after: $after) {
      totalCount pageInfo { hasNextPage endCursor }
      edges { node { id status distinctWorkersLast28Days preferredWorkers { id } person { name }
        visits { id worker { name } } invoices { id } } } } }`;

  test('shows the provider’s bookings newest first, by status, with how many workers each person saw in 28 days', async () => {
    // A person of their own, so nothing else in this file has visited them.
    const personId = w.ids.assessed;
    const budgetId = await roomyBudget(t, w, personId);
    for (const worker of [w.ids.careWorker, w.ids.secondCareWorker, w.ids.careWorker]) {
      const { visitIds } = await bookVisits(t, w, { budgetId, when: 'past', confirmedWith: worker });
      await t.gql(
        `mutation($i: RecordVisitDeliveredInput!) { recordVisitDelivered(input: $i) { __typename } }`,
        { i: { visitId: visitIds[0], delivered: true } },
        w.headers('coordinator'),
      );
    }
    const newest = await bookVisits(t, w, { budgetId });
    await t.db.query(`UPDATE booking SET preferred_worker_ids = $1 WHERE id = $2`, [[w.ids.secondCareWorker], newest.bookingId]);

    const page = await as(t, w, 'coordinator', LIST, { p: w.providerA, s: 'REQUESTED', first: 100 });
    const first = page.edges[0].node;
    expect(first).toMatchObject({ id: newest.bookingId, distinctWorkersLast28Days: 2, preferredWorkers: [{ id: w.ids.secondCareWorker }] });
    expect(page.edges.every((e: { node: { status: string } }) => e.node.status === 'REQUESTED')).toBe(true);
    const all = await as(t, w, 'admin', LIST, { p: w.providerA, first: 2 });
    expect(all.edges).toHaveLength(2);
    expect(all.pageInfo.hasNextPage).toBe(true);
    const next = await as(t, w, 'admin', LIST, { p: w.providerA, first: 2, after: all.pageInfo.endCursor });
    expect(next.edges.map((e: { node: { id: string } }) => e.node.id)).not.toContain(all.edges[1].node.id);
  });

  test('is for the provider’s coordinators and admins only', async () => {
    expect(code(await t.gql(LIST, { p: w.providerA, first: 101 }, w.headers('coordinator')))).toBe('BAD_USER_INPUT');
    for (const role of ['otherCoordinator', 'careWorker', 'officer', 'person'] as const) {
      expect(code(await t.gql(LIST, { p: w.providerA }, w.headers(role))), role).toBe('FORBIDDEN');
    }
    expect(code(await t.gql(LIST, { p: w.providerA }))).toBe('UNAUTHENTICATED');
  });

  test('costs the statements of a page of one, whatever the page size', async () => {
    const counts = [];
    for (const first of [1, 6]) {
      t.statements.reset();
      // Confirmed bookings: each has a worker at every visit, so every field's loader runs whatever the page holds.
      const page = await as(t, w, 'coordinator', LIST, { p: w.providerA, s: 'CONFIRMED', first });
      expect(page.edges).toHaveLength(first);
      counts.push(t.statements.count);
    }
    expect(counts[1]).toBe(counts[0]);
  });
});

test('every budget’s balances are its ledger’s sums', async () => {
  await expectLedgersBalanced(t.db);
});
