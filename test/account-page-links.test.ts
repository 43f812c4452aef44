import type { Page } from 'playwright-core';
import { beforeAll, describe, expect, test } from 'vitest';
import { heading, loaded, openSignedIn, summaryRows, viewText } from './support/account-page.js';
import { useTestApp } from './support/app.js';
import { RAISE } from './support/crisis-alerts.js';
import { expectNoAxeViolations, openPage, useBrowser } from './support/browser.js';
import { DEMO_PASSWORD, type DemoAccount, demoSignIn } from './support/demo.js';
import { linksIn, useMailServer } from './support/mail.js';

/**
 * Emailed links followed end to end: a change sends real email (an SMTP server started here), the
 * link in it opens /account, the person signs in and the view it names is there to act on: a crisis
 * alert to acknowledge (once, whoever is first), a representative invitation to accept; and the
 * messages view, whose choices are kept and whose new address changes only through the link sent to it.
 */
const mail = await useMailServer();
const t = useTestApp({ seeded: true, smtpUrl: mail.url });
const b = useBrowser();

const ids = { margaret: '' };
beforeAll(async () => {
  ids.margaret = (await as<{ me: { id: string } }>('margaret', '{ me { id } }', {})).me.id;
});

const sessions = new Map<DemoAccount, Promise<Record<string, string>>>();
/** One session per demo account for the file: sign-ins from one address are limited a minute. */
const headersOf = (account: DemoAccount) => sessions.get(account) ?? sessions.set(account, demoSignIn(t, account)).get(account)!;

async function as<T = any>(account: DemoAccount, query: string, variables: Record<string, unknown>): Promise<T> {
  const res = await t.gql<T, unknown>(query, variables, await headersOf(account));
  if (res.errors) throw new Error(JSON.stringify(res.errors));
  return res.data!;
}

/** Delivers the outbox and returns the link to `/account#<path>` in the message to `email` that has one. */
async function emailedLink(email: string, path: string): Promise<string> {
  await t.services.mailSender.deliverDue();
  const message = await mail.waitFor((m) => m.to.includes(email) && m.text.includes(`/account#${path}`));
  return linksIn(message.text).find((l) => l.endsWith(`/account#${path}`))!;
}

const NOTE = `<b>Found</b> on the floor <img src=x onerror="document.title='owned'">`;

describe('a crisis alert', () => {
  let alertId = '';
  beforeAll(async () => {
    await as('margaret', `mutation($i: SetEmergencyContactsInput!) { setEmergencyContacts(input: $i) { name } }`, {
      i: { personId: ids.margaret, contacts: [{ name: 'David Hirst', email: 'david@example.org' }] },
    });
    alertId = (await as('margaret', RAISE, { i: { personId: ids.margaret, kind: 'FALLEN', note: NOTE } })).raiseCrisisAlert.id;
  });

  test('from the email to acknowledging it: what happened and the note shown (as text) only once signed in', async () => {
    const link = await emailedLink('david@example.org', `/alerts/${alertId}`);
    const { context, page, consoleErrors } = await openSignedIn(b.browser, link, 'david');
    expect(await heading(page)).toBe('Crisis alert about Margaret Hirst');
    expect(await summaryRows(page)).toEqual([
      ['About', 'Margaret Hirst'],
      ['Raised', expect.stringMatching(/ at \d/)],
      ['Raised by', 'Margaret Hirst'],
      ['What happened', 'Has fallen'],
      ['Note', NOTE],
    ]);
    expect(await page.locator('main img, main b').count()).toBe(0);
    await expectNoAxeViolations(page);

    await page.getByRole('button', { name: 'Acknowledge this alert' }).click();
    await expect.poll(() => page.locator('#status').textContent()).toBe('You acknowledged the alert.');
    await loaded(page);
    expect(await viewText(page)).toMatch(/David Hirst acknowledged it on .+ at .+\./);
    expect(await page.getByRole('button', { name: 'Acknowledge this alert' }).count()).toBe(0);
    expect(consoleErrors).toEqual([]);
    await context.close();
  });

  test('whoever raised it sees it waiting, without a button to acknowledge their own alert', async () => {
    const raised = (await as('margaret', RAISE, { i: { personId: ids.margaret, kind: 'NO_ANSWER' } })).raiseCrisisAlert.id;
    const { context, page } = await openSignedIn(b.browser, `${t.url}/account#/alerts/${raised}`, 'margaret');
    expect(await viewText(page)).toContain('Nobody has acknowledged your alert yet.');
    expect(await page.getByRole('button', { name: 'Acknowledge this alert' }).count()).toBe(0);
    expect((await summaryRows(page))[4]).toEqual(['Note', 'No note']);
    await context.close();
  });

  test('acknowledged by someone else first: the page says who, and shows it acknowledged', async () => {
    const raised = (await as('margaret', RAISE, { i: { personId: ids.margaret, kind: 'UNWELL' } })).raiseCrisisAlert.id;
    const { context, page } = await openSignedIn(b.browser, `${t.url}/account#/alerts/${raised}`, 'officer');
    expect(await page.getByRole('link', { name: /^About Margaret Hirst/ }).count()).toBe(0);
    await as('david', `mutation($id: ID!) { acknowledgeCrisisAlert(alertId: $id) { __typename } }`, { id: raised });
    await page.getByRole('button', { name: 'Acknowledge this alert' }).click();
    await expect.poll(() => page.locator('#status').textContent()).toMatch(/David Hirst/);
    await loaded(page);
    expect(await viewText(page)).toMatch(/David Hirst acknowledged it on /);
    await context.close();
  });

  test('the overview lists the alerts nobody has acknowledged; someone not told of it is refused in words', async () => {
    const raised = (await as('margaret', RAISE, { i: { personId: ids.margaret, kind: 'OTHER' } })).raiseCrisisAlert.id;
    const { context, page } = await openSignedIn(b.browser, `${t.url}/account`, 'david');
    const links = await page
      .getByRole('link', { name: /^About Margaret Hirst, raised on / })
      .evaluateAll((as) => as.map((a) => a.getAttribute('href')));
    expect(links).toContain(`#/alerts/${raised}`);
    expect(links).not.toContain(`#/alerts/${alertId}`);
    await context.close();

    const stranger = await openSignedIn(b.browser, `${t.url}/account#/alerts/${raised}`, 'arthur');
    expect(await stranger.page.locator('#view-problem li').textContent()).toMatch(/^(You cannot see|We could not find) this crisis alert/);
    await stranger.context.close();
  });
});

describe('a representative invitation', () => {
  test('from the email to accepting it on the invitations view', async () => {
    await as('margaret', `mutation($i: GrantRepresentativeRightsInput!) { grantRepresentativeRights(input: $i) { id } }`, {
      i: { representativeEmail: 'joan@example.org', representativeName: 'Joan Sykes', rights: ['VIEW_BUDGET', 'BOOK'] },
    });
    const link = await emailedLink('joan@example.org', '/invitations');
    const { context, page, consoleErrors } = await openSignedIn(b.browser, link, 'joan');
    expect(await heading(page)).toBe('Invitations');
    expect(await viewText(page)).toMatch(
      /Margaret Hirst asked you to act for them as their representative: to (see their budget|book care), /,
    );
    expect(await viewText(page)).toContain('Nobody has invited you into a care plan’s circle.');
    await expectNoAxeViolations(page);

    await page.getByRole('button', { name: 'Accept the invitation from Margaret Hirst' }).click();
    await expect.poll(() => page.locator('#status').textContent()).toBe('You now act for Margaret Hirst.');
    await loaded(page);
    expect(await viewText(page)).toContain('Nobody has asked you to act for them.');
    const me = await as('joan', '{ me { representing { right person { name } } } }', {});
    expect(me.me.representing.map((g: { right: string }) => g.right).sort()).toEqual(['BOOK', 'VIEW_BUDGET']);
    expect(consoleErrors).toEqual([]);
    await context.close();
  });
});

describe('message choices and a new email address', () => {
  const CHOICES = '{ me { messageChoices { kind channel } } }';
  const reminder = (page: Page) => page.getByRole('group', { name: 'The day before a visit.' });

  test('a choice per kind, the always-sent kinds fixed; saved choices are kept', async () => {
    const { context, page, consoleErrors } = await openSignedIn(b.browser, `${t.url}/account#/messages`, 'arthur');
    expect(await heading(page)).toBe('Messages and email');
    expect(await page.getByRole('group', { name: /^Someone raised a crisis alert/ }).textContent()).toContain(
      'Always sent by email. You cannot turn these off.',
    );
    expect(
      await page
        .getByRole('group', { name: /^Someone raised a crisis alert/ })
        .getByRole('radio')
        .count(),
    ).toBe(0);
    expect(await reminder(page).getByLabel('Email me').isChecked()).toBe(true);
    await expectNoAxeViolations(page);

    await reminder(page).getByLabel('Do not send these').check();
    await page.getByRole('button', { name: 'Save message choices' }).click();
    await expect.poll(() => page.locator('#view [role=status]').textContent()).toBe('Your message choices are saved.');
    const { me } = await as('arthur', CHOICES, {});
    expect(me.messageChoices.find((c: { kind: string }) => c.kind === 'VISIT_REMINDER').channel).toBe('NONE');
    expect(me.messageChoices.filter((c: { channel: string }) => c.channel === 'NONE')).toHaveLength(1);

    await page.reload();
    await loaded(page);
    expect(await reminder(page).getByLabel('Do not send these').isChecked()).toBe(true);
    expect(consoleErrors).toEqual([]);
    await context.close();
  });

  test('a new email address: a wrong password said at the field, then a link sent that changes it when opened', async () => {
    const { context, page, consoleErrors } = await openSignedIn(b.browser, `${t.url}/account#/messages`, 'susan');
    await page.getByLabel('New email address').fill('susan.new@example.org');
    await page.getByLabel('Your password').fill('not my password at all');
    await page.getByRole('button', { name: 'Send a link to the new address' }).click();
    const summary = page.locator('#view .error-summary').last();
    await expect.poll(() => summary.locator('li').textContent()).toMatch(/password/i);
    expect(await page.locator('#email-password-error').isVisible()).toBe(true);
    await expectNoAxeViolations(page);
    await summary.getByRole('link').click();
    expect(await page.evaluate(() => document.activeElement?.id)).toBe('email-password');

    await page.getByLabel('Your password').fill(DEMO_PASSWORD);
    await page.getByRole('button', { name: 'Send a link to the new address' }).click();
    await expect
      .poll(() => page.locator('#view .panel').textContent())
      .toBe(
        'We sent a link to susan.new@example.org. Your email address changes when you open it. ' +
          'Until then, keep signing in with susan@example.org.',
      );
    expect(consoleErrors).toEqual([]);
    await context.close();

    await t.services.mailSender.deliverDue();
    const message = await mail.waitFor((m) => m.to.includes('susan.new@example.org'));
    const confirm = linksIn(message.text).find((l) => l.includes('/account/confirm-email?token='))!;
    const opened = await openPage(b.browser);
    await opened.page.goto(confirm);
    await opened.page.getByRole('button', { name: 'Confirm this email address' }).click();
    await opened.page
      .getByRole('link', { name: /sign in/i })
      .first()
      .click();
    await opened.page.getByLabel('Email address').fill('susan.new@example.org');
    await opened.page.getByLabel('Password', { exact: true }).fill(DEMO_PASSWORD);
    await opened.page.getByRole('button', { name: 'Sign in' }).click();
    await expect.poll(() => opened.page.locator('#viewer-name').textContent()).toBe('Susan Beaumont');
    await opened.context.close();
  });
});

describe('a care plan circle invitation', () => {
  test('from the email to declining it: the invitation is gone and nothing of the plan opened', async () => {
    const { me } = await as('margaret', '{ me { carePlans { id } } }', {});
    const planId = me.carePlans[0].id;
    await as('margaret', `mutation($i: InviteToCircleInput!) { inviteToCircle(input: $i) { id } }`, {
      i: { planId, email: 'arthur@example.org', name: 'Arthur Beaumont', role: 'VIEW' },
    });
    const link = await emailedLink('arthur@example.org', '/invitations');
    const { context, page, consoleErrors } = await openSignedIn(b.browser, link, 'arthur');
    expect(await viewText(page)).toMatch(/You were invited on .+ into the circle of Margaret Hirst’s care plan, to read the plan\./);
    await expectNoAxeViolations(page);
    await page.getByRole('button', { name: 'Decline the invitation to Margaret Hirst’s care plan' }).click();
    await expect.poll(() => page.locator('#status').textContent()).toBe('You declined the invitation to Margaret Hirst’s care plan.');
    await loaded(page);
    expect(await viewText(page)).toContain('Nobody has invited you into a care plan’s circle.');
    await page.evaluate((id) => {
      location.hash = `#/care-plans/${id}`;
    }, planId);
    await expect.poll(() => page.locator('#view-problem li').textContent()).toMatch(/^You cannot see this care plan/);
    expect(consoleErrors.filter((e) => !e.startsWith('Failed to load resource'))).toEqual([]);
    await context.close();
  });
});

describe('a booking', () => {
  test('requested, then confirmed: each email’s link opens the booking for whoever it was sent to', async () => {
    const { providerBookings } = await as(
      'coordinator',
      `query($p: ID!) { providerBookings(providerId: $p, status: REQUESTED) { edges { node { id person { name } } } } }`,
      {
        p: (await as('coordinator', '{ me { staffOf { role providerId } } }', {})).me.staffOf.find((s: any) => s.role === 'COORDINATOR')
          .providerId,
      },
    );
    const bookingId = providerBookings.edges.find((e: any) => e.node.person.name === 'Margaret Hirst').node.id;
    const coordinatorView = await openSignedIn(b.browser, `${t.url}/account`, 'coordinator');
    await coordinatorView.page
      .getByRole('link', { name: /for Margaret Hirst$/ })
      .first()
      .waitFor();
    expect(await coordinatorView.page.locator(`#view a[href="#/bookings/${bookingId}"]`).count()).toBe(1);
    await coordinatorView.context.close();

    const worker = (await as('worker', '{ me { id } }', {})).me.id;
    const confirmed = await as('coordinator', `mutation($i: ConfirmBookingInput!) { confirmBooking(input: $i) { __typename } }`, {
      i: { bookingId, workerId: worker },
    });
    expect(confirmed.confirmBooking.__typename).toBe('Booking');
    const link = await emailedLink('margaret@example.org', `/bookings/${bookingId}`);
    const { context, page, consoleErrors } = await openSignedIn(b.browser, link, 'margaret');
    expect((await summaryRows(page))[3]).toEqual(['Status', 'Confirmed']);
    const email = mail.to('margaret@example.org').find((m) => m.text.includes(`#/bookings/${bookingId}`))!;
    // The email and the page say the visit's time in the same words.
    const [firstVisit] = await page.locator('#view ul li').allTextContents();
    expect(email.text).toContain(firstVisit);
    expect(consoleErrors).toEqual([]);
    await context.close();
  });
});
