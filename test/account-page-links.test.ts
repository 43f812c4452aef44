import { beforeAll, describe, expect, test } from 'vitest';
import { heading, loaded, openSignedIn, summaryRows, viewText } from './support/account-page.js';
import { useTestApp } from './support/app.js';
import { expectNoAxeViolations, useBrowser } from './support/browser.js';
import { type DemoAccount, demoSignIn } from './support/demo.js';
import { linksIn, useMailServer } from './support/mail.js';

/**
 * Emailed links followed end to end: a change sends real email (an SMTP server started here), the
 * link in it opens /account, the person signs in and the view it names is there to act on: a crisis
 * alert to acknowledge (once, whoever is first), a representative invitation to accept.
 */
const mail = await useMailServer();
const t = useTestApp({ seeded: true, smtpUrl: mail.url });
const b = useBrowser();

const ids = { margaret: '' };
beforeAll(async () => {
  const res = await t.gql<{ me: { id: string } }, unknown>('{ me { id } }', undefined, await demoSignIn(t, 'margaret'));
  ids.margaret = res.data!.me.id;
});

async function as<T = any>(account: DemoAccount, query: string, variables: Record<string, unknown>): Promise<T> {
  const res = await t.gql<T, unknown>(query, variables, await demoSignIn(t, account));
  if (res.errors) throw new Error(JSON.stringify(res.errors));
  return res.data!;
}

/** Delivers the outbox and returns the link to `/account#<path>` in the message to `email` that has one. */
async function emailedLink(email: string, path: string): Promise<string> {
  await t.services.mailSender.deliverDue();
  const message = await mail.waitFor((m) => m.to.includes(email) && m.text.includes(`/account#${path}`));
  return linksIn(message.text).find((l) => l.endsWith(`/account#${path}`))!;
}

const RAISE = `mutation($i: RaiseCrisisAlertInput!) { raiseCrisisAlert(input: $i) { id } }`;
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
