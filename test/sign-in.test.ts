import { describe, expect, test } from 'vitest';
import { signInKeys } from '../api/auth/sign-in-guard.js';
import { clientAddressKey } from '../api/common/client-address.js';
import { loadConfig, trustProxyFrom } from '../api/config.js';
import { useTestApp } from './support/app.js';
import { auditCount, code, login as signIn } from './support/graphql.js';
import { PASSWORD, useWorld } from './support/world.js';

/**
 * Signing in: one answer and the same work for every wrong credential, and the guard that makes guessing
 * slow: per email and client address (an IPv6 client by its /64), per address whatever the email, kept
 * in PostgreSQL so concurrent guesses are counted before any password is checked.
 */
const t = useTestApp({ seeded: 'world' });
const w = useWorld(t);

const login = (email: string, password: string, address: string) => signIn(t, email, password, address);
const count = (codes: (string | undefined)[], c: string | undefined) => codes.filter((x) => x === c).length;

describe('passwords', () => {
  // An address of its own: the per-address sign-in limit (20 a minute) is not what these tests are about.
  const ADDRESS = '192.0.2.200';

  test('a wrong password and an unknown email get the same answer; the email is case-insensitive', async () => {
    const wrong = await login(w.emails.friend, 'not the password', ADDRESS);
    const unknown = await login('nobody@test.example', 'not the password', ADDRESS);
    expect(code(wrong)).toBe('UNAUTHENTICATED');
    expect(wrong.errors![0]!.message).toBe(unknown.errors![0]!.message);
    expect(code(unknown)).toBe('UNAUTHENTICATED');
    expect((await login(w.emails.friend.toUpperCase(), PASSWORD, ADDRESS)).data?.login.token).toBeTruthy();
  });

  test('an email with a NUL character is refused at the edge, before any attempt is counted', async () => {
    const attempts = async () =>
      (await t.db.query(`SELECT coalesce(sum(points), 0)::int AS n FROM rate_limit WHERE key LIKE 'sign-in%'`))[0].n as number;
    const before = await attempts();
    const res = await login('a\u0000@x.org', 'whatever', '192.0.2.120');
    expect(code(res)).toBe('BAD_USER_INPUT');
    expect(await attempts()).toBe(before);
  });

  test('a wrong password for a real account and an unknown email run the same statements, so their timing tells nothing', async () => {
    const statementsOf = async (email: string) => {
      t.statements.reset();
      expect(code(await login(email, 'not the password', '192.0.2.121'))).toBe('UNAUTHENTICATED');
      return t.statements.statements;
    };
    const real = await statementsOf(w.emails.friend);
    const unknown = await statementsOf('nobody-here@test.example');
    expect(unknown).toEqual(real);
    // Both failures are in the audit trail; the unknown email's names no one.
    expect(real.some((s) => /INSERT INTO "audit_event"/.test(s))).toBe(true);
  });
});

describe('lock-outs per email and address', () => {
  test('repeated failures lock the email for a while, even for the right password; unknown emails alike', async () => {
    const ADDRESS = '192.0.2.201';
    for (let i = 0; i < 5; i++) expect(code(await login(w.emails.representativeNone, `guess ${i}`, ADDRESS))).toBe('UNAUTHENTICATED');
    const locked = await login(w.emails.representativeNone, PASSWORD, ADDRESS);
    expect(code(locked)).toBe('RATE_LIMITED');
    expect(locked.errors![0]!.extensions!.retryAfterSeconds).toBeGreaterThan(0);
    for (let i = 0; i < 5; i++) await login('ghost@test.example', `guess ${i}`, ADDRESS);
    expect(code(await login('ghost@test.example', PASSWORD, ADDRESS))).toBe('RATE_LIMITED');
    // Other accounts are unaffected.
    expect((await login(w.emails.friend, PASSWORD, ADDRESS)).data?.login.token).toBeTruthy();
  });

  test('every attempt is counted before the password check: 100 concurrent guesses from 4 addresses get 5 checks each', async () => {
    const addresses = ['203.0.113.21', '203.0.113.22', '203.0.113.23', '203.0.113.24'];
    const results = await Promise.all(
      Array.from({ length: 100 }, (_, i) => login(w.emails.otherCoordinator, `guess ${i}`, addresses[i % 4]!)),
    );
    const codes = results.map(code);
    expect(count(codes, 'UNAUTHENTICATED')).toBe(20);
    expect(count(codes, 'RATE_LIMITED')).toBe(80);
    expect(await auditCount(t, 'session.loginFailed', w.ids.otherCoordinator)).toBe(20);
    // One lock-out a locked email and address, in the audit trail.
    expect(await auditCount(t, 'session.lockedOut', w.ids.otherCoordinator)).toBe(4);
    // A locked address stays locked even with the right password.
    expect(code(await login(w.emails.otherCoordinator, PASSWORD, '203.0.113.21'))).toBe('RATE_LIMITED');
  });

  test('a stranger at another address cannot lock the owner out', async () => {
    for (let i = 0; i < 8; i++) await login(w.emails.careWorker, `guess ${i}`, '198.51.100.9');
    expect(code(await login(w.emails.careWorker, PASSWORD, '198.51.100.9'))).toBe('RATE_LIMITED');
    const owner = await login(w.emails.careWorker, PASSWORD, '192.0.2.44');
    expect(owner.errors).toBeUndefined();
    expect(owner.data!.login.token).toBeTruthy();
  });

  test('a stranger rotating addresses locks no one else out: there is no email-wide slot', async () => {
    const email = w.emails.otherPerson;
    await Promise.all(Array.from({ length: 40 }, (_, i) => login(email, `guess ${i}`, `10.9.${Math.floor(i / 5)}.${i}`)));
    for (let i = 0; i < 25; i++) await login(email, 'x', `10.1.0.${i}`);
    const owner = [];
    for (let i = 0; i < 10; i++) owner.push(await login(email, PASSWORD, '192.0.2.80'));
    expect(owner.map(code)).toEqual(Array(10).fill(undefined));
    expect(owner.every((r) => !!r.data?.login.token)).toBe(true);
    // Signing in at once from two fresh addresses: neither waits on the other.
    const [a, b] = await Promise.all([login(email, PASSWORD, '10.2.0.1'), login(email, PASSWORD, '10.2.0.2')]);
    expect([code(a), code(b)]).toEqual([undefined, undefined]);
  });

  test('attempts a lock-out refuses are not failures: a device retrying an old password cannot use up its address’s day', async () => {
    const ADDRESS = '192.0.2.91';
    const { address } = signInKeys(w.emails.representativeAll, ADDRESS);
    const failuresToday = async () =>
      (await t.db.query(`SELECT points FROM rate_limit WHERE key = $1`, [`sign-in-address-day:${address}`]))[0].points as number;
    for (let i = 0; i < 5; i++) expect(code(await login(w.emails.representativeAll, 'an old password', ADDRESS))).toBe('UNAUTHENTICATED');
    // 194 failures today before these five: one short of the day's 200.
    await t.db.query(`UPDATE rate_limit SET points = points + 194 WHERE key = $1`, [`sign-in-address-day:${address}`]);
    for (let i = 0; i < 3; i++) expect(code(await login(w.emails.representativeAll, 'an old password', ADDRESS))).toBe('RATE_LIMITED');
    expect(await failuresToday()).toBe(199);
    // Someone else at that address still signs in.
    expect((await login(w.emails.person, PASSWORD, ADDRESS)).data?.login.token).toBeTruthy();
  });

  test('a successful sign-in clears the count for that email and address', async () => {
    for (let round = 0; round < 2; round++) {
      for (let i = 0; i < 4; i++) expect(code(await login(w.emails.coordinator, `guess ${i}`, '192.0.2.90'))).toBe('UNAUTHENTICATED');
      expect((await login(w.emails.coordinator, PASSWORD, '192.0.2.90')).data?.login.token).toBeTruthy();
    }
  });
});

describe('client addresses', () => {
  test('one address may try at most 20 sign-ins a minute across all emails, counted under concurrency', async () => {
    const results = await Promise.all(Array.from({ length: 30 }, (_, i) => login(`spray${i}@test.example`, 'guess', '198.51.100.60')));
    const codes = results.map(code);
    expect(count(codes, 'UNAUTHENTICATED')).toBe(20);
    expect(count(codes, 'RATE_LIMITED')).toBe(10);
    const limited = results.find((r) => code(r) === 'RATE_LIMITED')!;
    expect(limited.errors![0]!.extensions!.retryAfterSeconds).toBeGreaterThan(0);
    expect(limited.errors![0]!.extensions!.retryAfterSeconds).toBeLessThanOrEqual(60);
    // Even the right password of a real account waits out the minute from that address.
    expect(code(await login(w.emails.friend, PASSWORD, '198.51.100.60'))).toBe('RATE_LIMITED');
    expect((await login(w.emails.friend, PASSWORD, '198.51.100.61')).data?.login.token).toBeTruthy();
  });

  test('an IPv6 client counts by its /64: rotating within it does not escape the lock', async () => {
    const codes = [];
    for (let i = 1; i <= 6; i++) codes.push(code(await login(w.emails.otherOfficer, `guess ${i}`, `2001:db8:aa:bb::${i.toString(16)}`)));
    expect(codes).toEqual([...Array(5).fill('UNAUTHENTICATED'), 'RATE_LIMITED']);
    expect(code(await login(w.emails.otherOfficer, PASSWORD, '2001:db8:aa:bb:ffff:1:2:3'))).toBe('RATE_LIMITED');
    // Another /64 is another client.
    expect((await login(w.emails.otherOfficer, PASSWORD, '2001:db8:aa:bc::1')).data?.login.token).toBeTruthy();
    expect(clientAddressKey('2001:db8:aa:bb::1')).toBe(clientAddressKey('2001:0db8:00aa:00bb:ffff:ffff:ffff:ffff'));
    expect(clientAddressKey('::ffff:192.0.2.1')).toBe('192.0.2.1');
    expect(clientAddressKey('192.0.2.1')).toBe('192.0.2.1');
  });

  test('COOPCARE_TRUST_PROXY is read and checked; by default no proxy is trusted', () => {
    expect(loadConfig({}).trustProxy).toBe(false);
    expect(trustProxyFrom('2')).toBe(2);
    expect(trustProxyFrom('false')).toBe(false);
    expect(trustProxyFrom('loopback, 10.0.0.0/8')).toBe('loopback, 10.0.0.0/8');
    expect(() => trustProxyFrom('everyone')).toThrow(/COOPCARE_TRUST_PROXY/);
  });
});

describe('lock-outs that follow one another', () => {
  test('each lock-out within a day lasts twice the one before, and is audited', async () => {
    const ADDRESS = '192.0.2.150';
    const fail = () => login(w.emails.officer, 'a guess', ADDRESS);
    for (let i = 0; i < 5; i++) await fail();
    const first = await fail();
    expect(first.errors![0]!.extensions!.retryAfterSeconds).toBe(60);
    // The first lock-out served: its row expires as if a minute had passed.
    const { emailAndAddress } = signInKeys(w.emails.officer, ADDRESS);
    await t.db.query(`UPDATE rate_limit SET expire = 0 WHERE key = $1`, [`sign-in:${emailAndAddress}`]);
    for (let i = 0; i < 5; i++) expect(code(await fail())).toBe('UNAUTHENTICATED');
    const second = await fail();
    expect(second.errors![0]!.extensions!.retryAfterSeconds).toBe(120);
    const [{ counts }] = await t.db.query(
      `SELECT array_agg((summary->>'lockCount')::int ORDER BY id) AS counts
         FROM audit_event WHERE action = 'session.lockedOut' AND object_id = $1`,
      [w.ids.officer],
    );
    expect(counts).toEqual([1, 2]);
  });
});
