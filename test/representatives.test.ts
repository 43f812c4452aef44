import { describe, expect, test } from 'vitest';
import { mayReadReasonsAbout } from '../api/accounts/people.service.js';
import { toPersonActor } from '../api/auth/actor.js';
import { StaffRole } from '../api/auth/auth.enums.js';
import { ANONYMOUS } from '../api/auth/actor.js';
import { useTestApp } from './support/app.js';
import { auditCount, bearer, code, confirmCapacity, establishLackOfCapacity, recordCapacity, signedIn } from './support/graphql.js';
import { PARTNER_ORIGIN, PASSWORD, useWorld } from './support/world.js';

/**
 * Representatives: a person invites someone by email to act for them with chosen rights; the invitee
 * accepts (only the account with that email can) or declines; either side can end it. An officer may
 * grant for a person only once two officers have established their lack of capacity, and with a reason
 * that only the person and officers see.
 */
const t = useTestApp({ seeded: 'world' });
const w = useWorld(t);

const GRANT = `mutation($i: GrantRepresentativeRightsInput!) {
  grantRepresentativeRights(input: $i) { id right status representativeId invitedName grantReason representative { id name } }
}`;
type Grant = {
  id: string;
  right: string;
  status: string;
  representativeId: string | null;
  invitedName: string | null;
  grantReason: string | null;
  representative: { id: string; name: string } | null;
};
const REVOKE = `mutation($i: RevokeRepresentativeRightsInput!) {
  revokeRepresentativeRights(input: $i) { right status representativeId invitedName }
}`;
const grant = (input: Record<string, unknown>, headers: Record<string, string>) =>
  t.gql<{ grantRepresentativeRights: Grant[] }, unknown>(GRANT, { i: input }, headers);
const revoke = (input: Record<string, unknown>, headers: Record<string, string>) =>
  t.gql<{ revokeRepresentativeRights: { right: string; status: string; representativeId: string; invitedName: string | null }[] }, unknown>(
    REVOKE,
    { i: input },
    headers,
  );
const representing = async (headers: Record<string, string>) =>
  (await t.gql<{ me: { representing: { right: string }[] } }, unknown>(`{ me { representing { right } } }`, undefined, headers)).data!.me
    .representing;

describe('an officer acting for a person who lacks capacity', () => {
  test('only once two officers have established that they lack capacity, and with a reason; never in the audit trail', async () => {
    const officerGrant = (reason: string | null) =>
      t.gql(
        `mutation($i: GrantRepresentativeRightsInput!) { grantRepresentativeRights(input: $i) { right grantReason } }`,
        {
          i: {
            personId: w.ids.assessed,
            representativeEmail: 'advocate@test.example',
            representativeName: 'Advocate',
            rights: ['BOOK'],
            reason,
          },
        },
        w.headers('officer'),
      );
    expect(code(await officerGrant('Best-interests decision'))).toBe('FORBIDDEN');
    const recorded = await recordCapacity(t, w.headers('officer'), {
      personId: w.ids.assessed,
      lacksCapacity: true,
      reason: 'MCA assessment 2025-11',
    });
    expect(recorded.errors).toBeUndefined();
    // One officer's finding enables nothing until a second officer of the council confirms it.
    expect(code(await officerGrant('Best-interests decision'))).toBe('FORBIDDEN');
    expect((await confirmCapacity(t, bearer(await w.login(w.emails.secondOfficer)), w.ids.assessed)).errors).toBeUndefined();
    expect(code(await officerGrant(null))).toBe('BAD_USER_INPUT');
    expect((await officerGrant('Best-interests decision')).data).toEqual({
      grantRepresentativeRights: [{ right: 'BOOK', grantReason: 'Best-interests decision' }],
    });
    // The other council's officer still may not.
    const other = await grant(
      { personId: w.ids.assessed, representativeEmail: 'x@test.example', representativeName: 'X', rights: ['BOOK'], reason: 'r' },
      w.headers('otherOfficer'),
    );
    expect(code(other)).toBe('FORBIDDEN');
    // The capacity reason is kept with the person, never in the audit trail.
    const audit: { summary: unknown }[] = await t.db.query(`SELECT summary FROM audit_event`);
    expect(JSON.stringify(audit)).not.toContain('MCA assessment');
    expect(JSON.stringify(audit)).not.toContain('Best-interests');
  });

  test('the officer’s grant also waits for the representative to accept', async () => {
    await establishLackOfCapacity(t, w.headers('officer'), bearer(await w.login(w.emails.secondOfficer)), {
      personId: w.ids.assessed2,
      reason: 'MCA assessment',
    });
    const res = await grant(
      {
        personId: w.ids.assessed2,
        representativeEmail: w.emails.careWorker,
        representativeName: 'Advocate',
        rights: ['BOOK'],
        reason: 'Best interests',
      },
      w.headers('officer'),
    );
    expect(res.data!.grantRepresentativeRights).toEqual([
      expect.objectContaining({ right: 'BOOK', status: 'PENDING', representative: null }),
    ]);
    expect(await representing(w.headers('careWorker'))).toEqual([]);
  });
});

describe('invitations', () => {
  test('a grant to an existing account is a pending invitation that reveals nothing of the account and gives no right', async () => {
    const res = await grant(
      { representativeEmail: w.emails.coordinator.toUpperCase(), representativeName: 'Whoever I typed', rights: ['BOOK', 'VIEW_BUDGET'] },
      w.headers('otherPerson'),
    );
    expect(res.errors).toBeUndefined();
    const pending = res.data!.grantRepresentativeRights.filter((g) => g.status === 'PENDING');
    expect(pending.map((g) => g.right).sort()).toEqual(['BOOK', 'VIEW_BUDGET']);
    for (const g of pending) expect(g).toMatchObject({ representativeId: null, invitedName: 'Whoever I typed', representative: null });
    expect(JSON.stringify(res)).not.toContain(w.ids.coordinator);
    // No right yet: the invitee's actor holds nothing for otherPerson.
    const me = await t.gql<
      { me: { representing: unknown[]; representativeInvitations: { right: string; person: { id: string } }[] } },
      unknown
    >(`{ me { representing { right } representativeInvitations { right person { id } } } }`, undefined, w.headers('coordinator'));
    expect(me.data!.me.representing).toEqual([]);
    expect(me.data!.me.representativeInvitations.map((g) => g.right).sort()).toEqual(['BOOK', 'VIEW_BUDGET']);
  });

  test('an invitation to an unknown email makes a person without a password, invited by email to set one', async () => {
    const res = await grant(
      { representativeEmail: 'brand-new@test.example', representativeName: 'Chosen Name', rights: ['VIEW_PLAN'] },
      w.headers('otherPerson'),
    );
    expect(res.errors).toBeUndefined();
    const made = await t.db.query(`SELECT name, password_hash FROM person WHERE email = 'brand-new@test.example'`);
    expect(made).toEqual([{ name: 'Chosen Name', password_hash: null }]);
    const outbox = await t.db.query(`SELECT kind FROM outbox_message WHERE recipient_email = 'brand-new@test.example'`);
    expect(outbox).toEqual([{ kind: 'ACCOUNT_INVITATION' }]);
  });

  test('only the account with the invited email can accept; then the rights are in force', async () => {
    const accept = (headers: Record<string, string>) =>
      t.gql<{ acceptRepresentativeInvitation: { right: string; status: string; representativeId: string }[] }, unknown>(
        `mutation($p: ID!) { acceptRepresentativeInvitation(personId: $p) { right status representativeId } }`,
        { p: w.ids.otherPerson },
        headers,
      );
    expect(code(await accept(w.headers('careWorker')))).toBe('FORBIDDEN');
    const accepted = await accept(w.headers('coordinator'));
    expect(accepted.errors).toBeUndefined();
    expect(accepted.data!.acceptRepresentativeInvitation.map((g) => [g.right, g.status, g.representativeId]).sort()).toEqual([
      ['BOOK', 'ACTIVE', w.ids.coordinator],
      ['VIEW_BUDGET', 'ACTIVE', w.ids.coordinator],
    ]);
    expect(code(await accept(w.headers('coordinator')))).toBe('FORBIDDEN');
    expect((await representing(w.headers('coordinator'))).map((g) => g.right).sort()).toEqual(['BOOK', 'VIEW_BUDGET']);
    expect(await auditCount(t, 'representative.accept', w.ids.otherPerson)).toBe(1);
  });

  test('a pending invitation can be withdrawn by its email', async () => {
    const res = await revoke({ representativeEmail: 'brand-new@test.example' }, w.headers('otherPerson'));
    expect(res.errors).toBeUndefined();
    expect(res.data!.revokeRepresentativeRights.some((g) => g.invitedName === 'Chosen Name')).toBe(false);
  });

  test('withdrawing by the email invited removes an accepted representative too; with nothing to withdraw, NOT_FOUND', async () => {
    await grant(
      { representativeEmail: w.emails.otherCoordinator, representativeName: 'Neighbour', rights: ['VIEW_BUDGET'] },
      w.headers('person'),
    );
    const coordinator = await signedIn(t, w.emails.otherCoordinator, PASSWORD, '192.0.2.130');
    const accepted = await t.gql(
      `mutation($p: ID!) { acceptRepresentativeInvitation(personId: $p) { right } }`,
      { p: w.ids.person },
      coordinator,
    );
    expect(accepted.errors).toBeUndefined();

    const before = await auditCount(t, 'representative.revoke', w.ids.person);
    const res = await revoke({ representativeEmail: w.emails.otherCoordinator.toUpperCase() }, w.headers('person'));
    expect(res.errors).toBeUndefined();
    expect(res.data!.revokeRepresentativeRights.some((g) => g.representativeId === w.ids.otherCoordinator)).toBe(false);
    expect(await auditCount(t, 'representative.revoke', w.ids.person)).toBe(before + 1);
    expect(await representing(coordinator)).toEqual([]);

    expect(code(await revoke({ representativeEmail: w.emails.otherCoordinator }, w.headers('person')))).toBe('NOT_FOUND');
    expect(code(await revoke({ representativeEmail: 'never-invited@test.example' }, w.headers('person')))).toBe('NOT_FOUND');
    expect(await auditCount(t, 'representative.revoke', w.ids.person)).toBe(before + 1);
  });
});

describe('giving up representative rights', () => {
  test('a stranger naming themselves as representative learns nothing and leaves no revoke in the trail', async () => {
    const giveUp = (personId: string) =>
      t.gql<{ revokeRepresentativeRights: unknown[] }, unknown>(
        `mutation($i: RevokeRepresentativeRightsInput!) {
          revokeRepresentativeRights(input: $i) { right representativeId grantReason invitedName }
        }`,
        { i: { personId, representativeId: w.ids.otherPerson } },
        w.headers('otherPerson'),
      );
    const before = await auditCount(t, 'representative.giveUp', w.ids.person);
    const res = await giveUp(w.ids.person);
    expect(code(res)).toBe('FORBIDDEN');
    expect(res.data?.revokeRepresentativeRights ?? null).toBeNull();
    // The same answer as for a person who does not exist.
    const unknown = await giveUp('00000000-0000-4000-8000-000000000001');
    expect(code(unknown)).toBe('FORBIDDEN');
    expect(unknown.errors![0]!.message).toBe(res.errors![0]!.message);
    expect(await auditCount(t, 'representative.giveUp', w.ids.person)).toBe(before);
  });

  test('a representative gives up their own rights and sees only their own remaining grants', async () => {
    const friend = bearer(await w.login(w.emails.friend));
    const given = await t.gql(
      `mutation($i: GrantRepresentativeRightsInput!) { grantRepresentativeRights(input: $i) { id } }`,
      { i: { representativeEmail: w.emails.friend, representativeName: 'Friend', rights: ['BOOK'] } },
      w.headers('person'),
    );
    expect(given.errors).toBeUndefined();
    expect(
      (await t.gql(`mutation($p: ID!) { acceptRepresentativeInvitation(personId: $p) { id } }`, { p: w.ids.person }, friend)).errors,
    ).toBeUndefined();
    const res = await t.gql<{ revokeRepresentativeRights: { right: string; representativeId: string }[] }, unknown>(
      `mutation($i: RevokeRepresentativeRightsInput!) { revokeRepresentativeRights(input: $i) { right representativeId } }`,
      { i: { personId: w.ids.person, representativeId: w.ids.friend, rights: ['BOOK'] } },
      friend,
    );
    expect(res.errors).toBeUndefined();
    // representativeAll's four grants stay hidden from the friend.
    expect(res.data!.revokeRepresentativeRights).toEqual([{ right: 'VIEW_PLAN', representativeId: w.ids.friend }]);
    expect(await auditCount(t, 'representative.giveUp', w.ids.person)).toBe(1);
  });
});

describe('reasons on representative grants', () => {
  const REASON = 'Best interests: advanced dementia';
  type Reasoned = { right: string; grantReason: string | null; revokeReason: string | null };

  test('the reason is shown to the person and officers, never to the invitee or representative', async () => {
    await establishLackOfCapacity(t, w.headers('officer'), bearer(await w.login(w.emails.secondOfficer)), {
      personId: w.ids.assessed3,
      reason: 'MCA assessment 7',
    });
    const granted = await t.gql<{ grantRepresentativeRights: Reasoned[] }, unknown>(
      `mutation($i: GrantRepresentativeRightsInput!) { grantRepresentativeRights(input: $i) { right grantReason revokeReason } }`,
      {
        i: {
          personId: w.ids.assessed3,
          representativeEmail: w.emails.representativeNone,
          representativeName: 'Advocate',
          rights: ['BOOK', 'VIEW_PLAN'],
          reason: REASON,
        },
      },
      w.headers('officer'),
    );
    expect(granted.errors).toBeUndefined();
    expect(granted.data!.grantRepresentativeRights.map((g) => g.grantReason)).toEqual([REASON, REASON]);

    const invitee = await t.gql<{ me: { representativeInvitations: Reasoned[] } }, unknown>(
      `{ me { representativeInvitations { right grantReason revokeReason } } }`,
      undefined,
      w.headers('representativeNone'),
    );
    expect(invitee.data!.me.representativeInvitations).toHaveLength(2);
    expect(invitee.data!.me.representativeInvitations.every((g) => g.grantReason === null)).toBe(true);

    const accepted = await t.gql<{ acceptRepresentativeInvitation: Reasoned[] }, unknown>(
      `mutation($p: ID!) { acceptRepresentativeInvitation(personId: $p) { right grantReason } }`,
      { p: w.ids.assessed3 },
      w.headers('representativeNone'),
    );
    expect(accepted.data!.acceptRepresentativeInvitation.map((g) => g.grantReason)).toEqual([null, null]);
    const rep = await t.gql<{ me: { representing: (Reasoned & { personId: string })[] } }, unknown>(
      `{ me { representing { personId right grantReason } } }`,
      undefined,
      w.headers('representativeNone'),
    );
    expect(rep.data!.me.representing.filter((g) => g.personId === w.ids.assessed3).map((g) => g.grantReason)).toEqual([null, null]);

    const own = await t.gql<{ me: { representatives: Reasoned[] } }, unknown>(
      `{ me { representatives { right grantReason } } }`,
      undefined,
      bearer(await w.login(w.emails.assessed3)),
    );
    expect(own.data!.me.representatives.map((g) => g.grantReason)).toEqual([REASON, REASON]);
  });

  test('the policy as a matrix: person, officer of the council and admin may; everyone else may not', () => {
    const person = { id: 'p', councilId: 'c1' };
    const actor = (personId: string, opts: { admin?: boolean; officerOf?: string; coordinatorOf?: string; represents?: boolean } = {}) =>
      toPersonActor(personId, 's', {
        isAdmin: !!opts.admin,
        staff: [
          ...(opts.officerOf ? [{ role: StaffRole.COUNCIL_OFFICER, councilId: opts.officerOf, providerId: null }] : []),
          ...(opts.coordinatorOf ? [{ role: StaffRole.COORDINATOR, providerId: opts.coordinatorOf, councilId: null }] : []),
        ],
        grants: opts.represents ? [{ personId: 'p', right: 'BOOK' as never }] : [],
      });
    const matrix: [string, Parameters<typeof mayReadReasonsAbout>[0], boolean][] = [
      ['the person', actor('p'), true],
      ['officer of the council', actor('o', { officerOf: 'c1' }), true],
      ['admin', actor('a', { admin: true }), true],
      ['officer of another council', actor('o2', { officerOf: 'c2' }), false],
      ['representative with a right', actor('r', { represents: true }), false],
      ['another person', actor('x'), false],
      ['coordinator', actor('k', { coordinatorOf: 'prov' }), false],
      ['public', ANONYMOUS, false],
      ['partner', { kind: 'partner', apiKeyId: 'k', councilId: 'c1', scopes: [], allowedOrigins: [] }, false],
      [
        'widget',
        {
          kind: 'widget',
          widgetSessionId: 'w',
          apiKeyId: 'k',
          personId: 'p',
          purpose: 'BOOKING' as never,
          origin: PARTNER_ORIGIN,
          expiresAt: new Date(),
        },
        false,
      ],
    ];
    for (const [who, a, allowed] of matrix) expect(mayReadReasonsAbout(a, person), who).toBe(allowed);
  });
});
