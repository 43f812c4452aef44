import { Arg, Args, Authorized, Ctx, FieldResolver, ID, Mutation, Query, Resolver, Root } from 'type-graphql';
import { PageArgs } from '../common/connection.js';
import type { Context } from '../context.js';
import { rolesOf } from './actor.js';
import { personById } from './accounts.loaders.js';
import { ApiKey } from './api-key.entity.js';
import {
  ApiKeyConnection,
  CreateApiKeyInput,
  CreatedApiKey,
  CreateWidgetSessionInput,
  GrantRepresentativeRightsInput,
  LoginResult,
  RecordCapacityAssessmentInput,
  RevokeRepresentativeRightsInput,
  Viewer,
  WidgetSession,
} from './accounts.types.js';
import type { IssuedSession } from './accounts.service.js';
import { Person } from './person.entity.js';
import { RepresentativeGrant } from './representative-grant.entity.js';
import { StaffMembership } from './staff-membership.entity.js';

function toLoginResult(issued: IssuedSession): LoginResult {
  const { person, actor } = issued;
  return {
    token: issued.token,
    expiresAt: issued.expiresAt,
    refreshToken: issued.refreshToken,
    refreshExpiresAt: issued.refreshExpiresAt,
    viewer: { id: person.id, name: person.name, email: person.email, roles: rolesOf(actor) },
  };
}

@Resolver()
export class AccountsResolver {
  @Query(() => Viewer, { nullable: true, description: 'The signed-in person; null without a sign-in token.' })
  async me(@Ctx() ctx: Context): Promise<Viewer | null> {
    if (ctx.actor.kind !== 'person') return null;
    const person = await ctx.loaders.get(personById).load(ctx.actor.personId);
    return person && { id: person.id, name: person.name, email: person.email, roles: rolesOf(ctx.actor) };
  }

  @Mutation(() => LoginResult, { description: 'Signs in. A wrong email or password is UNAUTHENTICATED; repeated failures are RATE_LIMITED for a while.' })
  async login(@Ctx() ctx: Context, @Arg('email', () => String) email: string, @Arg('password', () => String) password: string) {
    return toLoginResult(await ctx.services.accounts.login(ctx, email, password));
  }

  @Mutation(() => LoginResult, { description: 'Swaps a refresh token for a new token and refresh token; each refresh token works once.' })
  async refreshSession(@Ctx() ctx: Context, @Arg('refreshToken', () => String) refreshToken: string) {
    return toLoginResult(await ctx.services.accounts.refresh(ctx, refreshToken));
  }

  @Authorized()
  @Mutation(() => Boolean, { description: 'Ends this session: its token and refresh token stop working at once.' })
  logout(@Ctx() ctx: Context): Promise<boolean> {
    return ctx.services.accounts.logout(ctx);
  }

  @Authorized()
  @Mutation(() => [RepresentativeGrant], { description: 'Gives a representative rights; returns all the person’s live grants.' })
  grantRepresentativeRights(@Ctx() ctx: Context, @Arg('input', () => GrantRepresentativeRightsInput) input: GrantRepresentativeRightsInput) {
    return ctx.services.accounts.grantRepresentativeRights(ctx, input);
  }

  @Authorized()
  @Mutation(() => [RepresentativeGrant], { description: 'Takes rights back (or gives up your own); returns the person’s remaining live grants.' })
  revokeRepresentativeRights(@Ctx() ctx: Context, @Arg('input', () => RevokeRepresentativeRightsInput) input: RevokeRepresentativeRightsInput) {
    return ctx.services.accounts.revokeRepresentativeRights(ctx, input);
  }

  @Authorized('COUNCIL_OFFICER')
  @Mutation(() => Person, { description: 'Records a capacity assessment for a person of your council.' })
  recordCapacityAssessment(@Ctx() ctx: Context, @Arg('input', () => RecordCapacityAssessmentInput) input: RecordCapacityAssessmentInput) {
    return ctx.services.accounts.recordCapacityAssessment(ctx, input);
  }

  @Authorized('COUNCIL_OFFICER')
  @Query(() => ApiKeyConnection, { description: 'Partner API keys: all of them for admins, their council’s for officers.' })
  apiKeys(@Ctx() ctx: Context, @Args(() => PageArgs) page: PageArgs) {
    return ctx.services.accounts.listApiKeys(ctx, page.first, page.after);
  }

  @Authorized('COUNCIL_OFFICER')
  @Mutation(() => CreatedApiKey, { description: 'Issues a partner API key. Its secret is in the answer and nowhere else.' })
  createApiKey(@Ctx() ctx: Context, @Arg('input', () => CreateApiKeyInput) input: CreateApiKeyInput) {
    return ctx.services.accounts.createApiKey(ctx, input);
  }

  @Authorized('COUNCIL_OFFICER')
  @Mutation(() => ApiKey, { description: 'Revokes a key at once, and every widget session made with it.' })
  revokeApiKey(@Ctx() ctx: Context, @Arg('id', () => ID) id: string) {
    return ctx.services.accounts.revokeApiKey(ctx, id);
  }

  @Authorized('PARTNER')
  @Mutation(() => WidgetSession, { description: 'A partner’s server mints a widget session for one person, purpose and origin.' })
  createWidgetSession(@Ctx() ctx: Context, @Arg('input', () => CreateWidgetSessionInput) input: CreateWidgetSessionInput) {
    return ctx.services.accounts.createWidgetSession(ctx, input);
  }
}

@Resolver(() => Viewer)
export class ViewerResolver {
  @FieldResolver(() => [StaffMembership], { description: 'Providers and councils you work for.' })
  staffOf(@Root() viewer: Viewer, @Ctx() ctx: Context) {
    return ctx.services.accounts.staffOf(viewer.id);
  }

  @FieldResolver(() => [RepresentativeGrant], { description: 'Rights others gave you to act for them.' })
  representing(@Root() viewer: Viewer, @Ctx() ctx: Context) {
    return ctx.services.accounts.grantsHeldBy(viewer.id);
  }

  @FieldResolver(() => [RepresentativeGrant], { description: 'Rights you gave your representatives.' })
  representatives(@Root() viewer: Viewer, @Ctx() ctx: Context) {
    return ctx.services.accounts.grantsForPerson(viewer.id);
  }
}

@Resolver(() => RepresentativeGrant)
export class RepresentativeGrantResolver {
  @FieldResolver(() => Person, { nullable: true, description: 'Who is represented.' })
  person(@Root() grant: RepresentativeGrant, @Ctx() ctx: Context) {
    return ctx.loaders.get(personById).load(grant.personId);
  }

  @FieldResolver(() => Person, { nullable: true })
  representative(@Root() grant: RepresentativeGrant, @Ctx() ctx: Context) {
    return ctx.loaders.get(personById).load(grant.representativeId);
  }
}
