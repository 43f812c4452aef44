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

export const invoiceById: LoaderFactory<string, Invoice | null> = ({ db }) =>
  new DataLoader(async (ids) => byKey(ids, await db.getRepository(Invoice).findBy({ id: In([...ids]) }), (i) => i.id));
