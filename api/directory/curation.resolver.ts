import { Arg, Authorized, Ctx, Mutation, Resolver } from 'type-graphql';
import { ID } from '../graphql/scalars.js';
import type { Context } from '../context.js';
import { UpdateProviderInput, UpsertServiceInput } from './curation.inputs.js';
import { ProviderStatus } from './directory.enums.js';
import { Provider } from './provider.entity.js';
import { Service } from './service.entity.js';

/** Directory curation: every change goes through DirectoryCurationService, which checks and audits it. */
@Resolver()
export class CurationResolver {
  @Authorized('COORDINATOR')
  @Mutation(() => Provider, { description: 'A coordinator edits their provider’s listing.' })
  updateProvider(@Ctx() ctx: Context, @Arg('input', () => UpdateProviderInput) input: UpdateProviderInput) {
    const { id, ...edit } = input;
    return ctx.services.curation.updateProvider(ctx, id, edit);
  }

  @Authorized('COORDINATOR')
  @Mutation(() => Service, { description: 'A coordinator adds or changes one of their provider’s services.' })
  upsertService(@Ctx() ctx: Context, @Arg('input', () => UpsertServiceInput) input: UpsertServiceInput) {
    return ctx.services.curation.upsertService(ctx, input);
  }

  @Authorized('COUNCIL_OFFICER')
  @Mutation(() => Provider, { description: 'An officer of a council the provider serves publishes its listing.' })
  publishProvider(@Ctx() ctx: Context, @Arg('id', () => ID) id: string) {
    return ctx.services.curation.setProviderStatus(ctx, id, ProviderStatus.PUBLISHED);
  }

  @Authorized('COUNCIL_OFFICER')
  @Mutation(() => Provider, { description: 'An officer of a council the provider serves takes its listing down.' })
  suspendProvider(
    @Ctx() ctx: Context,
    @Arg('id', () => ID) id: string,
    @Arg('reason', () => String, { nullable: true }) reason?: string | null,
  ) {
    return ctx.services.curation.setProviderStatus(ctx, id, ProviderStatus.SUSPENDED, reason);
  }
}
