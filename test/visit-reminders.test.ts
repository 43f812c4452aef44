import { Temporal } from '@js-temporal/polyfill';
import { describe, expect, test } from 'vitest';
import { londonMoment } from '../api/common/london.js';
import { useTestApp } from './support/app.js';
import { holdBooking } from './support/brokerage.js';
import { as, roomyBudget } from './support/fulfilment.js';
import { linksIn, useMailServer } from './support/mail.js';
import { addressees, delivered } from './support/messages.js';
import { useWorld } from './support/world.js';

/**
 * Issue 12: the reminder the day before each visit, written by a job every instance runs on a timer:
 * one per visit and recipient however often and however many times at once it runs, in statements that
 * do not grow with the visits.
 */
const mail = await useMailServer();
const t = useTestApp({ seeded: 'world', smtpUrl: mail.url });
const w = useWorld(t);

/** A UK day some weeks ahead, so the real clock of the bookings (visits in the future) never meets the job's `now`. */
const day = (daysAhead: number) => Temporal.Now.plainDateISO('Europe/London').add({ days: 20 + daysAhead });
/** An instant at a UK wall-clock time of a day. */
const at = (date: Temporal.PlainDate, time: string) =>
  new Date(date.toPlainDateTime(Temporal.PlainTime.from(time)).toZonedDateTime('Europe/London').epochMilliseconds);

const CANCEL = `mutation($i: CancelBookingInput!) { cancelBooking(input: $i) { __typename } }`;

async function confirmedVisits(personId: string, workerId: string, starts: Date[]) {
  return holdBooking(t.services, {
    budgetId: await roomyBudget(t, w, personId),
    serviceId: w.services.home,
    status: 'CONFIRMED',
    visits: starts.map((start) => ({ start, minutes: 60, workerId })),
  });
}

describe('the visit reminder job', () => {
  test('reminds of the visits of the next UK day, once each, however often and however many times at once it runs', async () => {
    const [today, tomorrow, after] = [day(-1), day(0), day(1)];
    const { bookingId } = await confirmedVisits(w.ids.person, w.ids.careWorker, [
      at(today, '23:30'),
      at(tomorrow, '00:30'),
      at(tomorrow, '14:00'),
      at(after, '00:00'),
    ]);
    const cancelled = await confirmedVisits(w.ids.person, w.ids.careWorker, [at(tomorrow, '18:00')]);
    await as(t, w, 'person', CANCEL, { i: { bookingId: cancelled.bookingId } });
    await holdBooking(t.services, {
      budgetId: await roomyBudget(t, w),
      serviceId: w.services.home,
      status: 'REQUESTED',
      visits: [{ start: at(tomorrow, '16:00'), minutes: 60 }],
    });
    await confirmedVisits(w.ids.otherPerson, w.ids.secondCareWorker, [at(tomorrow, '11:00')]);
    await delivered(t, mail);

    const now = at(today, '10:00');
    const runs = await Promise.all([1, 2, 3].map(() => t.services.visitReminders.run(now)));
    // Two visits of the person's confirmed booking, to them and their representative; one of the other person's.
    expect(runs.reduce((sum, n) => sum + n, 0)).toBe(5);
    expect(await t.services.visitReminders.run(now)).toBe(0);
    expect(await t.services.visitReminders.run(at(today, '23:59'))).toBe(0);

    const mails = await delivered(t, mail);
    expect(addressees(mails)).toEqual(
      [w.emails.person, w.emails.person, w.emails.representativeAll, w.emails.representativeAll, w.emails.otherPerson].sort(),
    );
    const toPerson = mails.filter((m) => m.to.includes(w.emails.person)).map((m) => m.text);
    expect(toPerson.join()).toContain(`Co-op A visits you tomorrow, ${londonMoment(at(tomorrow, '00:30'))}, for 60 minutes.`);
    expect(toPerson.join()).toContain('at 12:30am, for 60 minutes');
    expect(toPerson.join()).toContain('at 2:00pm, for 60 minutes');
    for (const m of mails) {
      expect(m.subject).toBe('Reminder: a visit from Co-op A tomorrow');
      expect(linksIn(m.text)[0]).toMatch(new RegExp(`^${t.url}/account#/bookings/`));
    }
    const toRepresentative = mails.find((m) => m.to.includes(w.emails.representativeAll))!;
    expect(toRepresentative.text).toContain('Co-op A visits person tomorrow');
    expect(linksIn(toRepresentative.text)[0]).toBe(`${t.url}/account#/bookings/${bookingId}`);
  });

  test('a visit confirmed after the day’s runs for tomorrow is reminded of at the next run, and only it', async () => {
    const tomorrow = day(9);
    await confirmedVisits(w.ids.otherPerson, w.ids.secondCareWorker, [at(tomorrow, '09:00')]);
    const morning = at(day(8), '08:00');
    expect(await t.services.visitReminders.run(morning)).toBe(1);
    const { bookingId } = await confirmedVisits(w.ids.otherPerson, w.ids.secondCareWorker, [at(tomorrow, '17:00')]);
    expect(await t.services.visitReminders.run(at(day(8), '15:00'))).toBe(1);
    expect(await t.services.visitReminders.run(at(day(8), '15:05'))).toBe(0);
    const reminded = await t.db.query(`SELECT count(*)::int AS n FROM booking_visit WHERE booking_id = $1 AND reminded_at IS NOT NULL`, [
      bookingId,
    ]);
    expect(reminded).toEqual([{ n: 1 }]);
    expect((await delivered(t, mail)).map((m) => m.to)).toEqual([[w.emails.otherPerson], [w.emails.otherPerson]]);
  });

  test('its statements do not grow with the visits it reminds of', async () => {
    await confirmedVisits(w.ids.person, w.ids.careWorker, [at(day(5), '09:00')]);
    await confirmedVisits(w.ids.person, w.ids.careWorker, [at(day(6), '09:00'), at(day(6), '12:00'), at(day(6), '15:00')]);
    await confirmedVisits(w.ids.otherPerson, w.ids.secondCareWorker, [at(day(6), '10:00'), at(day(6), '13:00')]);
    const statementsOf = async (now: Date) => {
      t.statements.reset();
      const written = await t.services.visitReminders.run(now);
      return { written, statements: t.statements.count };
    };
    const one = await statementsOf(at(day(4), '10:00'));
    const five = await statementsOf(at(day(5), '10:00'));
    expect(one.written).toBe(2);
    expect(five.written).toBe(8);
    expect(five.statements).toBe(one.statements);
    await delivered(t, mail);
  });
});
