import type { AppServices } from '../services.js';

export interface SeedResult {
  /** Lines for the start-up message: what was seeded and the demo accounts. */
  summary: string;
}

/** Loads the Kirklees demo data into an empty database; leaves a database that has data alone. */
export async function seedDemoData(_services: AppServices): Promise<SeedResult> {
  return { summary: '' };
}
