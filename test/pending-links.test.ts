import { describe, expect, test } from 'vitest';
import { useTestApp } from './support/app.js';
import { login, signedIn } from './support/graphql.js';
import { useMailServer } from './support/mail.js';
import { ACCEPT, fromAddress, mailWithLink, NEW_PASSWORD, REQUEST_RESET, RESET, tokenOf } from './support/ways-in.js';
import { PASSWORD, useWorld } from './support/world.js';

/*
 * A link still waiting in a mailbox is a way into the account. Once the password is set through a link,
 * or the account moves to another address, the links sent before it must stop working, or whoever the
 * change was meant to shut out keeps a way back in.
 */

const mail = await useMailServer();
const t = useTestApp({ seeded: 'world', smtpUrl: mail.url });
const w = useWorld(t);

const CHANGE = `mutation($e: String!, $p: String!) { requestEmailChange(newEmail: $e, password: $p) }`;
const signsIn = async (email: string, password: string, n: number) => !!(await login(t, email, password, `203.0.113.${n}`)).data?.login;

async function resetLink(email: string, n: number): Promise<string> {
  expect(await t.gql(REQUEST_RESET, { e: email }, fromAddress(n))).toEqual({ data: { requestPasswordReset: true } });
  return tokenOf((await mailWithLink(t, mail, email, 'reset-password')).url);
}

const resetWith = async (token: string, password: string) =>
  (await t.gql<{ resetPassword: { __typename: string } }, unknown>(RESET, { t: token, p: password })).data!.resetPassword.__typename;

/** Posts the confirm-email page's form, as its button does, signed in or not. */
const confirmByPage = (token: string) =>
  fetch(`${t.url}/account/confirm-email`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ token }),
  });

describe('links sent before a change stop working with it', () => {
  test('a reset ends an email change someone with the old password asked for', async () => {
    // Whoever learnt the password moves the account to their own address, and the person resets it.
    const intruder = await signedIn(t, w.emails.person, PASSWORD, '203.0.113.1');
    expect(await t.gql(CHANGE, { e: 'intruder@example.org', p: PASSWORD }, intruder)).toEqual({ data: { requestEmailChange: true } });
    const move = tokenOf((await mailWithLink(t, mail, 'intruder@example.org', 'confirm-email')).url);
    expect(await resetWith(await resetLink(w.emails.person, 1), NEW_PASSWORD)).toBe('LoginResult');

    const res = await confirmByPage(move);
    expect(res.status).toBe(400);
    expect(await res.text()).toContain('This link does not work');
    expect((await t.services.people.personByEmail(w.emails.person))?.id).toBeDefined();
    expect(await t.services.people.personByEmail('intruder@example.org')).toBeNull();
  });

  test('an invitation no longer sets the password once a reset has set it', async () => {
    const person = await t.services.people.ensurePerson({ email: 'both.links@example.org', name: 'Bo Links' });
    await t.services.accountInvitations.invite({ actor: { kind: 'anonymous' }, requestId: 'test' }, person, 'Your council asked us to.');
    const invitation = tokenOf((await mailWithLink(t, mail, 'both.links@example.org', 'set-password')).url);
    expect(await resetWith(await resetLink('both.links@example.org', 2), NEW_PASSWORD)).toBe('LoginResult');

    const answer = await t.gql<{ acceptAccountInvitation: { __typename: string } }, unknown>(ACCEPT, {
      t: invitation,
      p: 'another long passphrase',
    });
    expect(answer.data!.acceptAccountInvitation.__typename).toBe('InvalidTokenError');
    expect(await signsIn('both.links@example.org', NEW_PASSWORD, 2)).toBe(true);
  });

  test('a reset link sent to the old address stops working once the account moves to a new one', async () => {
    const old = w.emails.assessed3;
    const reset = await resetLink(old, 3);
    const headers = await signedIn(t, old, PASSWORD, '203.0.113.3');
    expect(await t.gql(CHANGE, { e: 'new.home@example.org', p: PASSWORD }, headers)).toEqual({ data: { requestEmailChange: true } });
    const move = tokenOf((await mailWithLink(t, mail, 'new.home@example.org', 'confirm-email')).url);
    expect((await confirmByPage(move)).status).toBe(200);

    expect(await resetWith(reset, NEW_PASSWORD)).toBe('InvalidTokenError');
    expect(await signsIn('new.home@example.org', PASSWORD, 4)).toBe(true);
  });
});
