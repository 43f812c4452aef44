import 'reflect-metadata';
import { loadConfig, productionRefusal, seedsDemoData } from './config.js';
import { createLogger } from './common/logger.js';
import { openDatabase } from './db/database.js';
import { seedDemoData } from './demo/seed.js';
import { failedToStart, serveInstance, startBanner, startUpLog } from './instance.js';
import { createServices } from './modules.js';

/** `npm start`: one process, which opens the database (starting the embedded one without DATABASE_URL) and serves. */
async function main() {
  const config = loadConfig();
  const refusal = productionRefusal(config);
  if (refusal) throw new Error(refusal);
  const logger = createLogger(config);
  const database = await openDatabase(config, startUpLog(logger));
  const services = createServices(database.db, config);
  const seeded = await (async () => {
    try {
      return seedsDemoData(config) ? await seedDemoData(services) : null;
    } catch (error) {
      await database.close();
      throw error;
    }
  })();
  const { url } = await serveInstance({ config, logger, database, services, demo: seeded !== null });
  if (!services.sms.configured) logger.warn('No SMS provider is configured: crisis alerts go by email only (README, "Crisis alerts").');
  console.log(startBanner({ config, url, database, seeded, instances: 1 }));
}

main().catch(failedToStart);
