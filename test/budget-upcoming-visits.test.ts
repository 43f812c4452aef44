import { beforeAll, describe, expect, test } from 'vitest';
import { useTestApp } from './support/app.js';
import { holdBooking, hoursFromNow } from './support/brokerage.js';
import { bookVisits, roomyBudget } from './support/fulfilment.js';
import { code } from './support/graphql.js';
import { type RoleName, useWorld } from './support/world.js';

/**
 * `PersonalBudget.upcomingVisits`: what a budget holder (and `<coopcare-budget>`) shows as "coming up":
 * the visits still to happen on the budget, earliest first, whatever booking they belong to.
 */
const t = useTestApp({ seeded: 'world' });
const w = useWorld(t);

type Page = {
  totalCount: number;
  edges: { cursor: string; node: { id: string; startsAt: string; worker: { id: string } | null } }[];
  pageInfo: { hasNextPage: boolean; endCursor: string | null };
};
const UPCOMING = `query($id: ID!, $first: Int, $after: String) { personalBudget(id: $id) {
  upcomingVisits(first: $first, after: $after) {
    totalCount edges { cursor node { id startsAt worker { id } } } pageInfo { hasNextPage endCursor } } } }`;

async function upcoming(budgetId: string, role: RoleName, page: { first?: number; after?: string | null } = {}) {
  const res = await t.gql<{ personalBudget: { upcomingVisits: Page } }, unknown>(UPCOMING, { id: budgetId, ...page }, w.headers(role));
  expect(res.errors, JSON.stringify(res.errors)).toBeUndefined();
  return res.data!.personalBudget.upcomingVisits;
}

let budgetId: string;
/** The budget's visits still to come, earliest first, as the test made them. */
let expected: { id: string; worker: { id: string } | null }[];

beforeAll(async () => {
  budgetId = await roomyBudget(t, w);
  // A booking made first whose visits run past a later booking's one: the order is by time, not by booking.
  const weekly = await bookVisits(t, w, { budgetId, visits: 3, confirmedWith: w.ids.careWorker });
  const requested = await holdBooking(t.services, {
    budgetId,
    serviceId: w.services.home,
    visits: [{ start: new Date((await visitStart(weekly.visitIds[0]!)).getTime() + 90 * 60_000), minutes: 30 }],
  });
  const past = await bookVisits(t, w, { budgetId, visits: 1, when: 'past', confirmedWith: w.ids.careWorker });
  const underWay = await holdBooking(t.services, {
    budgetId,
    serviceId: w.services.home,
    visits: [{ start: hoursFromNow(-0.25), minutes: 60 }],
  });
  const declined = await bookVisits(t, w, { budgetId, visits: 2 });
  await t.db.query(`UPDATE booking_visit SET status = 'CANCELLED', cancelled_at = now() WHERE booking_id = $1`, [declined.bookingId]);
  await t.db.query(`UPDATE booking SET status = 'DECLINED' WHERE id = $1`, [declined.bookingId]);
  const cancelledOne = await bookVisits(t, w, { budgetId, visits: 2, confirmedWith: w.ids.careWorker });
  await t.db.query(`UPDATE booking_visit SET status = 'CANCELLED', cancelled_at = now() WHERE id = $1`, [cancelledOne.visitIds[0]]);
  expect(past.visitIds).toHaveLength(1);

  const rows: { id: string; worker_id: string | null }[] = await t.db.query(
    `SELECT id, worker_id FROM booking_visit WHERE id = ANY($1) ORDER BY starts_at, id`,
    [[...weekly.visitIds, ...requested.visitIds, ...underWay.visitIds, cancelledOne.visitIds[1]!]],
  );
  expected = rows.map((r) => ({ id: r.id, worker: r.worker_id ? { id: r.worker_id } : null }));
});

async function visitStart(id: string): Promise<Date> {
  const [row] = await t.db.query(`SELECT starts_at FROM booking_visit WHERE id = $1`, [id]);
  return row.starts_at;
}

describe('a budget’s upcoming visits', () => {
  test('are its scheduled visits not yet ended, earliest first across its bookings; past and cancelled ones left out', async () => {
    const page = await upcoming(budgetId, 'person', { first: 20 });
    expect(page.totalCount).toBe(6);
    expect(page.pageInfo.hasNextPage).toBe(false);
    expect(page.edges.map((e) => ({ id: e.node.id, worker: e.node.worker }))).toEqual(expected);
    const starts = page.edges.map((e) => Date.parse(e.node.startsAt));
    expect(starts).toEqual([...starts].sort((a, b) => a - b));
    // The one under way started a quarter of an hour ago and is still shown; requested ones have no worker yet.
    expect(starts[0]).toBeLessThan(Date.now());
    expect(page.edges.filter((e) => e.node.worker === null)).toHaveLength(2);
  });

  test('page forwards, each visit once, and a cursor from another list is BAD_USER_INPUT', async () => {
    const seen: string[] = [];
    let after: string | null = null;
    for (let pages = 0; ; pages++) {
      const page: Page = await upcoming(budgetId, 'person', { first: 4, after });
      expect(page.totalCount).toBe(6);
      seen.push(...page.edges.map((e) => e.node.id));
      if (!page.pageInfo.hasNextPage) break;
      after = page.pageInfo.endCursor;
      expect(pages).toBeLessThan(2);
    }
    expect(seen).toEqual(expected.map((v) => v.id));
    const ledgerCursor = await t.gql<{ personalBudget: { ledger: { pageInfo: { endCursor: string } } } }, unknown>(
      `query($id: ID!) { personalBudget(id: $id) { ledger(first: 1) { pageInfo { endCursor } } } }`,
      { id: budgetId },
      w.headers('person'),
    );
    const res = await t.gql(
      UPCOMING,
      { id: budgetId, after: ledgerCursor.data!.personalBudget.ledger.pageInfo.endCursor },
      w.headers('person'),
    );
    expect(code(res)).toBe('BAD_USER_INPUT');
  });

  test('are for those who may see the budget’s money: not a coordinator who reaches it through a booking', async () => {
    for (const role of ['person', 'representativeAll', 'officer', 'admin', 'widget'] as const) {
      expect((await upcoming(budgetId, role)).totalCount, role).toBe(6);
    }
    const [{ id: bookingId }] = await t.db.query(`SELECT id FROM booking WHERE budget_id = $1 LIMIT 1`, [budgetId]);
    const res = await t.gql(
      `query($id: ID!) { booking(id: $id) { budget { id upcomingVisits { totalCount } } } }`,
      { id: bookingId },
      w.headers('coordinator'),
    );
    expect(code(res)).toBe('FORBIDDEN');
    expect(code(await t.gql(UPCOMING, { id: budgetId }, w.headers('otherPerson')))).toBe('FORBIDDEN');
  });

  test('with their services, providers and workers, cost the statements of a page of two', async () => {
    const FULL = `query($id: ID!, $first: Int) { personalBudget(id: $id) { upcomingVisits(first: $first) { edges { node {
      id startsAt minutes status service { name provider { name } } worker { name } } } } } }`;
    const statements = async (first: number) => {
      t.statements.reset();
      const res = await t.gql<{ personalBudget: { upcomingVisits: { edges: unknown[] } } }, unknown>(
        FULL,
        { id: budgetId, first },
        w.headers('widget'),
      );
      expect(res.errors, JSON.stringify(res.errors)).toBeUndefined();
      expect(res.data!.personalBudget.upcomingVisits.edges).toHaveLength(first);
      return t.statements.count;
    };
    // Two: the visit under way, which has no worker yet, and the first with one.
    expect(await statements(6)).toBe(await statements(2));
  });
});
