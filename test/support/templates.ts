import { createDataSource } from '../../api/db/data-source.js';
import { createServices, type AppServices } from '../../api/modules.js';
import { seedDemo, seedDemoGazetteer } from './seed.js';
import { seedWorld, type WorldIds } from './world.js';

/** The template databases of a run, by what they hold (see `Seed` in test/harness.ts). */
export interface Templates {
  migrated: string;
  gazetteer: string;
  demo: string;
  world: string;
}

export interface SeededTemplates {
  templates: Templates;
  world: WorldIds;
  /** The demo directory's provider ids by slug (every provider, published or not). */
  demoProviders: Record<string, string>;
  /** What seeding the demo printed (the start-up message's lines). */
  demoSummary: string;
}

/** Creates a database (owned by the schema owner) as a copy of a template. */
type CreateDatabase = (name: string, template: string) => Promise<void>;

/**
 * Seeds once a run what most test files would otherwise seed each (the gazetteer import, the demo
 * directory, argon2 hashes of every test password), each into a template cloned from the migrated one.
 * A template is cloned only while nobody is connected to it, so every data source here is closed before
 * it returns.
 */
export async function buildSeededTemplates(
  createDatabase: CreateDatabase,
  urlOf: (database: string) => string,
  migrated: string,
): Promise<SeededTemplates> {
  const templates: Templates = { migrated, gazetteer: `${migrated}_gazetteer`, demo: `${migrated}_demo`, world: `${migrated}_world` };
  await createDatabase(templates.gazetteer, migrated);
  await withServices(urlOf(templates.gazetteer), seedDemoGazetteer);
  // One CREATE DATABASE at a time from a template: PostgreSQL refuses a second while the first copies.
  await createDatabase(templates.demo, templates.gazetteer);
  await createDatabase(templates.world, templates.gazetteer);
  const [demo, world] = await Promise.all([
    withServices(urlOf(templates.demo), async (services) => {
      const { summary } = await seedDemo(services);
      const rows: { id: string; slug: string }[] = await services.db.query(`SELECT id, slug FROM provider`);
      return { summary, providers: Object.fromEntries(rows.map((r) => [r.slug, r.id])) };
    }),
    withServices(urlOf(templates.world), seedWorld),
  ]);
  return { templates, world, demoProviders: demo.providers, demoSummary: demo.summary };
}

async function withServices<T>(url: string, work: (services: AppServices) => Promise<T>): Promise<T> {
  const db = createDataSource(url, { poolSize: 4 });
  await db.initialize();
  try {
    return await work(createServices(db));
  } finally {
    await db.destroy();
  }
}
