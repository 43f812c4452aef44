import { describe, expect, test } from 'vitest';
import { useTestApp } from './support/app.js';
import { code } from './support/graphql.js';
import { freshPerson, governanceRows, MEMBER_FIELDS } from './support/governance.js';
import { bookVisits } from './support/fulfilment.js';
import { linksIn, useMailServer } from './support/mail.js';
import { delivered, mailTo, outboxCount } from './support/messages.js';
import { mailWithLink } from './support/ways-in.js';
import { type RoleName, useWorld } from './support/world.js';

/**
 * A co-op's officers admit someone the co-op has no other tie with, by email and name: a person new to
 * coopcare gets an invitation to set a password, one with an account a note; the answer and the register
 * are the same either way and never show an account's own name.
 */
const mail = await useMailServer();
const t = useTestApp({ seeded: 'world', smtpUrl: mail.url });
const w = useWorld(t);

const ADMIT = `mutation($i: AdmitMemberInput!) { admitMember(input: $i) { __typename ... on CoOpMember { ${MEMBER_FIELDS} } } }`;
const REGISTER = `query($p: ID) { provider(id: $p) { memberRegister(first: 100) { edges { node { id name } } } } }`;
const admit = (input: Record<string, unknown>, role: RoleName = 'coordinator') =>
  t.gql<any, unknown>(ADMIT, { i: { providerId: w.providerA, memberClass: 'WORKER', ...input } }, w.headers(role));
const nameOnRegister = async (memberId: string) => {
  const res = await t.gql<any, unknown>(REGISTER, { p: w.providerA }, w.headers('coordinator'));
  return res.data.provider.memberRegister.edges.find((e: any) => e.node.id === memberId)?.node.name;
};
const people = async () => (await t.db.query(`SELECT count(*)::int AS n FROM person`))[0].n as number;

describe('admitting a member by email', () => {
  test('someone new to coopcare is made a person and a member, and emailed a link to set a password', async () => {
    const email = 'Nadia.New@Example.org';
    const res = await admit({ email, name: '  Nadia New ' });
    expect(res.errors, JSON.stringify(res.errors)).toBeUndefined();
    expect(res.data.admitMember).toMatchObject({
      __typename: 'CoOpMember',
      providerId: w.providerA,
      memberClass: 'WORKER',
      name: 'Nadia New',
    });
    const person = await t.services.people.personByEmail('nadia.new@example.org');
    expect(person).toMatchObject({ name: 'Nadia New', passwordHash: null });
    const [row] = await t.db.query(`SELECT person_id FROM co_op_member WHERE id = $1`, [res.data.admitMember.id]);
    expect(row.person_id).toBe(person!.id);

    const { mail: invitation } = await mailWithLink(t, mail, 'nadia.new@example.org', 'set-password');
    expect(invitation.subject).toBe('You are invited to coopcare');
    expect(invitation.text).toMatch(/entered you on the register of members of .+ in coopcare, in its worker class\./);
    expect(await nameOnRegister(res.data.admitMember.id)).toBe('Nadia New');
  });

  test('someone with an account gets a note, keeps their own name, and the officer sees only the name they typed', async () => {
    const personId = await freshPerson(t, 'Realname');
    const account = (await t.services.people.personById(personId))!;
    mail.clear();
    const res = await admit({ email: account.email.toUpperCase(), name: 'Typed Name' });
    expect(res.errors, JSON.stringify(res.errors)).toBeUndefined();
    // The same answer as for an address with no account: what the officer typed, never the account's name.
    expect(res.data.admitMember).toMatchObject({ __typename: 'CoOpMember', memberClass: 'WORKER', name: 'Typed Name' });
    expect(JSON.stringify(res)).not.toContain('Realname');
    expect(await nameOnRegister(res.data.admitMember.id)).toBe('Typed Name');
    expect((await t.services.people.personById(personId))!.name).toBe(account.name);
    const [row] = await t.db.query(`SELECT person_id FROM co_op_member WHERE id = $1`, [res.data.admitMember.id]);
    expect(row.person_id).toBe(personId);

    const note = mailTo(await delivered(t, mail), account.email);
    expect(note.subject).toBe('You are a member of a co-op in coopcare');
    expect(note.text).toContain(`Hello ${account.name},`);
    expect(note.text).toMatch(/entered you on the register of members of .+ in coopcare, in its worker class\./);
    expect(note.text).not.toContain('set-password');
    expect(linksIn(note.text)[0]).toBe(`${t.url}/account#/`);

    const sent = await outboxCount(t);
    const again = await admit({ email: account.email, name: 'Typed Name' });
    expect(again.data.admitMember).toEqual({ __typename: 'ConflictError' });
    expect(await outboxCount(t)).toBe(sent);
  });

  test('the audit trail says it was by email, never the address or the name typed', async () => {
    const rows: { summary: unknown }[] = await t.db.query(
      `SELECT summary FROM audit_event WHERE action = 'governance.member.admit' AND summary->>'byEmail' = 'true'`,
    );
    expect(rows.length).toBeGreaterThanOrEqual(2);
    const written = JSON.stringify(rows);
    for (const word of ['Nadia', 'example.org', 'Typed Name']) expect(written).not.toContain(word);
  });

  test('bad input is BAD_USER_INPUT naming the argument, before anything is read or written', async () => {
    const personId = await freshPerson(t);
    const cases: [Record<string, unknown>, string][] = [
      [{ email: 'no at sign', name: 'Someone' }, 'input.email'],
      [{ email: `${'a'.repeat(400)}@example.org`, name: 'Someone' }, 'input.email'],
      [{ email: 'someone@example.org', name: ' ' }, 'input.name'],
      [{ email: 'someone@example.org', name: 'Two\nlines' }, 'input.name'],
      [{ email: 'someone@example.org', name: 'x'.repeat(201) }, 'input.name'],
      [{ email: 'someone@example.org' }, 'input.name'],
      [{ name: 'Someone' }, 'input.email'],
      [{}, 'input.personId'],
      [{ personId, email: 'someone@example.org', name: 'Someone' }, 'input.email'],
      [{ personId, name: 'Someone' }, 'input.name'],
    ];
    const before = { rows: await governanceRows(t), outbox: await outboxCount(t), people: await people() };
    for (const [input, argument] of cases) {
      const res = await admit(input);
      expect(code(res), JSON.stringify(input)).toBe('BAD_USER_INPUT');
      expect(res.errors?.[0]?.extensions?.argument, JSON.stringify(input)).toBe(argument);
    }
    expect({ rows: await governanceRows(t), outbox: await outboxCount(t), people: await people() }).toEqual(before);
  });

  test('refused to anyone but the co-op’s officers, with no person made and nothing sent', async () => {
    const before = { rows: await governanceRows(t), outbox: await outboxCount(t), people: await people() };
    for (const role of ['careWorker', 'otherCoordinator', 'person', 'officer'] as const) {
      const res = await admit({ email: `stranger-${role}@example.org`, name: 'Stranger' }, role);
      expect(code(res), role).toBe('FORBIDDEN');
    }
    expect({ rows: await governanceRows(t), outbox: await outboxCount(t), people: await people() }).toEqual(before);
  });

  test('a person the officer reads elsewhere hides the membership typed by email: it never tells who holds the address', async () => {
    // The coordinator reads the person through their booking with the co-op, as any provider does.
    await bookVisits(t, w, { personId: w.ids.person });
    const PEOPLE = `query($p: ID!) { providerBookings(providerId: $p, first: 100) {
      edges { node { person { id coOpMemberships { id } } } } } }`;
    const shown = async () => {
      const res = await t.gql<any, unknown>(PEOPLE, { p: w.providerA }, w.headers('coordinator'));
      expect(res.errors, JSON.stringify(res.errors)).toBeUndefined();
      const nodes = res.data.providerBookings.edges.map((e: any) => e.node.person).filter((p: any) => p.id === w.ids.person);
      expect(nodes.length).toBeGreaterThan(0);
      return nodes.flatMap((p: any) => p.coOpMemberships.map((m: any) => m.id));
    };
    const account = (await t.services.people.personById(w.ids.person))!;
    const res = await admit({ email: account.email, name: 'Who Is This' });
    expect(res.errors, JSON.stringify(res.errors)).toBeUndefined();
    expect(await shown()).not.toContain(res.data.admitMember.id);
    // The member, and admins, still see it.
    const mine = await t.gql<any, unknown>(`{ me { coOpMemberships { id } } }`, undefined, w.headers('person'));
    expect(mine.data.me.coOpMemberships.map((m: any) => m.id)).toContain(res.data.admitMember.id);
  });
});
