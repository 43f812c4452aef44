import { describe, expect, test } from 'vitest';
import { AccountTokenPurpose } from '../api/accounts/account-token.entity.js';
import { expectNoAxeViolations, horizontalOverflow, openPage, useBrowser } from './support/browser.js';
import { useTestApp } from './support/app.js';
import { bearer, code, login, signedIn } from './support/graphql.js';
import { linksIn, useMailServer } from './support/mail.js';
import { ACCEPT, fromAddress, mailWithLink, NEW_PASSWORD, REQUEST_RESET, RESET, tokenOf } from './support/ways-in.js';
import { PASSWORD, useWorld } from './support/world.js';

const mail = await useMailServer();
const t = useTestApp({ seeded: 'world', smtpUrl: mail.url });
const w = useWorld(t);
const b = useBrowser();

const signsIn = async (email: string, password: string, n: number) => !!(await login(t, email, password, `203.0.113.${n}`)).data?.login;

/** A person the council brought in, without a password, and the invitation link they were emailed. */
async function invited(email: string, name: string): Promise<string> {
  const person = await t.services.people.ensurePerson({ email, name });
  await t.services.accountInvitations.invite({ actor: { kind: 'anonymous' }, requestId: 'test' }, person, 'Your council asked us to.');
  return (await mailWithLink(t, mail, email, 'set-password')).url;
}

describe('the invitation link, opened in Chromium', () => {
  test('shows an accessible form, explains a refused password in an error summary, then leads to signing in', async () => {
    const url = await invited('page.person@example.org', 'Pat Page');
    const { context, page, consoleErrors } = await openPage(b.browser);
    await page.goto(url);
    await page.goto(url);
    expect(await page.title()).toBe('Choose your password – Kirklees Council');
    await expectNoAxeViolations(page);

    await page.getByLabel('Password').fill('password1234');
    await page.getByRole('button', { name: 'Set my password' }).click();
    const summary = page.getByRole('alert');
    await expect.poll(() => summary.textContent()).toContain('That password is one of the most common ones');
    expect(await page.title()).toBe('Error: Choose your password – Kirklees Council');
    await summary.getByRole('link').click();
    expect(await page.evaluate(() => document.activeElement?.id)).toBe('password');
    await expectNoAxeViolations(page);

    await page.getByLabel('Password').fill(NEW_PASSWORD);
    await page.getByRole('button', { name: 'Set my password' }).click();
    await expect.poll(() => page.getByRole('heading', { level: 1 }).textContent()).toBe('Your password is set');
    await expectNoAxeViolations(page);
    await page.getByRole('link', { name: 'Sign in to your account' }).click();
    await page.getByLabel('Email address').fill('page.person@example.org');
    await page.getByLabel('Password').fill(NEW_PASSWORD);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await expect.poll(() => page.locator('#viewer-name').textContent()).toBe('Pat Page');
    // The refused form's page came with its status, which Chromium reports; nothing else went wrong.
    expect(consoleErrors).toEqual(['Failed to load resource: the server responded with a status of 422 (Unprocessable Entity)']);
    await context.close();

    const again = await openPage(b.browser);
    await again.page.goto(url);
    expect(await again.page.getByRole('heading', { level: 1 }).textContent()).toBe('This link does not work');
    expect(await again.page.getByRole('link', { name: 'ask for a new link' }).getAttribute('href')).toBe('/account/forgot-password');
    await again.context.close();
  });

  test('is never cached nor sent on as a referrer, allows no script, and a GET never uses the link up', async () => {
    const url = await invited('headers@example.org', 'Hal Headers');
    for (let n = 0; n < 2; n++) {
      const res = await fetch(url);
      expect(res.status).toBe(200);
      expect(res.headers.get('cache-control')).toBe('no-store');
      expect(res.headers.get('referrer-policy')).toBe('no-referrer');
      const csp = res.headers.get('content-security-policy')!;
      expect(csp).toContain("default-src 'none'");
      expect(csp).toContain("form-action 'self'");
      expect(csp.match(/form-action/g)).toHaveLength(1);
      expect(csp).toContain("frame-ancestors 'none'");
      expect(csp).toContain("base-uri 'none'");
      expect(csp).not.toContain('script-src');
      expect(await res.text()).not.toContain('<script');
    }
    const bad = await fetch(`${t.url}/account/reset-password?token=forged`);
    expect([bad.status, bad.headers.get('cache-control')]).toEqual([400, 'no-store']);
    const huge = await fetch(`${t.url}/account/set-password`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: `token=${tokenOf(url)}&password=${'x'.repeat(10_000)}`,
    });
    expect(huge.status).toBe(413);
    expect(huge.headers.get('content-type')).toMatch(/^text\/html/);
    const answer = await t.gql<{ acceptAccountInvitation: { __typename: string } }, unknown>(ACCEPT, { t: tokenOf(url), p: NEW_PASSWORD });
    expect(answer.data?.acceptAccountInvitation.__typename).toBe('LoginResult');
  });
});

describe('a forgotten password, in Chromium at 320 pixels', () => {
  test('asks for the email, sends a link, and the link sets a new password that signs in', async () => {
    const { context, page, consoleErrors } = await openPage(b.browser, { width: 320 });
    await page.goto(`${t.url}/account/forgot-password`);
    await expectNoAxeViolations(page);
    await page.getByLabel('Email address').fill('not an address');
    await page.getByRole('button', { name: 'Send me a link' }).click();
    await expect.poll(() => page.getByRole('alert').textContent()).toContain('Enter an email address in the right form');
    await page.getByLabel('Email address').fill(w.emails.representativeNone);
    await page.getByRole('button', { name: 'Send me a link' }).click();
    await expect.poll(() => page.getByRole('heading', { level: 1 }).textContent()).toBe('Check your email');
    const { url } = await mailWithLink(t, mail, w.emails.representativeNone, 'reset-password');

    await page.goto(url);
    const overflow = await horizontalOverflow(page);
    expect(overflow.scrollWidth).toBeLessThanOrEqual(overflow.viewportWidth);
    await page.getByLabel('Password').fill(NEW_PASSWORD);
    await page.getByRole('button', { name: 'Change my password' }).click();
    await expect.poll(() => page.getByRole('heading', { level: 1 }).textContent()).toBe('Your password is set');
    expect(await page.locator('main').textContent()).toContain('Everywhere you were signed in before has been signed out.');
    expect(consoleErrors).toEqual(['Failed to load resource: the server responded with a status of 400 (Bad Request)']);
    await context.close();
    expect(await signsIn(w.emails.representativeNone, NEW_PASSWORD, 1)).toBe(true);
    expect(await signsIn(w.emails.representativeNone, PASSWORD, 2)).toBe(false);
  });
});

describe('a new email address', () => {
  const CHANGE = `mutation($e: String!, $p: String!) { requestEmailChange(newEmail: $e, password: $p) }`;

  test('changes only once the link sent to it is confirmed, and the old address is told', async () => {
    const headers = await signedIn(t, w.emails.otherPerson, PASSWORD, '203.0.113.20');
    const wrong = await t.gql(CHANGE, { e: 'moved@example.org', p: 'not my password at all' }, headers);
    expect(wrong.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', argument: 'password' });
    expect(await t.gql(CHANGE, { e: 'Moved@Example.org', p: PASSWORD }, headers)).toEqual({ data: { requestEmailChange: true } });
    const { mail: confirmation, url } = await mailWithLink(t, mail, 'moved@example.org', 'confirm-email');
    expect(confirmation.subject).toBe('Confirm your new email address for coopcare');
    expect(await signsIn('moved@example.org', PASSWORD, 21)).toBe(false);

    const { context, page } = await openPage(b.browser);
    await page.goto(url);
    await page.goto(url);
    expect(await page.locator('main').textContent()).toContain('moved@example.org');
    await expectNoAxeViolations(page);
    expect(await signsIn(w.emails.otherPerson, PASSWORD, 22)).toBe(true);
    await page.getByRole('button', { name: 'Confirm this email address' }).click();
    await expect.poll(() => page.getByRole('heading', { level: 1 }).textContent()).toBe('Your email address is changed');
    await context.close();

    expect(await signsIn('moved@example.org', PASSWORD, 23)).toBe(true);
    expect(await signsIn(w.emails.otherPerson, PASSWORD, 24)).toBe(false);
    await t.services.mailSender.deliverDue();
    const notice = await mail.waitFor(
      (m) => m.to.includes(w.emails.otherPerson) && m.subject === 'Your coopcare email address was changed',
    );
    expect(notice.text).not.toContain('moved@example.org');
    await t.db.query(`UPDATE person SET email = $1 WHERE email = 'moved@example.org'`, [w.emails.otherPerson]);
  });

  test('tells the current address at once, without the new one in full, with a link to a new password that stops the change', async () => {
    const headers = await signedIn(t, w.emails.assessed2, PASSWORD, '203.0.113.70');
    mail.clear();
    expect(code(await t.gql(CHANGE, { e: 'intruder@attacker.example', p: 'not my password at all' }, headers))).toBe('BAD_USER_INPUT');
    await t.services.mailSender.deliverDue();
    expect(mail.to(w.emails.assessed2)).toEqual([]);

    expect(await t.gql(CHANGE, { e: 'Intruder@Attacker.example', p: PASSWORD }, headers)).toEqual({ data: { requestEmailChange: true } });
    const { url: confirmUrl } = await mailWithLink(t, mail, 'intruder@attacker.example', 'confirm-email');
    const warning = await mail.waitFor((m) => m.to.includes(w.emails.assessed2));
    expect(warning.subject).toBe('Someone asked to change your coopcare email address');
    expect(warning.text).toContain('i***@a***.example');
    for (const part of ['intruder', 'attacker', 'token=']) expect(warning.text).not.toContain(part);
    expect(warning.text).toContain('If this was not you, someone knows your password');
    const [link, ...others] = linksIn(warning.text);
    expect(link).toBe(`${t.url}/account/forgot-password`);
    expect(others).toEqual([]);
    expect((await fetch(link!)).status).toBe(200);

    // The owner resets their password before the intruder confirms: the change can no longer happen.
    mail.clear();
    expect(await t.gql(REQUEST_RESET, { e: w.emails.assessed2 }, fromAddress(70))).toEqual({ data: { requestPasswordReset: true } });
    const { url: resetUrl } = await mailWithLink(t, mail, w.emails.assessed2, 'reset-password');
    expect((await t.gql(RESET, { t: tokenOf(resetUrl), p: NEW_PASSWORD })).data).toMatchObject({
      resetPassword: { __typename: 'LoginResult' },
    });
    expect(await t.services.accountTokens.live(tokenOf(confirmUrl), AccountTokenPurpose.EMAIL_CHANGE)).toBeNull();
    expect((await t.services.people.personByEmail(w.emails.assessed2))?.email).toBe(w.emails.assessed2);
  });

  test('to an address another account has: the same answer, no link, and that account’s owner is told', async () => {
    const headers = bearer((await login(t, w.emails.personB, PASSWORD, '203.0.113.30')).data!.login.token);
    mail.clear();
    expect(await t.gql(CHANGE, { e: w.emails.careWorker, p: PASSWORD }, headers)).toEqual({ data: { requestEmailChange: true } });
    await t.services.mailSender.deliverDue();
    const note = await mail.waitFor((m) => m.to.includes(w.emails.careWorker));
    expect(note.subject).toBe('Someone tried to move a coopcare account to this email address');
    expect(note.text).not.toContain('token=');
    expect(await t.db.query(`SELECT 1 FROM account_token WHERE new_email = $1`, [w.emails.careWorker])).toEqual([]);
    // Whoever asked knew the password, so the account's own address is told as it would be otherwise.
    const warning = await mail.waitFor((m) => m.to.includes(w.emails.personB));
    expect(warning.subject).toBe('Someone asked to change your coopcare email address');
    expect(warning.text).toContain('w***@t***.example');
  });

  test('a password guessed again and again is RATE_LIMITED for the account', async () => {
    const headers = await signedIn(t, w.emails.representativeAll, PASSWORD, '203.0.113.60');
    const tries = [];
    for (let n = 0; n < 11; n++) tries.push(code(await t.gql(CHANGE, { e: 'elsewhere@example.org', p: `guess number ${n}` }, headers)));
    expect(tries).toEqual([...Array(10).fill('BAD_USER_INPUT'), 'RATE_LIMITED']);
  });

  test('confirmed after another account took the address: ConflictError, nothing changed, the link still works', async () => {
    const person = await t.services.people.personByEmail(w.emails.assessed);
    const token = await t.services.accountTokens.issue(person!.id, AccountTokenPurpose.EMAIL_CHANGE, { newEmail: 'contested@example.org' });
    await t.services.people.ensurePerson({ email: 'contested@example.org', name: 'Quick Taker' });
    const headers = await signedIn(t, w.emails.assessed, PASSWORD, '203.0.113.40');
    const CONFIRM = `mutation($t: String!) { confirmEmailChange(token: $t) { __typename ... on ErrorResult { code } } }`;
    expect((await t.gql(CONFIRM, { t: token }, headers)).data).toEqual({
      confirmEmailChange: { __typename: 'ConflictError', code: 'CONFLICT' },
    });
    expect(await t.services.accountTokens.live(token, AccountTokenPurpose.EMAIL_CHANGE)).not.toBeNull();
    expect((await t.services.people.personById(person!.id))?.email).toBe(w.emails.assessed);
  });
});
