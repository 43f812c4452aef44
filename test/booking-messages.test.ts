import { beforeEach, describe, expect, test } from 'vitest';
import { toPersonActor } from '../api/auth/actor.js';
import { grantAccepted } from './support/accounts.js';
import { useTestApp } from './support/app.js';
import { requestBooking } from './support/booking-requests.js';
import { as, bookVisits, CONFIRM, DECLINE, INVOICE, nextStart, RECORD, roomyBudget } from './support/fulfilment.js';
import { code } from './support/graphql.js';
import { linksIn, useMailServer } from './support/mail.js';
import { addressees, choose, delivered, LONDON_MOMENT, mailTo, outboxCount } from './support/messages.js';
import { useWorld } from './support/world.js';

/**
 * Issue 12: each change to a booking tells the people it concerns, by real email (an SMTP server started
 * here), with a link to the booking on the app's own address; never a word of what anyone wrote about
 * the person's care.
 */
const mail = await useMailServer();
const t = useTestApp({ seeded: 'world', smtpUrl: mail.url });
const w = useWorld(t);

const CANCEL = `mutation($i: CancelBookingInput!) { cancelBooking(input: $i) { __typename ... on ErrorResult { code } } }`;
const HEALTH = 'diabetic, insulin at 8';

beforeEach(async () => {
  await delivered(t, mail);
});

const bookingLink = (bookingId: string) => `${t.url}/account#/bookings/${bookingId}`;

describe('a booking’s messages', () => {
  test('a request tells the provider’s coordinators, with the service, the first visit in UK time and a link; not the notes', async () => {
    const start = nextStart('future');
    const input = {
      budgetId: await roomyBudget(t, w),
      serviceId: w.services.home,
      visits: [{ start: start.toISOString(), minutes: 60 }],
      idempotencyKey: `messages-${start.getTime()}`,
      notes: HEALTH,
    };
    const booking = (await requestBooking(t, input, w.headers('person'))).data!.requestBooking;
    expect(booking.__typename).toBe('Booking');

    const mails = await delivered(t, mail);
    expect(addressees(mails)).toEqual([w.emails.coordinator, w.emails.secondCoordinator].sort());
    const message = mailTo(mails, w.emails.coordinator);
    expect(message.subject).toBe('A booking of Home care (test) waits for you');
    expect(message.text).toMatch(/^Hello coordinator,/);
    expect(message.text).toMatch(new RegExp(`requested: 1 visit, on ${LONDON_MOMENT}\\.`));
    expect(linksIn(message.text)[0]).toBe(bookingLink(booking.id!));
    expect(message.text).not.toContain('insulin');

    // A retry with the same key answers the same booking and tells nobody again.
    expect((await requestBooking(t, input, w.headers('person'))).data!.requestBooking.id).toBe(booking.id);
    expect(await delivered(t, mail)).toEqual([]);
  });

  test('a confirmation tells the budget holder and the representatives who book or see the budget, in words for each', async () => {
    const { bookingId } = await bookVisits(t, w, { visits: 2 });
    await as(t, w, 'coordinator', CONFIRM, { i: { bookingId, workerId: w.ids.careWorker } });

    const mails = await delivered(t, mail);
    // Not the coordinator who confirmed it, nor the friend who may only read the care plan.
    expect(addressees(mails)).toEqual([w.emails.person, w.emails.representativeAll].sort());
    const toPerson = mailTo(mails, w.emails.person);
    expect(toPerson.subject).toBe('Your booking with Co-op A is confirmed');
    expect(toPerson.text).toContain('Co-op A confirmed your booking: 2 visits, the first on ');
    expect(linksIn(toPerson.text)).toEqual([bookingLink(bookingId), `${t.url}/account#/messages`]);
    const toRepresentative = mailTo(mails, w.emails.representativeAll);
    expect(toRepresentative.subject).toBe('Person’s booking with Co-op A is confirmed');
    expect(toRepresentative.text).toContain('Co-op A confirmed person’s booking');
  });

  test('a decline tells the person’s side, never the provider’s reason', async () => {
    const { bookingId } = await bookVisits(t, w);
    await as(t, w, 'coordinator', DECLINE, { i: { bookingId, reason: `Nobody trained for ${HEALTH}` } });

    const mails = await delivered(t, mail);
    expect(addressees(mails)).toEqual([w.emails.person, w.emails.representativeAll].sort());
    const message = mailTo(mails, w.emails.person);
    expect(message.subject).toBe('Your booking with Co-op A was declined');
    expect(message.text).toContain('back in the budget');
    expect(message.text).not.toContain('insulin');
  });

  test('a cancellation by a representative tells the person and the provider’s coordinators, not the reason', async () => {
    const { bookingId } = await bookVisits(t, w, { visits: 3, confirmedWith: w.ids.careWorker });
    expect(await as(t, w, 'representativeAll', CANCEL, { i: { bookingId, reason: `In hospital: ${HEALTH}` } })).toEqual({
      __typename: 'Booking',
    });

    const mails = await delivered(t, mail);
    expect(addressees(mails)).toEqual([w.emails.person, w.emails.coordinator, w.emails.secondCoordinator].sort());
    expect(mailTo(mails, w.emails.person).text).toContain('3 visits, the first on ');
    expect(mailTo(mails, w.emails.person).text).toContain('of your booking with Co-op A, were cancelled.');
    expect(mailTo(mails, w.emails.coordinator).subject).toBe('Visits of a booking of Home care (test) were cancelled');
    for (const m of mails) {
      expect(linksIn(m.text)[0]).toBe(bookingLink(bookingId));
      expect(m.text).not.toContain('hospital');
    }
  });

  test('a coordinator who is also the person’s representative gets one message about a cancellation, not two', async () => {
    await grantAccepted(t.db.manager, w.ids.person, w.ids.coordinator, 'VIEW_BUDGET');
    try {
      const { bookingId } = await bookVisits(t, w, { visits: 1, confirmedWith: w.ids.careWorker });
      expect(await as(t, w, 'person', CANCEL, { i: { bookingId } })).toEqual({ __typename: 'Booking' });
      const mails = await delivered(t, mail);
      expect(addressees(mails)).toEqual([w.emails.representativeAll, w.emails.coordinator, w.emails.secondCoordinator].sort());
      expect(mailTo(mails, w.emails.coordinator).text).toContain('of person’s booking with Co-op A, was cancelled.');
    } finally {
      await t.db.query(`UPDATE representative_grant SET revoked_at = now() WHERE representative_id = $1`, [w.ids.coordinator]);
    }
  });

  test('a missed visit tells the person’s side when it was, without the worker’s note', async () => {
    const { visitIds } = await bookVisits(t, w, { when: 'past', confirmedWith: w.ids.careWorker });
    await as(t, w, 'careWorker', RECORD, { i: { visitId: visitIds[0], delivered: false, note: `Ambulance came: ${HEALTH}` } });

    const mails = await delivered(t, mail);
    expect(addressees(mails)).toEqual([w.emails.person, w.emails.representativeAll].sort());
    const message = mailTo(mails, w.emails.representativeAll);
    expect(message.subject).toBe('A visit from Co-op A was missed');
    expect(message.text).toMatch(new RegExp(`recorded person’s visit on ${LONDON_MOMENT} as missed`));
    expect(message.text).not.toMatch(/Ambulance|insulin/);
  });

  test('an invoice tells the person’s side what was charged to the budget', async () => {
    const { bookingId, visitIds } = await bookVisits(t, w, { when: 'past', confirmedWith: w.ids.careWorker });
    await as(t, w, 'careWorker', RECORD, { i: { visitId: visitIds[0], delivered: true } });
    await delivered(t, mail);
    const invoice = await as(t, w, 'coordinator', INVOICE, { i: { bookingId } });

    const mails = await delivered(t, mail);
    expect(addressees(mails)).toEqual([w.emails.person, w.emails.representativeAll].sort());
    const message = mailTo(mails, w.emails.person);
    expect(message.subject).toBe('Co-op A invoiced £35.50');
    expect(message.text).toContain(`Co-op A sent invoice ${invoice.number} for 1 visit delivered on your booking.`);
    expect(message.text).toContain('£35.50 was charged to your personal budget.');
    expect(linksIn(message.text)[0]).toBe(bookingLink(bookingId));
  });

  test('a person who chose no email of a kind gets none; the others still do', async () => {
    await choose(t, w.headers('person'), 'BOOKING_CONFIRMED', 'NONE');
    const { bookingId } = await bookVisits(t, w);
    await as(t, w, 'coordinator', CONFIRM, { i: { bookingId, workerId: w.ids.careWorker } });
    expect(addressees(await delivered(t, mail))).toEqual([w.emails.representativeAll]);
    await choose(t, w.headers('person'), 'BOOKING_CONFIRMED', 'EMAIL');
  });
});

describe('a change that does not happen', () => {
  test('a refused change writes no message', async () => {
    const { bookingId } = await bookVisits(t, w, { confirmedWith: w.ids.careWorker });
    const before = await outboxCount(t);
    expect(await as(t, w, 'coordinator', DECLINE, { i: { bookingId } })).toMatchObject({ code: 'CONFLICT' });
    expect(code(await t.gql(CANCEL, { i: { bookingId } }, w.headers('otherCoordinator')))).toBe('FORBIDDEN');
    expect(await outboxCount(t)).toBe(before);
    expect(await delivered(t, mail)).toEqual([]);
  });

  test('a change whose transaction rolls back after its messages were written sends nothing', async () => {
    const { bookingId } = await bookVisits(t, w);
    const before = await outboxCount(t);
    const acting = { actor: toPersonActor(w.ids.admin, 'test', { isAdmin: true, staff: [], grants: [] }), requestId: 'test' };
    await expect(
      t.services.uow.transaction(async () => {
        await t.services.fulfilment.confirm(acting, { bookingId, workerId: w.ids.careWorker });
        throw new Error('a later step of the same unit of work fails');
      }),
    ).rejects.toThrow('a later step');
    expect(await outboxCount(t)).toBe(before);
    expect(await delivered(t, mail)).toEqual([]);
  });
});
