import { seedGazetteer } from '../geo/gazetteer.js';
import type { AppServices } from '../modules.js';
import { seedAccounts } from '../accounts/seed.js';
import { seedDirectory } from '../directory/fixtures/kirklees.js';
import { seedBrokerage } from '../brokerage/seed.js';
import { seedTimeBank } from '../timebank/seed.js';
import { seedCarePlans } from '../careplans/seed.js';
import { seedAlerts } from '../alerts/seed.js';
import { seedGovernance } from '../governance/seed.js';

export interface SeedResult {
  /** Lines for the start-up message: what was seeded and the demo accounts. */
  summary: string;
}

/** Loads the Kirklees demo data into an empty database; leaves a database that has data alone. */
export async function seedDemoData(services: AppServices): Promise<SeedResult> {
  const lines: string[] = [];
  const gazetteer = await seedGazetteer(services, { onlyIfEmpty: true });
  if (gazetteer)
    lines.push(
      `gazetteer: ${gazetteer.imported} demo postcodes in ${gazetteer.districts} districts, ` +
        `${gazetteer.places.imported} towns and villages (Kirklees and neighbours)`,
    );
  const directory = await seedDirectory(services);
  if (directory)
    lines.push(
      `directory: Kirklees Council, a consortium, ${Object.keys(directory.providers).length} providers, ${directory.services} services`,
    );
  // After the directory: the accounts link staff to its Kirklees council and Colne Valley co-op.
  lines.push(...(await seedAccounts(services)));
  // After the accounts: budgets are allocated by the demo officer to the demo people, and booked by them.
  lines.push(...(await seedBrokerage(services)));
  // After the accounts: the Colne Valley coordinator opens the time bank, and the demo people join it.
  lines.push(...(await seedTimeBank(services)));
  // After the bookings and the time bank: Margaret's plan links her confirmed home-care visits and her time-bank sitter.
  lines.push(...(await seedCarePlans(services)));
  // After the accounts: David sets his mother's emergency contacts, Priya her council's duty contact.
  lines.push(...(await seedAlerts(services)));
  // After the time bank and care plans: its neighbours and the demo people are members of Colne Valley.
  lines.push(...(await seedGovernance(services)));
  return { summary: lines.join('\n') };
}
