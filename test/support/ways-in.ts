import type { TestApp } from '../harness.js';
import { linksIn, type Mailbox, type ReceivedMail } from './mail.js';

/** A good password for the flows: long, not common, nobody's name. */
export const NEW_PASSWORD = 'kettle lighthouse marmalade';

export const ACCEPT = `mutation($t: String!, $p: String!) {
  acceptAccountInvitation(token: $t, password: $p) {
    __typename ... on LoginResult { token refreshToken viewer { email } } ... on ErrorResult { code message } } }`;
export const RESET = `mutation($t: String!, $p: String!) {
  resetPassword(token: $t, password: $p) {
    __typename ... on LoginResult { token refreshToken viewer { email } } ... on ErrorResult { code message } } }`;
export const REQUEST_RESET = `mutation($e: String!) { requestPasswordReset(email: $e) }`;

/** Delivers what the outbox holds, then the message to `email` whose link opens `/account/<page>`. */
export async function mailWithLink(t: TestApp, mail: Mailbox, email: string, page: string): Promise<{ mail: ReceivedMail; url: string }> {
  await t.services.mailSender.deliverDue();
  const received = await mail.waitFor((m) => m.to.includes(email) && m.text.includes(`/account/${page}?token=`));
  const url = linksIn(received.text).find((l) => l.includes(`/account/${page}?token=`))!;
  return { mail: received, url };
}

export const tokenOf = (url: string) => new URL(url).searchParams.get('token')!;

/** A client address of its own per call site, so the per-address limits of one test do not touch another's. */
export const fromAddress = (n: number) => ({ 'x-forwarded-for': `198.51.100.${n}` });
