import DataLoader from 'dataloader';
import { In } from 'typeorm';
import { byKey, groupByKey, type LoaderFactory } from '../common/loaders.js';
import { Booking, BookingVisit, Invoice } from './booking.entity.js';
import { readBalances } from './ledger.service.js';
import { type BudgetBalance, PersonalBudget } from './personal-budget.entity.js';

export const budgetById: LoaderFactory<string, PersonalBudget | null> = ({ db }) =>
  new DataLoader(async (ids) => byKey(ids, await db.getRepository(PersonalBudget).findBy({ id: In([...ids]) }), (b) => b.id));

/** A person's budgets, newest period first; primes budgetById. */
export const budgetsByPersonId: LoaderFactory<string, PersonalBudget[]> = (registry) =>
  new DataLoader(async (ids) => {
    const rows = await registry.db
      .getRepository(PersonalBudget)
      .find({ where: { personId: In([...ids]) }, order: { periodStart: 'DESC', createdAt: 'DESC', id: 'ASC' } });
    const byId = registry.get(budgetById);
    for (const row of rows) byId.prime(row.id, row);
    return groupByKey(ids, rows, (b) => b.personId);
  });

/** Balances, summed from the ledger. Not cached: a mutation earlier in the request may have moved money. */
export const balanceByBudgetId: LoaderFactory<string, BudgetBalance | null> = ({ db }) =>
  new DataLoader(async (ids) => byKey(ids, await readBalances(db, ids), (b) => b.budgetId), { cache: false });

export const bookingById: LoaderFactory<string, Booking | null> = ({ db }) =>
  new DataLoader(async (ids) => byKey(ids, await db.getRepository(Booking).findBy({ id: In([...ids]) }), (b) => b.id), { cache: false });

/** A booking's visits, earliest first. Not cached: they change as the booking moves on. */
export const visitsByBookingId: LoaderFactory<string, BookingVisit[]> = ({ db }) =>
  new DataLoader(
    async (ids) =>
      groupByKey(
        ids,
        await db.getRepository(BookingVisit).find({ where: { bookingId: In([...ids]) }, order: { startsAt: 'ASC', id: 'ASC' } }),
        (v) => v.bookingId,
      ),
    { cache: false },
  );

/** A booking's invoices, in the order issued. Not cached: issueInvoice adds one within the request. */
export const invoicesByBookingId: LoaderFactory<string, Invoice[]> = ({ db }) =>
  new DataLoader(
    async (ids) =>
      groupByKey(
        ids,
        await db.getRepository(Invoice).find({ where: { bookingId: In([...ids]) }, order: { invoiceNumber: 'ASC' } }),
        (i) => i.bookingId,
      ),
    { cache: false },
  );

/** The visits an invoice charged, earliest first. */
export const visitsByInvoiceId: LoaderFactory<string, BookingVisit[]> = ({ db }) =>
  new DataLoader(async (ids) =>
    groupByKey(
      ids,
      await db.getRepository(BookingVisit).find({ where: { invoiceId: In([...ids]) }, order: { startsAt: 'ASC', id: 'ASC' } }),
      (v) => v.invoiceId!,
    ),
  );

/**
 * Continuity of care, keyed `personId:providerId`: how many different workers delivered visits to the
 * person for the provider in the last 28 days.
 */
export const distinctWorkersLast28Days: LoaderFactory<string, number> = ({ db }) =>
  new DataLoader(async (keys) => {
    const pairs = keys.map((k) => k.split(':'));
    const rows: { person_id: string; provider_id: string; workers: string }[] = await db.query(
      `SELECT k.person_id, k.provider_id, count(DISTINCT v.worker_id) AS workers
       FROM booking k JOIN booking_visit v ON v.booking_id = k.id
       WHERE (k.person_id, k.provider_id) IN (SELECT * FROM unnest($1::uuid[], $2::uuid[]))
         AND v.status = 'DELIVERED' AND v.starts_at >= now() - interval '28 days'
       GROUP BY k.person_id, k.provider_id`,
      [pairs.map((p) => p[0]), pairs.map((p) => p[1])],
    );
    const counts = new Map(rows.map((r) => [`${r.person_id}:${r.provider_id}`, Number(r.workers)]));
    return keys.map((k) => counts.get(k) ?? 0);
  });
