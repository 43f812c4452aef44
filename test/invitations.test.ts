import { describe, expect, test } from 'vitest';
import { useTestApp } from './support/app.js';
import { createPlanFor } from './support/care-plans.js';
import { code, login } from './support/graphql.js';
import { linksIn, useMailServer } from './support/mail.js';
import { ACCEPT, mailWithLink, NEW_PASSWORD, tokenOf } from './support/ways-in.js';
import { PASSWORD, useWorld } from './support/world.js';

const mail = await useMailServer();
const t = useTestApp({ seeded: 'world', smtpUrl: mail.url });
const w = useWorld(t);

const INVITE_STAFF = `mutation($i: InviteStaffMemberInput!) {
  inviteStaffMember(input: $i) { personId name email role providerId councilId } }`;
const inviteStaff = (as: Parameters<typeof w.headers>[0], i: Record<string, unknown>) => t.gql(INVITE_STAFF, { i }, w.headers(as));

describe('inviteStaffMember', () => {
  test('adds a new care worker at once and invites them to set a password; their first sign-in makes them staff', async () => {
    const email = 'new.worker@example.org';
    const res = await inviteStaff('coordinator', { email, name: 'Wynn Worker', role: 'CARE_WORKER', providerId: w.providerA });
    expect(res.data).toMatchObject({
      inviteStaffMember: { name: 'Wynn Worker', email, role: 'CARE_WORKER', providerId: w.providerA, councilId: null },
    });
    const { mail: invitation, url } = await mailWithLink(t, mail, email, 'set-password');
    expect(invitation.text).toMatch(/added you as a care worker of .+ in coopcare\./);
    const accepted = await t.gql<{ acceptAccountInvitation: { token: string } }, unknown>(ACCEPT, { t: tokenOf(url), p: NEW_PASSWORD });
    const roles = await t.gql<{ me: { roles: string[] } }, unknown>(`{ me { roles } }`, undefined, {
      authorization: `Bearer ${accepted.data!.acceptAccountInvitation.token}`,
    });
    expect(roles.data!.me.roles).toEqual(['CARE_WORKER']);

    mail.clear();
    const again = await inviteStaff('coordinator', { email, name: 'Wynn Worker', role: 'CARE_WORKER', providerId: w.providerA });
    expect(again.errors).toBeUndefined();
    await t.services.mailSender.deliverDue();
    expect(mail.to(email)).toEqual([]);
  });

  test('tells someone who has an account that they were added, with no link to set a password', async () => {
    mail.clear();
    await t.db.query(`UPDATE person SET name = 'Fenella Realname' WHERE email = $1`, [w.emails.friend]);
    const res = await inviteStaff('officer', {
      email: w.emails.friend,
      name: 'Typed Name',
      role: 'COUNCIL_OFFICER',
      councilId: w.councilA,
    });
    // The answer holds what the inviter typed, as for a new address: it never shows whether an account
    // existed, nor the name it has.
    expect(res.data).toMatchObject({
      inviteStaffMember: { name: 'Typed Name', email: w.emails.friend, role: 'COUNCIL_OFFICER', councilId: w.councilA },
    });
    expect(JSON.stringify(res)).not.toContain('Fenella');
    expect((await t.services.people.personByEmail(w.emails.friend))?.name).toBe('Fenella Realname');
    await t.services.mailSender.deliverDue();
    const told = await mail.waitFor((m) => m.to.includes(w.emails.friend));
    expect(told.subject).toBe('You were added as staff in coopcare');
    expect(told.text).toContain('Hello Fenella Realname,');
    expect(linksIn(told.text)[0]).toBe(`${t.url}/account#/`);
  });

  test('is audited with ids, the role and what was sent, never a name or an address', async () => {
    const rows: { summary: unknown }[] = await t.db.query(
      `SELECT summary FROM audit_event WHERE action IN ('staff.invite', 'account.invite') ORDER BY id`,
    );
    expect(rows.length).toBeGreaterThan(0);
    const written = JSON.stringify(rows);
    for (const word of ['Wynn', 'new.worker@example.org', w.emails.friend, 'example.org']) expect(written).not.toContain(word);
    expect(rows.map((r) => r.summary)).toContainEqual({ role: 'CARE_WORKER', added: true, invited: true });
  });

  test('refuses a coordinator another provider or a council, an officer a provider, and bad input naming the field', async () => {
    const worker = { email: 'x@example.org', name: 'X', role: 'CARE_WORKER' };
    expect(code(await inviteStaff('coordinator', { ...worker, providerId: w.providerB }))).toBe('FORBIDDEN');
    expect(code(await inviteStaff('officer', { ...worker, providerId: w.providerA }))).toBe('FORBIDDEN');
    expect(code(await inviteStaff('coordinator', { ...worker, role: 'COUNCIL_OFFICER', councilId: w.councilA }))).toBe('FORBIDDEN');
    expect(code(await inviteStaff('careWorker', { ...worker, providerId: w.providerA }))).toBe('FORBIDDEN');
    const refusals: [Record<string, unknown>, string][] = [
      [{ ...worker, email: 'no at sign', providerId: w.providerA }, 'input.email'],
      [{ ...worker, name: ' ', providerId: w.providerA }, 'input.name'],
      [{ ...worker, name: 'n'.repeat(201), providerId: w.providerA }, 'input.name'],
      [worker, 'input.providerId'],
      [{ ...worker, providerId: w.providerA, councilId: w.councilA }, 'input.councilId'],
    ];
    for (const [input, argument] of refusals) {
      expect((await inviteStaff('admin', input)).errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', argument });
    }
    const unknown = await inviteStaff('admin', { ...worker, providerId: '00000000-0000-4000-8000-000000000000' });
    expect(code(unknown)).toBe('NOT_FOUND');
    expect(await t.services.people.personByEmail('x@example.org')).toBeNull();
  });
});

describe('invitations by email to act for a person', () => {
  const GRANT = `mutation($i: GrantRepresentativeRightsInput!) { grantRepresentativeRights(input: $i) { id } }`;

  test('an address with no account gets an account invitation saying who asked and for what', async () => {
    const res = await t.gql(
      GRANT,
      { i: { representativeEmail: 'rep.new@example.org', representativeName: 'Rita Rep', rights: ['VIEW_PLAN'] } },
      w.headers('person'),
    );
    expect(res.errors).toBeUndefined();
    const { mail: invitation, url } = await mailWithLink(t, mail, 'rep.new@example.org', 'set-password');
    expect(invitation.text).toContain('Hello Rita Rep,');
    expect(invitation.text).toContain('person asked you to be their representative in coopcare');
    const accepted = await t.gql<{ acceptAccountInvitation: { token: string } }, unknown>(ACCEPT, { t: tokenOf(url), p: NEW_PASSWORD });
    const pending = await t.gql<{ me: { representativeInvitations: { right: string }[] } }, unknown>(
      `{ me { representativeInvitations { right } } }`,
      undefined,
      { authorization: `Bearer ${accepted.data!.acceptAccountInvitation.token}` },
    );
    expect(pending.data!.me.representativeInvitations).toEqual([{ right: 'VIEW_PLAN' }]);
  });

  test('an address with an account gets a representative invitation linking to its invitations', async () => {
    mail.clear();
    const i = { representativeEmail: w.emails.otherCoordinator, representativeName: 'Someone', rights: ['VIEW_BUDGET'] };
    expect((await t.gql(GRANT, { i }, w.headers('person'))).errors).toBeUndefined();
    await t.services.mailSender.deliverDue();
    const told = await mail.waitFor((m) => m.to.includes(w.emails.otherCoordinator));
    expect(told.subject).toBe('You are invited to be a representative in coopcare');
    expect(linksIn(told.text)[0]).toBe(`${t.url}/account#/invitations`);
    expect(await login(t, w.emails.otherCoordinator, PASSWORD, '203.0.113.50')).toMatchObject({ data: { login: {} } });
  });

  test('a circle invitation: an account invitation for a new address, a circle invitation for an account', async () => {
    const { planId } = await createPlanFor(t, w);
    mail.clear();
    const INVITE = `mutation($i: InviteToCircleInput!) { inviteToCircle(input: $i) { id } }`;
    for (const email of ['circle.new@example.org', w.emails.secondCoordinator]) {
      const res = await t.gql(INVITE, { i: { planId, email, name: 'Cyril Circle', role: 'VIEW' } }, w.headers('person'));
      expect(res.errors).toBeUndefined();
    }
    const { mail: invitation } = await mailWithLink(t, mail, 'circle.new@example.org', 'set-password');
    expect(invitation.text).toContain('person asked you to join the circle of person’s care plan in coopcare');
    const told = await mail.waitFor((m) => m.to.includes(w.emails.secondCoordinator));
    expect(told.subject).toBe('You are invited to a care plan’s circle in coopcare');
    expect(told.text).not.toMatch(/garden|cat|shop|choir|fall/i);
  });
});
