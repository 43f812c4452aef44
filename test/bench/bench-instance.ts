import 'reflect-metadata';
import { type ChildProcess, fork } from 'node:child_process';
import { once } from 'node:events';
import { fileURLToPath } from 'node:url';
import { loadConfig } from '../../api/config.js';
import { createDataSource } from '../../api/db/data-source.js';
import { createServices } from '../../api/modules.js';
import { createApp } from '../../api/server.js';

/** The instances must accept each other's sign-in tokens, as instances behind one load balancer do. */
const TOKEN_SECRET = 'bench-token-secret-not-a-secret-anywhere';
const SELF = fileURLToPath(import.meta.url);

export interface Instances {
  urls: string[];
  stop(): Promise<void>;
}

/**
 * `count` app instances, each a process of its own on 127.0.0.1 over the database at `databaseUrl`, as a
 * deployment runs them: the load generator in this process then competes with them for the cores as a
 * load balancer's clients would not, which the figures include.
 */
export async function startInstances(databaseUrl: string, count: number, poolSize: number): Promise<Instances> {
  const children: ChildProcess[] = [];
  const stop = async () => {
    await Promise.all(
      children.map(async (child) => {
        if (child.exitCode !== null) return;
        const exited = once(child, 'exit');
        child.disconnect();
        await exited;
      }),
    );
  };
  try {
    const urls = await Promise.all(
      Array.from({ length: count }, async () => {
        const child = fork(SELF, [databaseUrl, String(poolSize)], {
          env: { ...process.env, COOPCARE_TOKEN_SECRET: TOKEN_SECRET },
          stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
        });
        children.push(child);
        const [message] = (await Promise.race([once(child, 'message'), once(child, 'exit')])) as [{ url?: string } | number];
        if (typeof message !== 'object' || !message.url) throw new Error(`a bench instance exited before listening (${message})`);
        return message.url;
      }),
    );
    return { urls, stop };
  } catch (error) {
    await stop();
    throw error;
  }
}

/** In a child: serves the app until the parent disconnects. */
async function serve(databaseUrl: string, poolSize: number) {
  const config = { ...loadConfig(), publicRateLimitPerMinute: 1_000_000, credentialRateLimitPerMinute: 1_000_000, nodeEnv: 'production' };
  const db = createDataSource(databaseUrl, { poolSize });
  await db.initialize();
  const app = await createApp({ services: createServices(db, config), config, log: () => {} });
  const { server, url } = await app.listen(0, '127.0.0.1');
  process.once('disconnect', () => {
    server.closeAllConnections();
    server.close();
    void app.apollo
      .stop()
      .then(() => db.destroy())
      .finally(() => process.exit(0));
  });
  process.send?.({ url });
}

if (process.send && process.argv[1] === SELF) {
  serve(process.argv[2], Number(process.argv[3])).catch((error: unknown) => {
    console.error(error);
    process.exit(1);
  });
}
