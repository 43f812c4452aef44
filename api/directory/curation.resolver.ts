import { Arg, Authorized, Ctx, FieldResolver, Mutation, Resolver, Root } from 'type-graphql';
import { ID } from '../graphql/scalars.js';
import type { Context } from '../context.js';
import { UpdateProviderInput, UpsertServiceInput } from './curation.inputs.js';
import { ProviderStatus } from './directory.enums.js';
import { Provider } from './provider.entity.js';
import { ProviderStatusChange } from './provider-status-change.entity.js';
import { Service } from './service.entity.js';

/** Directory curation: every change goes through DirectoryCurationService, which checks and audits it. */
@Resolver()
export class CurationResolver {
  @Authorized('COORDINATOR')
  @Mutation(() => Provider, { description: 'A coordinator edits their provider’s listing.' })
  updateProvider(
    @Ctx() ctx: Context,
    @Arg('input', () => UpdateProviderInput, {
      description: 'The provider (one you coordinate, or any for admins) and the fields to change; the others stay as they are.',
    })
    input: UpdateProviderInput,
  ) {
    const { id, ...edit } = input;
    return ctx.services.curation.updateProvider(ctx, id, edit);
  }

  @Authorized('COORDINATOR')
  @Mutation(() => Service, { description: 'A coordinator adds or changes one of their provider’s services.' })
  upsertService(
    @Ctx() ctx: Context,
    @Arg('input', () => UpsertServiceInput, {
      description: 'The service: without id a new one of providerId; with id, that service of providerId, changed.',
    })
    input: UpsertServiceInput,
  ) {
    return ctx.services.curation.upsertService(ctx, input);
  }

  @Authorized('COUNCIL_OFFICER')
  @Mutation(() => Provider, { description: 'An officer of a council the provider serves publishes its listing.' })
  publishProvider(
    @Ctx() ctx: Context,
    @Arg('id', () => ID, {
      description:
        'The provider (Provider.id), in any status: one based in or serving your council’s postcode districts, or any for admins.',
    })
    id: string,
  ) {
    return ctx.services.curation.setProviderStatus(ctx, id, ProviderStatus.PUBLISHED);
  }

  @Authorized('COUNCIL_OFFICER')
  @Mutation(() => Provider, { description: 'An officer of a council the provider serves takes its listing down.' })
  suspendProvider(
    @Ctx() ctx: Context,
    @Arg('id', () => ID, {
      description:
        'The provider (Provider.id), in any status: one based in or serving your council’s postcode districts, or any for admins.',
    })
    id: string,
    @Arg('reason', () => String, {
      nullable: true,
      description:
        'Why (up to 1000 characters): kept in the listing’s `statusChanges`, which only officers of its councils and admins read; ' +
        'never in the audit trail or public.',
    })
    reason?: string | null,
  ) {
    return ctx.services.curation.setProviderStatus(ctx, id, ProviderStatus.SUSPENDED, reason);
  }
}

@Resolver(() => Provider)
export class ProviderStatusChangesResolver {
  @FieldResolver(() => [ProviderStatusChange], {
    nullable: true,
    description:
      'Each publish and suspend of the listing with the officer’s reason, newest first. ' +
      'Only for officers of a council the provider is based in or serves, and admins; null for anyone else.',
  })
  statusChanges(@Root() provider: Provider, @Ctx() ctx: Context) {
    return ctx.services.curation.statusChanges(ctx, ctx.loaders, provider.id);
  }
}
