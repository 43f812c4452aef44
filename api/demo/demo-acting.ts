import { DEMO_ACCOUNTS, type DemoAccountKey } from '../accounts/seed.js';
import { type Acting, toPersonActor } from '../auth/actor.js';
import type { AppServices } from '../modules.js';

type Services = Pick<AppServices, 'people' | 'credentials'>;

/**
 * A demo account acting as if signed in, with the ties it holds now (staff roles, rights granted to it):
 * how each domain's seed makes its data through its services, as the people would.
 */
export function actingAs(services: Services, key: DemoAccountKey): Promise<Acting & { id: string }> {
  return actingAsPerson(services, DEMO_ACCOUNTS[key]);
}

/**
 * A demo person who has no demo account (nobody signs in as them), made if they are new and acting as if
 * signed in: the people a domain's story needs besides the demo accounts.
 */
export async function actingAsPerson(
  { people, credentials }: Services,
  person: { email: string; name: string },
): Promise<Acting & { id: string }> {
  const { id } = await people.ensurePerson(person);
  const ties = await credentials.actorTies(id);
  return { id, actor: toPersonActor(id, 'demo-seed', ties ?? { isAdmin: false, staff: [], grants: [] }), requestId: 'demo-seed' };
}
