import { Arg, Authorized, Ctx, Mutation, Resolver } from 'type-graphql';
import { rolesOf } from '../auth/actor.js';
import type { IssuedSession } from '../auth/sessions.service.js';
import type { Context } from '../context.js';
import { personById } from './accounts.loaders.js';
import { LoginResult } from './accounts.types.js';

export async function toLoginResult(ctx: Context, issued: IssuedSession): Promise<LoginResult> {
  const person = await ctx.loaders.get(personById).load(issued.personId);
  if (!person) throw new Error('A session was issued for a person who does not exist.');
  return {
    token: issued.token,
    expiresAt: issued.expiresAt,
    refreshToken: issued.refreshToken,
    refreshExpiresAt: issued.refreshExpiresAt,
    viewer: { id: person.id, name: person.name, email: person.email, roles: rolesOf(issued.actor) },
  };
}

/** Signing in and out; the logic is the auth domain's (api/auth/sessions.service.ts). */
@Resolver()
export class SessionsResolver {
  @Mutation(() => LoginResult, {
    description: 'Signs in. A wrong email or password is UNAUTHENTICATED; repeated failures are RATE_LIMITED for a while.',
  })
  async login(
    @Ctx() ctx: Context,
    @Arg('email', () => String, { description: 'The email the account signs in with; case and surrounding spaces do not matter.' })
    email: string,
    @Arg('password', () => String, { description: 'The account’s password, compared exactly (spaces count).' }) password: string,
  ) {
    return toLoginResult(ctx, await ctx.services.sessions.login(ctx, email, password));
  }

  @Mutation(() => LoginResult, { description: 'Swaps a refresh token for a new token and refresh token; each refresh token works once.' })
  async refreshSession(
    @Ctx() ctx: Context,
    @Arg('refreshToken', () => String, {
      description:
        'The session’s latest `refreshToken`, before its refreshExpiresAt. ' +
        'A spent one is refused and ends the session, as a sign the token was copied.',
    })
    refreshToken: string,
  ) {
    return toLoginResult(ctx, await ctx.services.sessions.refresh(ctx, refreshToken));
  }

  @Authorized()
  @Mutation(() => Boolean, { description: 'Ends this session: its token and refresh token stop working at once.' })
  logout(@Ctx() ctx: Context): Promise<boolean> {
    return ctx.services.sessions.logout(ctx);
  }
}
