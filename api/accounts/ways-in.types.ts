import { Field, InputType, ObjectType } from 'type-graphql';
import { StaffRole } from '../auth/auth.enums.js';
import { ErrorCode } from '../common/exceptions.js';
import { ID } from '../graphql/scalars.js';
import { ConflictError, errorResult, resultUnion } from '../graphql/results.js';
import { LoginResult, Viewer } from './accounts.types.js';

export const InvalidTokenError = errorResult(
  'InvalidTokenError',
  ErrorCode.INVALID_TOKEN,
  'The emailed link has expired, was used already, or was never issued (one answer for all three): ask for a new one. Nothing changed.',
);

export const WeakPasswordError = errorResult(
  'WeakPasswordError',
  ErrorCode.WEAK_PASSWORD,
  'The password may not be used: fewer than 12 or more than 256 characters, one of the common passwords, or the account’s email ' +
    'or name. The message says which. Nothing changed and the link still works.',
);

export const ACCOUNT_TOKEN_FAILURES = [InvalidTokenError, WeakPasswordError] as const;
export const AccountTokenResult = resultUnion('AccountTokenResult', LoginResult, ACCOUNT_TOKEN_FAILURES, 'A new session, or why not.');

export const EMAIL_CHANGE_FAILURES = [InvalidTokenError, ConflictError] as const;
export const EmailChangeResult = resultUnion(
  'EmailChangeResult',
  Viewer,
  EMAIL_CHANGE_FAILURES,
  'The account with its new email address, or why not.',
);

@InputType({ description: 'Whom `inviteStaffMember` adds to which provider’s or council’s staff, in which role.' })
export class InviteStaffMemberInput {
  @Field(() => String, { description: 'Their email address: an invitation to set a password goes there if they have no account.' })
  email: string;

  @Field(() => String, { description: 'Their name, 1 to 200 characters; an existing account keeps its own.' })
  name: string;

  @Field(() => StaffRole, { description: 'CARE_WORKER or COORDINATOR of a provider; COUNCIL_OFFICER of a council.' })
  role: StaffRole;

  @Field(() => ID, { nullable: true, description: 'The provider, for a CARE_WORKER or COORDINATOR.' })
  providerId?: string | null;

  @Field(() => ID, { nullable: true, description: 'The council, for a COUNCIL_OFFICER.' })
  councilId?: string | null;
}

@ObjectType({
  description: 'Someone added to a provider’s or a council’s staff, as the inviter typed them, whether or not they had an account.',
})
export class StaffMember {
  @Field(() => ID, { description: 'The staff membership: one per role held at one provider or council.' })
  id: string;

  @Field(() => ID, { description: 'Their person id.' })
  personId: string;

  @Field(() => String, { description: 'Their name as the inviter typed it; an existing account keeps its own, which this does not show.' })
  name: string;

  @Field(() => String, { description: 'The address as typed, normalised: the one their account signs in with.' })
  email: string;

  @Field(() => StaffRole, { description: 'What they do there.' })
  role: StaffRole;

  @Field(() => ID, { nullable: true, description: 'The provider, for a COORDINATOR or CARE_WORKER; null for a COUNCIL_OFFICER.' })
  providerId: string | null;

  @Field(() => ID, { nullable: true, description: 'The council, for a COUNCIL_OFFICER; null otherwise.' })
  councilId: string | null;
}
