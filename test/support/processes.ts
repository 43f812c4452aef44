import type { ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import { setTimeout as sleep } from 'node:timers/promises';

/** For the tests that start coopcare or PostgreSQL as processes of their own. */

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer().on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

export async function waitFor<T>(
  what: string,
  seconds: number,
  check: () => Promise<T | undefined> | T | undefined,
  pollMs = 200,
): Promise<T> {
  for (const deadline = Date.now() + seconds * 1000; Date.now() < deadline; await sleep(pollMs)) {
    const value = await check();
    if (value !== undefined && value !== false) return value;
  }
  throw new Error(`timed out after ${seconds} s waiting for ${what}`);
}

export const exited = (child: ChildProcess) =>
  child.exitCode !== null || child.signalCode !== null
    ? Promise.resolve()
    : new Promise<void>((resolve) => child.once('exit', () => resolve()));

export function childrenOf(pid: number): { pid: number; command: string }[] {
  return fs.readdirSync('/proc').flatMap((entry) => {
    try {
      const stat = fs.readFileSync(`/proc/${entry}/stat`, 'utf8');
      const ppid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
      return ppid === pid ? [{ pid: Number(entry), command: stat.slice(stat.indexOf('(') + 1, stat.lastIndexOf(')')) }] : [];
    } catch {
      return [];
    }
  });
}

/**
 * The local TCP ports of a process's open sockets (Linux), which PostgreSQL shows as the client_port of
 * that process's connections: how a test tells them from its own, which carry the same application_name.
 */
export function tcpPortsOf(pid: number): number[] {
  return tcpSocketsOf(pid).map((socket) => socket.localPort);
}

/**
 * Whether a process has accepted the connection a client made from `clientPort` and read all that was
 * sent on it (Linux). Until then the connection waits in the kernel's queue for the listening socket,
 * and a server that stops listening has it reset: it was never the server's to answer.
 */
export function hasRead(pid: number, clientPort: number): boolean {
  return tcpSocketsOf(pid).some((socket) => socket.remotePort === clientPort && socket.unread === 0);
}

function tcpSocketsOf(pid: number): { localPort: number; remotePort: number; unread: number }[] {
  const inodes = new Set(
    fs.readdirSync(`/proc/${pid}/fd`).flatMap((fd) => {
      try {
        const inode = /^socket:\[(\d+)\]$/.exec(fs.readlinkSync(`/proc/${pid}/fd/${fd}`))?.[1];
        return inode ? [inode] : [];
      } catch {
        return [];
      }
    }),
  );
  const portOf = (address: string) => Number.parseInt(address.split(':').at(-1)!, 16);
  return ['/proc/net/tcp', '/proc/net/tcp6'].flatMap((table) =>
    fs
      .readFileSync(table, 'utf8')
      .split('\n')
      .slice(1)
      .map((line) => line.trim().split(/\s+/))
      .filter((columns) => inodes.has(columns[9] ?? ''))
      .map((columns) => ({
        localPort: portOf(columns[1]!),
        remotePort: portOf(columns[2]!),
        // tx_queue:rx_queue, in hex: the bytes received that the process has not read yet.
        unread: Number.parseInt(columns[4]!.split(':')[1]!, 16),
      })),
  );
}
