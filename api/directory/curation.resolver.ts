import { Arg, Authorized, Ctx, Field, Float, InputType, Int, Mutation, Resolver } from 'type-graphql';
import { ID } from '../graphql/scalars.js';
import type { Context } from '../context.js';
import { DayOfWeek, MemberClass, ProviderStatus, ServiceStatus } from './directory.enums.js';
import { Provider } from './provider.entity.js';
import { Service } from './service.entity.js';

@InputType({ description: 'One opening in a weekly schedule, UK local time.' })
export class OpeningTimeInput {
  @Field(() => DayOfWeek)
  dayOfWeek: DayOfWeek;

  @Field(() => String, { description: 'HH:MM, 24-hour.' })
  opens: string;

  @Field(() => String, { description: 'HH:MM, 24-hour; after opens. A day\'s openings may touch but not overlap.' })
  closes: string;
}

@InputType({ description: 'An area covered: a postcode district (`outcode`), or `latitude`, `longitude` and `radiusMiles` (more than 0, at most 100); not both.' })
export class ServiceAreaInput {
  @Field(() => String, { nullable: true, description: 'A postcode district, e.g. "HD7".' })
  outcode?: string | null;

  @Field(() => Float, { nullable: true })
  latitude?: number | null;

  @Field(() => Float, { nullable: true })
  longitude?: number | null;

  @Field(() => Float, { nullable: true })
  radiusMiles?: number | null;
}

@InputType({ description: 'How many members of one class a co-operative has.' })
export class MemberClassCountInput {
  @Field(() => MemberClass)
  memberClass: MemberClass;

  @Field(() => Int, { description: '0 or more.' })
  memberCount: number;
}

@InputType({ description: 'Board seats reserved for one class of member.' })
export class BoardSeatInput {
  @Field(() => MemberClass)
  memberClass: MemberClass;

  @Field(() => Int, { description: '0 or more.' })
  seats: number;
}

@InputType({
  description:
    'A place the provider works from. With `id`, that location is changed in place (its id, and the ORUK service_at_location ids made from it, stay); without, a new one.',
})
export class ProviderLocationInput {
  @Field(() => ID, { nullable: true, description: 'One of this provider’s locations, to change it; leave out for a new one.' })
  id?: string | null;

  @Field(() => String)
  name: string;

  @Field(() => String)
  addressLine1: string;

  @Field(() => String, { nullable: true })
  addressLine2?: string | null;

  @Field(() => String)
  town: string;

  @Field(() => String, { description: 'A full UK postcode; stored normalised ("HD7 5AB").' })
  postcode: string;

  @Field(() => Float, { nullable: true, description: 'With longitude; when both are left out, the postcode’s point.' })
  latitude?: number | null;

  @Field(() => Float, { nullable: true })
  longitude?: number | null;
}

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

  @Field(() => String, { nullable: true, description: 'At most 100 characters.' })
  registrationNumber?: string | null;

  @Field(() => String, { nullable: true, description: 'An email address, at most 320 characters.' })
  contactEmail?: string | null;

  @Field(() => String, { nullable: true, description: 'At most 100 characters.' })
  contactPhone?: string | null;

  @Field(() => String, { nullable: true, description: 'An http(s) address, at most 2,000 characters.' })
  website?: string | null;

  @Field(() => Boolean, { nullable: true })
  paysRealLivingWage?: boolean | null;

  @Field(() => Float, { nullable: true })
  staffTurnoverPercent?: number | null;

  @Field(() => [MemberClassCountInput], { nullable: true, description: 'Replaces the member classes; each class at most once; [] clears them.' })
  memberClasses?: MemberClassCountInput[] | null;

  @Field(() => [BoardSeatInput], { nullable: true, description: 'Replaces the board seats; each class at most once; [] clears them.' })
  boardSeats?: BoardSeatInput[] | null;

  @Field(() => [ServiceAreaInput], { nullable: true, description: 'Replaces the areas the provider as a whole covers (not its services’ own); [] clears them.' })
  serviceAreas?: ServiceAreaInput[] | null;

  @Field(() => [ProviderLocationInput], {
    nullable: true,
    description: 'Every location the provider keeps: those with an id are changed, those without added, any not listed removed.',
  })
  locations?: ProviderLocationInput[] | null;
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

  @Field(() => Int, { nullable: true, description: 'Youngest age served, in years (0 to 150); null clears it.' })
  minimumAge?: number | null;

  @Field(() => Int, { nullable: true, description: 'Oldest age served, in years (0 to 150, not below minimumAge); null clears it.' })
  maximumAge?: number | null;

  @Field(() => [OpeningTimeInput], { nullable: true, description: 'Replaces the weekly schedule (at most 4 openings a day); [] clears it.' })
  openingTimes?: OpeningTimeInput[] | null;

  @Field(() => [ServiceAreaInput], { nullable: true, description: 'Replaces the service’s own areas, beyond its provider’s; [] clears them.' })
  areas?: ServiceAreaInput[] | null;

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
