import { setTimeout as sleep } from 'node:timers/promises';
import { expect, test } from 'vitest';
import { DatabaseException, DatabaseExceptionCode } from '../api/db/database.exception.js';
import { JobScheduler } from '../api/notifications/scheduler.js';

test('a scheduled job that fails because the database is away is a warning; any other failure is an error', async () => {
  const lines: { level: 'warn' | 'error'; fields: Record<string, unknown> }[] = [];
  const scheduler = new JobScheduler();
  scheduler.register({
    name: 'outage',
    everySeconds: 0.05,
    run: async () => {
      throw new DatabaseException(DatabaseExceptionCode.UNAVAILABLE, '57P01');
    },
  });
  scheduler.register({
    name: 'bug',
    everySeconds: 0.05,
    run: async () => {
      throw new TypeError('not a function');
    },
  });
  scheduler.start({
    warn: (fields) => lines.push({ level: 'warn', fields }),
    error: (fields) => lines.push({ level: 'error', fields }),
  });
  await sleep(200);
  await scheduler.stop();
  expect(lines.filter((l) => l.fields.job === 'outage').every((l) => l.level === 'warn' && l.fields.dbCode === '57P01')).toBe(true);
  expect(lines.filter((l) => l.fields.job === 'bug').every((l) => l.level === 'error' && l.fields.errorClass === 'TypeError')).toBe(true);
  expect(new Set(lines.map((l) => l.fields.job))).toEqual(new Set(['outage', 'bug']));
});
