import { personById } from '../accounts/accounts.loaders.js';
import type { Context } from '../context.js';

/**
 * A member's name as the register holds it, wherever governance shows one: as typed when an officer admitted
 * them by email, else their account's. One rule everywhere, so no list shows the account's own name of someone
 * the register names otherwise.
 */
export async function memberName(ctx: Context, member: { personId: string; nameAsEntered: string | null }): Promise<string> {
  if (member.nameAsEntered) return member.nameAsEntered;
  const person = await ctx.loaders.get(personById).load(member.personId);
  if (!person) throw new Error(`The person ${member.personId} of a co-op member is missing`);
  return person.name;
}
