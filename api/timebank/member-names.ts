import { personById } from '../accounts/accounts.loaders.js';
import type { Context } from '../context.js';
import { timeBankMemberById } from './members.loaders.js';

/**
 * Every time-bank field that shows a member's name reads it here, batched. A member's person cannot be deleted
 * (the foreign key restricts it), so a missing one is a broken database, not a name to leave blank.
 */
export async function personName(ctx: Context, personId: string): Promise<string> {
  const person = await ctx.loaders.get(personById).load(personId);
  if (!person) throw new Error(`The person ${personId} of a time-bank member is missing`);
  return person.name;
}

export async function memberName(ctx: Context, memberId: string): Promise<string> {
  const member = await ctx.loaders.get(timeBankMemberById).load(memberId);
  if (!member) throw new Error(`The time-bank member ${memberId} is missing`);
  return personName(ctx, member.personId);
}
