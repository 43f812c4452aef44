import type { GovernanceStanding } from './governance.reader.js';

/**
 * Who may do what in a co-op's governance: by relationship, never by role alone. Services read the actor's
 * standing once (GovernanceReader.standing) and throw `forbidden` (api/auth/auth.exception.ts) when these say
 * no. Partners and widget sessions have no part here.
 */

/** Keep the register (admit members, record leaving), set out the constitution, record board terms, open motions. */
export function mayKeepRegister(standing: GovernanceStanding): boolean {
  return standing.isOfficer;
}

/**
 * Read the co-op's motions, their results, the board's names: its officers, its members, and representatives
 * a member granted VOTE.
 */
export function mayFollowGovernance(standing: GovernanceStanding): boolean {
  return standing.isOfficer || standing.votesFor.length > 0;
}
