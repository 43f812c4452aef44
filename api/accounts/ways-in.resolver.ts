import { Arg, Authorized, Ctx, Mutation, Resolver } from 'type-graphql';
import { requirePerson, rolesOf } from '../auth/actor.js';
import type { PasswordLinkPurpose } from '../auth/credentials.js';
import type { Context } from '../context.js';
import { asResult } from '../graphql/results.js';
import type { Viewer } from './accounts.types.js';
import { toLoginResult } from './sessions.resolver.js';
import {
  ACCOUNT_TOKEN_FAILURES,
  AccountTokenResult,
  EMAIL_CHANGE_FAILURES,
  EmailChangeResult,
  InviteStaffMemberInput,
  StaffMember,
} from './ways-in.types.js';

const TOKEN = 'The token from the emailed link (its `token` query parameter).';
const NEW_PASSWORD = 'The new password: 12 to 256 characters, not a common password, not your email or name.';

function signInThroughLink(ctx: Context, purpose: PasswordLinkPurpose, token: string, password: string) {
  return asResult(
    async () => toLoginResult(ctx, await ctx.services.linkSignIn.signIn(ctx, purpose, token, password)),
    ACCOUNT_TOKEN_FAILURES,
  );
}

/** The ways into an account: invitations, password resets, a new email address, staff added by their managers. */
@Resolver()
export class WaysInResolver {
  @Mutation(() => AccountTokenResult, {
    description: 'Sets the first password of an account through its invitation link, and signs in. The link works once, for 7 days.',
  })
  acceptAccountInvitation(
    @Ctx() ctx: Context,
    @Arg('token', () => String, { description: TOKEN }) token: string,
    @Arg('password', () => String, { description: NEW_PASSWORD }) password: string,
  ) {
    return signInThroughLink(ctx, 'INVITATION', token, password);
  }

  @Mutation(() => AccountTokenResult, {
    description:
      'Sets a new password through a reset link, ends every other session of the account (their tokens stop working at once) ' +
      'and signs in. The link works once, for 1 hour.',
  })
  resetPassword(
    @Ctx() ctx: Context,
    @Arg('token', () => String, { description: TOKEN }) token: string,
    @Arg('password', () => String, { description: NEW_PASSWORD }) password: string,
  ) {
    return signInThroughLink(ctx, 'PASSWORD_RESET', token, password);
  }

  @Mutation(() => Boolean, {
    description:
      'Emails a password reset link to the account with this address, if there is one. Always true, and as quick, whether or not ' +
      'there is, so it tells nobody who has an account. RATE_LIMITED after many requests from one address or for one email.',
  })
  requestPasswordReset(
    @Ctx() ctx: Context,
    @Arg('email', () => String, { description: 'The email address the account signs in with.' }) email: string,
  ): Promise<boolean> {
    return ctx.services.accountTokens.requestPasswordReset(ctx, email);
  }

  @Authorized()
  @Mutation(() => Boolean, {
    description:
      'Emails a link to the new address to confirm it; nothing changes until it is used (`confirmEmailChange`). Your current ' +
      'address is told at once. True whether or not the address has an account of its own (its owner is told instead). ' +
      'RATE_LIMITED after 10 in an hour.',
  })
  requestEmailChange(
    @Ctx() ctx: Context,
    @Arg('newEmail', () => String, { description: 'The address to sign in with from now on.' }) newEmail: string,
    @Arg('password', () => String, { description: 'Your current password; BAD_USER_INPUT naming `password` when it is wrong.' })
    password: string,
  ): Promise<boolean> {
    return ctx.services.accountTokens.requestEmailChange(ctx, newEmail, password);
  }

  @Authorized()
  @Mutation(() => EmailChangeResult, {
    description:
      'Uses your email-change link while signed in: the account signs in with the new address from now on and the old ' +
      'address is told. ConflictError when another account took the address since.',
  })
  confirmEmailChange(@Ctx() ctx: Context, @Arg('token', () => String, { description: TOKEN }) token: string) {
    const actor = requirePerson(ctx.actor);
    return asResult(async (): Promise<Viewer> => {
      const person = await ctx.services.accountTokens.confirmEmailChange(ctx, token, actor.personId);
      return { id: person.id, name: person.name, email: person.email, roles: rolesOf(actor) };
    }, EMAIL_CHANGE_FAILURES);
  }

  @Authorized()
  @Mutation(() => StaffMember, {
    description:
      'Adds someone to the staff at once: care workers and coordinators of your provider (a coordinator), officers of your ' +
      'council (an officer), anyone (an admin). A new person is invited by email to set a password; one with an account is told.',
  })
  inviteStaffMember(
    @Ctx() ctx: Context,
    @Arg('input', () => InviteStaffMemberInput, { description: 'Who, in which role, where.' }) input: InviteStaffMemberInput,
  ): Promise<StaffMember> {
    return ctx.services.accountInvitations.inviteStaffMember(ctx, input);
  }
}
