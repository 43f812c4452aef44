import { DEMO_ACCOUNTS, type DemoAccountKey } from '../accounts/seed.js';
import { type Acting, toPersonActor } from '../auth/actor.js';
import type { AppServices } from '../modules.js';

/**
 * A demo account acting as if signed in, with the ties it holds now (staff roles, rights granted to it):
 * how each domain's seed makes its data through its services, as the people would.
 */
export async function actingAs(
  { people, credentials }: Pick<AppServices, 'people' | 'credentials'>,
  key: DemoAccountKey,
): Promise<Acting & { id: string }> {
  const { id } = await people.ensurePerson({ email: DEMO_ACCOUNTS[key].email, name: DEMO_ACCOUNTS[key].name });
  const ties = await credentials.actorTies(id);
  return { id, actor: toPersonActor(id, 'demo-seed', ties ?? { isAdmin: false, staff: [], grants: [] }), requestId: 'demo-seed' };
}
