import { Arg, Authorized, Ctx, Field, Float, ID, InputType, Int, Mutation, Resolver } from 'type-graphql';
import type { Context } from '../context.js';
import { ProviderStatus, ServiceStatus } from '../directory/directory.enums.js';
import { Provider } from '../directory/provider.entity.js';
import { Service } from '../directory/service.entity.js';

@InputType({ description: 'Listing fields a coordinator may change; omitted fields stay as they are.' })
export class UpdateProviderInput {
  @Field(() => ID)
  id: string;

  @Field(() => String, { nullable: true })
  name?: string | null;

  @Field(() => String, { nullable: true })
  summary?: string | null;

  @Field(() => String, { nullable: true })
  description?: string | null;

  @Field(() => String, { nullable: true })
  registrationNumber?: string | null;

  @Field(() => String, { nullable: true })
  contactEmail?: string | null;

  @Field(() => String, { nullable: true })
  contactPhone?: string | null;

  @Field(() => String, { nullable: true })
  website?: string | null;

  @Field(() => Boolean, { nullable: true })
  paysRealLivingWage?: boolean | null;

  @Field(() => Float, { nullable: true })
  staffTurnoverPercent?: number | null;
}

@InputType({ description: 'A service to create (no id) or change (with id).' })
export class UpsertServiceInput {
  @Field(() => ID, { nullable: true })
  id?: string | null;

  @Field(() => ID)
  providerId: string;

  @Field(() => String, { description: 'Category slug.' })
  category: string;

  @Field(() => String)
  name: string;

  @Field(() => String, { nullable: true })
  description?: string | null;

  @Field(() => Int)
  hourlyRatePence: number;

  @Field(() => Int, { nullable: true })
  minimumVisitMinutes?: number | null;

  @Field(() => Int, { nullable: true })
  travelChargePencePerVisit?: number | null;

  @Field(() => Int, { nullable: true })
  cancellationNoticeHours?: number | null;

  @Field(() => Boolean, { nullable: true })
  acceptsDirectPayments?: boolean | null;

  @Field(() => Boolean, { nullable: true })
  acceptsCouncilManagedBudgets?: boolean | null;

  @Field(() => Boolean, { nullable: true })
  acceptsIndividualServiceFunds?: boolean | null;

  @Field(() => [String], { nullable: true })
  languages?: string[] | null;

  @Field(() => ServiceStatus, { nullable: true })
  status?: ServiceStatus | null;
}

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
  suspendProvider(@Ctx() ctx: Context, @Arg('id', () => ID) id: string, @Arg('reason', () => String, { nullable: true }) reason?: string | null) {
    return ctx.services.curation.setProviderStatus(ctx, id, ProviderStatus.SUSPENDED, reason);
  }
}
