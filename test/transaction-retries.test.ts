import { type EntityManager, QueryRunnerProviderAlreadyReleasedError } from 'typeorm';
import { expect, inject, test } from 'vitest';
import { DatabaseException, databaseException } from '../api/db/database.exception.js';
import { Deadline, withinDeadline } from '../api/common/deadline.js';
import { MAX_ATTEMPTS } from '../api/common/unit-of-work.js';
import { useTestApp } from './support/app.js';
import { waitFor } from './support/processes.js';

/**
 * A unit of work that PostgreSQL aborts as a deadlock or a serialization failure runs again from the
 * start, a bounded number of times with jitter; anything else fails at once. Against real PostgreSQL,
 * with real deadlocks and real SQLSTATEs.
 */

const t = useTestApp({ seeded: 'world' });
const { providerA, providerB } = inject('world');

async function markersIn(providerId: string, marker: string): Promise<number> {
  const [{ summary }] = await t.db.query('SELECT summary FROM provider WHERE id = $1', [providerId]);
  return (summary as string).split(marker).length - 1;
}

const append = `UPDATE provider SET summary = summary || $2 WHERE id = $1`;

test('two units locking two rows in opposite orders deadlock; the one PostgreSQL aborts runs again, and each commits once', async () => {
  const attempts = { ab: 0, ba: 0 };
  let holding = 0;
  let bothHold!: () => void;
  const bothHoldTheirFirst = new Promise<void>((resolve) => {
    bothHold = resolve;
  });
  const unit = (name: 'ab' | 'ba', first: string, second: string) =>
    t.services.uow.transaction(async (em) => {
      attempts[name]++;
      await em.query(append, [first, ` [${name}]`]);
      if (attempts[name] === 1) {
        if (++holding === 2) bothHold();
        await bothHoldTheirFirst;
      }
      await em.query(append, [second, ` [${name}]`]);
      return name;
    });

  expect(await Promise.all([unit('ab', providerA, providerB), unit('ba', providerB, providerA)])).toEqual(['ab', 'ba']);
  expect(attempts.ab + attempts.ba).toBe(3);
  for (const provider of [providerA, providerB]) {
    expect(await markersIn(provider, ' [ab]')).toBe(1);
    expect(await markersIn(provider, ' [ba]')).toBe(1);
  }
});

test(`a unit that is a serialization failure every time gives up after ${MAX_ATTEMPTS} attempts: SERVICE_UNAVAILABLE`, async () => {
  let attempts = 0;
  const failure = await t.services.uow
    .transaction(async (em) => {
      attempts++;
      await em.query(append, [providerA, ' [never]']);
      await em.query(`DO $$ BEGIN RAISE EXCEPTION 'clash' USING ERRCODE = 'serialization_failure'; END $$`);
    })
    .catch((error: unknown) => error);
  expect(attempts).toBe(MAX_ATTEMPTS);
  expect(failure).toBeInstanceOf(DatabaseException);
  expect(failure).toMatchObject({ code: 'CONTENTION', dbCode: '40001', failure: 'SERVICE_UNAVAILABLE', message: /Try again/ });
  expect(await markersIn(providerA, ' [never]')).toBe(0);
});

test('two SERIALIZABLE units that read what the other writes: one is aborted (40001), runs again, and both commit', async () => {
  const attempts = { one: 0, two: 0 };
  let read = 0;
  let bothRead!: () => void;
  const bothHaveRead = new Promise<void>((resolve) => {
    bothRead = resolve;
  });
  const unit = (name: 'one' | 'two', reads: string, writes: string) =>
    t.services.uow.transaction(async (em) => {
      attempts[name]++;
      await em.query('SET TRANSACTION ISOLATION LEVEL SERIALIZABLE');
      await em.query('SELECT summary FROM provider WHERE id = $1', [reads]);
      if (attempts[name] === 1) {
        if (++read === 2) bothRead();
        await bothHaveRead;
      }
      await em.query(append, [writes, ` [${name}]`]);
    });
  await Promise.all([unit('one', providerA, providerB), unit('two', providerB, providerA)]);
  expect(attempts.one + attempts.two).toBe(3);
  expect(await markersIn(providerB, ' [one]')).toBe(1);
  expect(await markersIn(providerA, ' [two]')).toBe(1);
});

test('any other failure is not run again: a unit that breaks a constraint fails at its first attempt', async () => {
  let attempts = 0;
  const failure = await t.services.uow
    .transaction(async (em) => {
      attempts++;
      await em.query(`UPDATE provider SET slug = (SELECT slug FROM provider WHERE id = $2) WHERE id = $1`, [providerA, providerB]);
    })
    .catch((error: unknown) => error);
  expect(attempts).toBe(1);
  expect(failure).toMatchObject({ code: '23505' });
});

test('a unit joined to an open one is not run again on its own: the whole outer unit is', async () => {
  let outer = 0;
  let inner = 0;
  await t.services.uow.transaction(async (em) => {
    outer++;
    await em.query(append, [providerB, ' [outer]']);
    await t.services.uow.transaction(async (joined) => {
      inner++;
      if (inner === 1) await joined.query(`DO $$ BEGIN RAISE EXCEPTION 'clash' USING ERRCODE = 'deadlock_detected'; END $$`);
    });
  });
  expect([outer, inner]).toEqual([2, 2]);
  expect(await markersIn(providerB, ' [outer]')).toBe(1);
});

test('a unit whose connection is cut between statements is told SERVICE_UNAVAILABLE once, not of a released query runner', async () => {
  let attempts = 0;
  const failure = await t.services.uow
    .transaction(async (em) => {
      attempts++;
      await em.query(append, [providerA, ' [cut]']);
      const [{ pid }] = await em.query('SELECT pg_backend_pid() AS pid');
      await t.db.query('SELECT pg_terminate_backend($1)', [pid]);
      // TypeORM releases the query runner when its connection reports the failure: the next statement meets that.
      await waitFor('the connection to report its end', 10, () => em.queryRunner?.isReleased);
      await em.query(append, [providerA, ' [cut]']);
    })
    .catch((error: unknown) => error);
  expect(attempts).toBe(1);
  expect(failure).toBeInstanceOf(DatabaseException);
  expect(failure).toMatchObject({ code: 'UNAVAILABLE', dbCode: '57P01', failure: 'SERVICE_UNAVAILABLE' });
  expect(await markersIn(providerA, ' [cut]')).toBe(0);
});

test('a unit that uses a manager kept from an earlier unit, whose connection is fine, fails as the bug it is', async () => {
  let kept: EntityManager | undefined;
  await t.services.uow.transaction(async (em) => {
    kept = em;
  });
  const failure = await t.services.uow.transaction(() => kept!.query('SELECT 1')).catch((error: unknown) => error);
  expect(failure).toBeInstanceOf(QueryRunnerProviderAlreadyReleasedError);
});

test('a protocol violation (08P01) is a bug in the caller, not a lost connection: it is not told as SERVICE_UNAVAILABLE', async () => {
  const error = await t.db.query('SELECT $1::int + $2::int AS n', [1]).catch((e: unknown) => e);
  expect(error).toMatchObject({ code: '08P01' });
  expect(databaseException(error)).toBeNull();
});

test('a unit may set its own isolation level, under a deadline too', async () => {
  const unit = () =>
    t.services.uow.transaction(async (em) => {
      await em.query('SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY');
      return em.query('SELECT 1 AS one');
    });
  expect(await unit()).toEqual([{ one: 1 }]);
  expect(await withinDeadline(new Deadline(Date.now() + 800), unit)).toEqual([{ one: 1 }]);
});

test('a unit whose connection is lost while it commits is told the change may have been saved: send the same request again', async () => {
  // A deferred trigger runs inside COMMIT: this one ends its own connection there.
  await t.db.query(`CREATE TABLE commit_cut (id int)`);
  await t.db.query(`CREATE FUNCTION commit_cut() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN PERFORM pg_terminate_backend(pg_backend_pid()); RETURN NULL; END $$`);
  await t.db.query(`CREATE CONSTRAINT TRIGGER commit_cut AFTER INSERT ON commit_cut DEFERRABLE INITIALLY DEFERRED
    FOR EACH ROW EXECUTE FUNCTION commit_cut()`);
  await t.db.query(`GRANT INSERT ON commit_cut TO PUBLIC`);
  let attempts = 0;
  const failure = await t.services.uow
    .transaction(async (em) => {
      attempts++;
      await em.query('INSERT INTO commit_cut VALUES (1)');
    })
    .catch((error: unknown) => error);
  expect(attempts).toBe(1);
  expect(failure).toBeInstanceOf(DatabaseException);
  expect(failure).toMatchObject({
    code: 'COMMIT_UNCERTAIN',
    failure: 'SERVICE_UNAVAILABLE',
    message: /may have been saved.*same request again/,
  });
});
