import 'reflect-metadata';
import { loadConfig } from './config.js';
import { openDatabase } from './db/database.js';
import { createServices } from './modules.js';
import { createApp } from './server.js';
import { seedDemoData } from './demo/seed.js';

const log = (entry: Record<string, unknown>) => console.error(JSON.stringify({ time: new Date().toISOString(), ...entry }));

async function main() {
  const config = loadConfig();
  const database = await openDatabase(config, (line) => console.log(line));
  const services = createServices(database.db);
  let started;
  try {
    const seeded = config.nodeEnv === 'production' ? null : await seedDemoData(services);
    started = { seeded, ...(await (await createApp({ services, config, log })).listen(config.port)) };
  } catch (error) {
    await database.close();
    throw error;
  }
  const { seeded, server, url } = started;

  console.log(`
coopcare is running
  database      ${database.description}
  GraphQL API   ${url}/graphql
  ORUK 3.0 API  ${url}/oruk/
  demo page     ${url}/
  health        ${url}/healthz   ready: ${url}/readyz
${seeded ? seeded.summary : ''}`);

  let stopping = false;
  const stop = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    console.log(`\n${signal}: stopping`);
    server.close();
    server.closeAllConnections();
    await database.close();
    process.exit(0);
  };
  process.on('SIGINT', () => void stop('SIGINT'));
  process.on('SIGTERM', () => void stop('SIGTERM'));
}

main().catch((error) => {
  console.error('coopcare failed to start:', error instanceof Error ? error.message : error);
  process.exit(1);
});
