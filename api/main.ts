import 'reflect-metadata';
import { failedToStart, prepareInstance, serveInstance, startBanner, warnWithoutSms } from './instance.js';

/** `npm start`: one process, which opens the database (starting the embedded one without DATABASE_URL) and serves. */
async function main() {
  const { config, logger, database, services, seeded } = await prepareInstance();
  const { url } = await serveInstance({ config, logger, database, services, demo: seeded !== null });
  warnWithoutSms(services, logger);
  console.log(startBanner({ config, url, database, seeded, instances: 1 }));
}

main().catch(failedToStart);
