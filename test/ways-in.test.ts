import { describe, expect, test } from 'vitest';
import type { TestApp } from './harness.js';
import { useTestApp } from './support/app.js';
import { accepted, bearer, code, login, refresh } from './support/graphql.js';
import { linksIn, useMailServer } from './support/mail.js';
import { ACCEPT, fromAddress, mailWithLink, NEW_PASSWORD, REQUEST_RESET, RESET, tokenOf } from './support/ways-in.js';
import { PASSWORD, useWorld } from './support/world.js';

const mail = await useMailServer();
const t = useTestApp({ seeded: 'world', smtpUrl: mail.url });
const w = useWorld(t);
const year = new Date().getUTCFullYear();

type TokenAnswer = {
  __typename: string;
  token?: string;
  refreshToken?: string;
  viewer?: { email: string };
  code?: string;
  message?: string;
};
const accept = async (token: string, password: string) =>
  (await t.gql<{ acceptAccountInvitation: TokenAnswer }, unknown>(ACCEPT, { t: token, p: password })).data!.acceptAccountInvitation;
const reset = async (token: string, password: string) =>
  (await t.gql<{ resetPassword: TokenAnswer }, unknown>(RESET, { t: token, p: password })).data!.resetPassword;

/** An officer of council A gives a new person a budget: the way most people come to coopcare. */
async function allocateTo(email: string, name: string): Promise<void> {
  const res = await t.gql(
    `mutation($i: AllocatePersonalBudgetInput!) { allocatePersonalBudget(input: $i) { id } }`,
    {
      i: {
        personEmail: email,
        personName: name,
        postcode: 'HD1 2TA',
        kind: 'COUNCIL_MANAGED',
        allocatedPence: 100_000,
        periodStart: `${year}-01-01`,
        periodEnd: `${year}-12-31`,
      },
    },
    w.headers('officer'),
  );
  expect(res.errors).toBeUndefined();
}

async function signsIn(t: TestApp, email: string, password: string, n: number): Promise<boolean> {
  return !!(await login(t, email, password, `203.0.113.${n}`)).data?.login;
}

describe('an invitation to a person given a budget', () => {
  test('is emailed with a link to set a password, which signs them in once and then never again', async () => {
    await allocateTo('new.person@example.org', 'Nora Newcome');
    const { mail: invitation, url } = await mailWithLink(t, mail, 'new.person@example.org', 'set-password');
    expect(invitation.subject).toBe('You are invited to coopcare');
    expect(invitation.text).toContain('Hello Nora Newcome,');
    expect(invitation.text).toContain('set up a personal budget for you');
    expect(url.startsWith(`${t.url}/account/set-password?token=`)).toBe(true);
    expect(await signsIn(t, 'new.person@example.org', NEW_PASSWORD, 1)).toBe(false);

    const answer = await accept(tokenOf(url), NEW_PASSWORD);
    expect(answer).toMatchObject({ __typename: 'LoginResult', viewer: { email: 'new.person@example.org' } });
    expect(await accepted(t, bearer(answer.token!))).toBeUndefined();
    expect(await signsIn(t, 'new.person@example.org', NEW_PASSWORD, 2)).toBe(true);

    expect(await accept(tokenOf(url), 'another long passphrase')).toEqual({
      __typename: 'InvalidTokenError',
      code: 'INVALID_TOKEN',
      message: 'This link has expired or has already been used. Ask for a new one.',
    });
    expect(await signsIn(t, 'new.person@example.org', 'another long passphrase', 3)).toBe(false);
  });

  test('expired, forged and reset-purpose tokens get the same answer, and change nothing', async () => {
    await allocateTo('expiring@example.org', 'Eve Expiring');
    const { url } = await mailWithLink(t, mail, 'expiring@example.org', 'set-password');
    const invalid = { __typename: 'InvalidTokenError', code: 'INVALID_TOKEN' };
    expect(await accept('forged-token-that-was-never-issued', NEW_PASSWORD)).toMatchObject(invalid);
    expect(await accept('x'.repeat(10_000), NEW_PASSWORD)).toMatchObject(invalid);
    expect(await reset(tokenOf(url), NEW_PASSWORD)).toMatchObject(invalid);
    await t.db.query(`UPDATE account_token SET expires_at = now() - interval '1 second' WHERE used_at IS NULL`);
    expect(await accept(tokenOf(url), NEW_PASSWORD)).toMatchObject(invalid);
    expect(await signsIn(t, 'expiring@example.org', NEW_PASSWORD, 4)).toBe(false);
  });

  test('a weak or common password is refused saying why, and the link still works', async () => {
    await allocateTo('weak@example.org', 'Walter Weak');
    const { url } = await mailWithLink(t, mail, 'weak@example.org', 'set-password');
    const refusals = {
      'short pass': 'A password needs at least 12 characters.',
      QWERTY123456: 'That password is one of the most common ones, which are tried first: choose another.',
      'weak@example.org': 'A password cannot be your email address or your name: choose another.',
      'Walter  Weak!': 'A password cannot be your email address or your name: choose another.',
      ['x'.repeat(257)]: 'A password can have at most 256 characters.',
    };
    for (const [password, message] of Object.entries(refusals)) {
      expect(await accept(tokenOf(url), password)).toEqual({ __typename: 'WeakPasswordError', code: 'WEAK_PASSWORD', message });
    }
    expect(await accept(tokenOf(url), NEW_PASSWORD)).toMatchObject({ __typename: 'LoginResult' });
  });

  test('a newer invitation ends the older one', async () => {
    await allocateTo('twice@example.org', 'Tess Twice');
    const first = await mailWithLink(t, mail, 'twice@example.org', 'set-password');
    mail.clear();
    const person = await t.services.people.personByEmail('twice@example.org');
    await t.services.uow.transaction(() =>
      t.services.accountInvitations.invite({ actor: { kind: 'anonymous' }, requestId: 'r' }, person!, 'Again.'),
    );
    const second = await mailWithLink(t, mail, 'twice@example.org', 'set-password');
    expect(await accept(tokenOf(first.url), NEW_PASSWORD)).toMatchObject({ __typename: 'InvalidTokenError' });
    expect(await accept(tokenOf(second.url), NEW_PASSWORD)).toMatchObject({ __typename: 'LoginResult' });
  });
});

describe('a password reset', () => {
  test('emails a link that sets a new password and ends every other session, old tokens and refresh tokens refused', async () => {
    const email = w.emails.friend;
    const before = (await login(t, email, PASSWORD, '203.0.113.10')).data!.login;
    expect(await t.gql(REQUEST_RESET, { e: email.toUpperCase() }, fromAddress(1))).toEqual({ data: { requestPasswordReset: true } });
    const { mail: message, url } = await mailWithLink(t, mail, email, 'reset-password');
    expect(message.subject).toBe('Choose a new coopcare password');
    expect(linksIn(message.text)).toHaveLength(1);

    const after = await reset(tokenOf(url), NEW_PASSWORD);
    expect(after).toMatchObject({ __typename: 'LoginResult', viewer: { email } });
    expect(await accepted(t, bearer(before.token))).toBe('UNAUTHENTICATED');
    expect(code(await refresh(t, before.refreshToken))).toBe('UNAUTHENTICATED');
    expect(await accepted(t, bearer(after.token!))).toBeUndefined();
    expect(await signsIn(t, email, PASSWORD, 11)).toBe(false);
    expect(await signsIn(t, email, NEW_PASSWORD, 12)).toBe(true);
    expect(await reset(tokenOf(url), 'yet another passphrase')).toMatchObject({ __typename: 'InvalidTokenError' });

    await t.services.mailSender.deliverDue();
    const notice = await mail.waitFor((m) => m.to.includes(email) && m.subject === 'Your coopcare password was changed');
    expect(notice.text).not.toContain('token=');
  });

  test('answers an unknown email as a known one, in about the same time, and sends nothing', async () => {
    mail.clear();
    const time = async (email: string, n: number) => {
      const started = performance.now();
      const res = await t.gql(REQUEST_RESET, { e: email }, fromAddress(20 + n));
      return { res, ms: performance.now() - started };
    };
    const known: number[] = [];
    const unknown: number[] = [];
    for (let n = 0; n < 4; n++) {
      const a = await time(w.emails.assessed2, n);
      const b = await time(`nobody-${n}@example.org`, n + 10);
      expect(a.res).toEqual(b.res);
      known.push(a.ms);
      unknown.push(b.ms);
    }
    const median = (xs: number[]) => [...xs].sort((x, y) => x - y)[Math.floor(xs.length / 2)]!;
    expect(Math.abs(median(known) - median(unknown))).toBeLessThan(100);
    await t.services.mailSender.deliverDue();
    expect(mail.messages.filter((m) => m.to.some((to) => to.startsWith('nobody-')))).toEqual([]);
    expect(mail.to(w.emails.assessed2).length).toBeGreaterThan(0);
  });

  test('a flood is RATE_LIMITED per client address and per email, known or not, and bad input names the field', async () => {
    const asks = (email: string, headers: Record<string, string>) => t.gql(REQUEST_RESET, { e: email }, headers);
    for (let n = 0; n < 20; n++) expect((await asks(`flood-${n}@example.org`, fromAddress(100))).errors).toBeUndefined();
    expect(code(await asks('flood-last@example.org', fromAddress(100)))).toBe('RATE_LIMITED');
    for (const email of [w.emails.assessed3, 'not-anyone@example.org']) {
      for (let n = 0; n < 5; n++) expect((await asks(email, fromAddress(110 + n))).errors).toBeUndefined();
      const refused = await asks(email, fromAddress(120));
      expect(code(refused)).toBe('RATE_LIMITED');
      expect(refused.errors?.[0]?.message).toMatch(/^Too many password resets were asked for; try again in \d+ minute\(s\)\.$/);
    }
    const bad = await asks('not an email', fromAddress(130));
    expect(bad.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', argument: 'email' });
  });
});
