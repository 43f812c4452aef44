import { Arg, Args, Authorized, Ctx, FieldResolver, Mutation, Query, Resolver, Root } from 'type-graphql';
import { ID } from '../graphql/scalars.js';
import { PageArgs } from '../common/connection.js';
import type { Context } from '../context.js';
import { rolesOf } from '../auth/actor.js';
import { mayReadReasonsAbout } from './people.service.js';
import { personById } from './accounts.loaders.js';
import { ApiKey } from './api-key.entity.js';
import {
  ApiKeyConnection,
  CreateApiKeyInput,
  CreatedApiKey,
  CreateWidgetSessionInput,
  GiveWidgetConsentInput,
  GrantRepresentativeRightsInput,
  RevokeRepresentativeRightsInput,
  RevokeWidgetConsentInput,
  Viewer,
  WidgetPartner,
  WidgetSession,
  WidgetViewer,
} from './accounts.types.js';
import { WidgetConsent } from './widget-consent.entity.js';
import { Person } from './person.entity.js';
import { RepresentativeGrant } from './representative-grant.entity.js';
import { StaffMembership } from './staff-membership.entity.js';

@Resolver()
export class AccountsResolver {
  @Query(() => Viewer, { nullable: true, description: 'The signed-in person; null without a sign-in token.' })
  async me(@Ctx() ctx: Context): Promise<Viewer | null> {
    if (ctx.actor.kind !== 'person') return null;
    const person = await ctx.loaders.get(personById).load(ctx.actor.personId);
    return person && { id: person.id, name: person.name, email: person.email, roles: rolesOf(ctx.actor) };
  }

  @Query(() => WidgetViewer, {
    nullable: true,
    description: 'For a widget session (`session-token`): the person it acts for and its purpose; null for any other caller.',
  })
  async widgetViewer(@Ctx() ctx: Context): Promise<WidgetViewer | null> {
    if (ctx.actor.kind !== 'widget') return null;
    const person = await ctx.loaders.get(personById).load(ctx.actor.personId);
    return person && { id: person.id, name: person.name, purpose: ctx.actor.purpose, expiresAt: ctx.actor.expiresAt };
  }

  @Authorized()
  @Mutation(() => [RepresentativeGrant], {
    description:
      'Invites a representative by email; the rights take effect when they accept. ' +
      'Returns all the person’s live grants, pending and active.',
  })
  grantRepresentativeRights(
    @Ctx() ctx: Context,
    @Arg('input', () => GrantRepresentativeRightsInput, {
      description: 'Whom to invite, for whom (yourself, or as an officer or admin a person who lacks capacity) and which rights.',
    })
    input: GrantRepresentativeRightsInput,
  ) {
    return ctx.services.representatives.grantRepresentativeRights(ctx, input);
  }

  @Authorized()
  @Mutation(() => [RepresentativeGrant], {
    description: 'Takes rights back (or gives up your own); returns the person’s remaining live grants.',
  })
  revokeRepresentativeRights(
    @Ctx() ctx: Context,
    @Arg('input', () => RevokeRepresentativeRightsInput, {
      description: 'Whose representative loses which rights; a representative may name themself to give rights up.',
    })
    input: RevokeRepresentativeRightsInput,
  ) {
    return ctx.services.representatives.revokeRepresentativeRights(ctx, input);
  }

  @Authorized()
  @Mutation(() => [RepresentativeGrant], {
    description: 'Accepts the pending invitations a person sent to your email; returns the rights you now hold for them.',
  })
  acceptRepresentativeInvitation(
    @Ctx() ctx: Context,
    @Arg('personId', () => ID, {
      description: 'The person whose invitations to accept (`person` of a grant in `me.representativeInvitations`).',
    })
    personId: string,
  ) {
    return ctx.services.representatives.acceptRepresentativeInvitation(ctx, personId);
  }

  @Authorized()
  @Mutation(() => Boolean, { description: 'Turns down the pending invitations a person sent to your email.' })
  declineRepresentativeInvitation(
    @Ctx() ctx: Context,
    @Arg('personId', () => ID, {
      description: 'The person whose invitations to decline (`person` of a grant in `me.representativeInvitations`).',
    })
    personId: string,
  ) {
    return ctx.services.representatives.declineRepresentativeInvitation(ctx, personId);
  }

  @Authorized()
  @Query(() => [WidgetPartner], {
    description: 'Partners of the person’s council whose pages may open widgets (yourself when personId is left out).',
  })
  async widgetPartners(
    @Ctx() ctx: Context,
    @Arg('personId', () => ID, {
      nullable: true,
      description: 'Whose council’s partners: yourself when left out; another person only for their council’s officers and admins.',
    })
    personId?: string | null,
  ): Promise<WidgetPartner[]> {
    return (await ctx.services.partners.widgetPartners(ctx, personId)).map(toWidgetPartner);
  }

  @Authorized()
  @Mutation(() => WidgetConsent, {
    description:
      'Lets a partner open widgets (and mint widget sessions) for you; ' +
      'an officer may do it for a person who lacks capacity, with a reason.',
  })
  giveWidgetConsent(
    @Ctx() ctx: Context,
    @Arg('input', () => GiveWidgetConsentInput, {
      description: 'The partner (one of `widgetPartners`) and, when an officer acts, the person and the reason.',
    })
    input: GiveWidgetConsentInput,
  ) {
    return ctx.services.partners.giveWidgetConsent(ctx, input);
  }

  @Authorized()
  @Mutation(() => Boolean, {
    description: 'Withdraws a consent; the partner’s widget sessions for the person end at once. False if there was none.',
  })
  revokeWidgetConsent(
    @Ctx() ctx: Context,
    @Arg('input', () => RevokeWidgetConsentInput, {
      description: 'The partner whose consent ends and, when an officer acts, the person and the reason.',
    })
    input: RevokeWidgetConsentInput,
  ) {
    return ctx.services.partners.revokeWidgetConsent(ctx, input);
  }

  @Authorized('COUNCIL_OFFICER')
  @Query(() => ApiKeyConnection, { description: 'Partner API keys: all of them for admins, their council’s for officers.' })
  apiKeys(@Ctx() ctx: Context, @Args(() => PageArgs) page: PageArgs) {
    return ctx.services.partners.listApiKeys(ctx, page.first, page.after);
  }

  @Authorized('COUNCIL_OFFICER')
  @Mutation(() => CreatedApiKey, { description: 'Issues a partner API key. Its secret is in the answer and nowhere else.' })
  createApiKey(
    @Ctx() ctx: Context,
    @Arg('input', () => CreateApiKeyInput, {
      description: 'The partner, the issuing council (yours, or any for admins), the scopes and the allowed web origins (at most 20).',
    })
    input: CreateApiKeyInput,
  ) {
    return ctx.services.partners.createApiKey(ctx, input);
  }

  @Authorized('COUNCIL_OFFICER')
  @Mutation(() => ApiKey, { description: 'Revokes a key at once, and every widget session made with it.' })
  revokeApiKey(
    @Ctx() ctx: Context,
    @Arg('id', () => ID, {
      description: 'The key (ApiKey.id): one of your council’s, or any for admins. Revoking a revoked key changes nothing.',
    })
    id: string,
  ) {
    return ctx.services.partners.revokeApiKey(ctx, id);
  }

  @Authorized('PARTNER')
  @Mutation(() => WidgetSession, { description: 'A partner’s server mints a widget session for one person, purpose and origin.' })
  createWidgetSession(
    @Ctx() ctx: Context,
    @Arg('input', () => CreateWidgetSessionInput, {
      description: 'The person (of the key’s council, consenting to this key), the purpose, the page’s origin and the lifetime.',
    })
    input: CreateWidgetSessionInput,
  ) {
    return ctx.services.partners.createWidgetSession(ctx, input);
  }
}

@Resolver(() => Viewer)
export class ViewerResolver {
  @FieldResolver(() => [StaffMembership], { description: 'Providers and councils you work for.' })
  staffOf(@Root() viewer: Viewer, @Ctx() ctx: Context) {
    return ctx.services.people.staffOf(viewer.id);
  }

  @FieldResolver(() => [RepresentativeGrant], { description: 'Rights others gave you to act for them.' })
  representing(@Root() viewer: Viewer, @Ctx() ctx: Context) {
    return ctx.services.representatives.grantsHeldBy(viewer.id);
  }

  @FieldResolver(() => [RepresentativeGrant], { description: 'Rights you gave your representatives, in force and invited.' })
  representatives(@Root() viewer: Viewer, @Ctx() ctx: Context) {
    return ctx.services.representatives.grantsForPerson(viewer.id);
  }

  @FieldResolver(() => [RepresentativeGrant], { description: 'Invitations to represent someone, waiting for you to accept or decline.' })
  representativeInvitations(@Root() viewer: Viewer, @Ctx() ctx: Context) {
    return ctx.services.representatives.invitationsFor(viewer.id);
  }

  @FieldResolver(() => [WidgetConsent], { description: 'Partners you let open widgets for you.' })
  widgetConsents(@Root() viewer: Viewer, @Ctx() ctx: Context) {
    return ctx.services.partners.widgetConsentsOf(viewer.id);
  }
}

@Resolver(() => RepresentativeGrant)
export class RepresentativeGrantResolver {
  @FieldResolver(() => Person, { nullable: true, description: 'Who is represented.' })
  person(@Root() grant: RepresentativeGrant, @Ctx() ctx: Context) {
    return ctx.loaders.get(personById).load(grant.personId);
  }

  @FieldResolver(() => Person, { nullable: true, description: 'Null while the invitation is pending.' })
  representative(@Root() grant: RepresentativeGrant, @Ctx() ctx: Context) {
    return grant.representativeId ? ctx.loaders.get(personById).load(grant.representativeId) : null;
  }

  @FieldResolver(() => String, {
    nullable: true,
    description:
      'Why an officer granted it for a person who lacks capacity; null when the person did. ' +
      'Shown only to the person, an officer of their council and admins.',
  })
  async grantReason(@Root() grant: RepresentativeGrant, @Ctx() ctx: Context): Promise<string | null> {
    return grant.grantReason && (await this.mayReadReasons(grant, ctx)) ? grant.grantReason : null;
  }

  @FieldResolver(() => String, { nullable: true, description: 'Why it was revoked; shown as grantReason is.' })
  async revokeReason(@Root() grant: RepresentativeGrant, @Ctx() ctx: Context): Promise<string | null> {
    return grant.revokeReason && (await this.mayReadReasons(grant, ctx)) ? grant.revokeReason : null;
  }

  private async mayReadReasons(grant: RepresentativeGrant, ctx: Context): Promise<boolean> {
    const person = await ctx.loaders.get(personById).load(grant.personId);
    return !!person && mayReadReasonsAbout(ctx.actor, person);
  }
}

@Resolver(() => WidgetConsent)
export class WidgetConsentResolver {
  @FieldResolver(() => WidgetPartner, {
    nullable: true,
    description: 'The partner the consent is for: its organisation, what it uses the key for and the origins its widgets may run on.',
  })
  async partner(@Root() consent: WidgetConsent, @Ctx() ctx: Context): Promise<WidgetPartner | null> {
    const key = await ctx.services.partners.apiKeyById(consent.apiKeyId);
    return key && toWidgetPartner(key);
  }
}

function toWidgetPartner(key: ApiKey): WidgetPartner {
  return { id: key.id, organisationName: key.organisationName, name: key.name, allowedOrigins: key.allowedOrigins };
}
