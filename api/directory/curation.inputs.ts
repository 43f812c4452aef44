import { Field, Float, InputType, Int } from 'type-graphql';
import { ID } from '../graphql/scalars.js';
import { CqcRating, DayOfWeek, LegalForm, MemberClass, ProviderStatus, ServiceStatus } from './directory.enums.js';

/**
 * A listing edit, defined once: the GraphQL inputs of curation's mutations are the types the curation
 * service and the listings writer take. Seeding adds, in `NewProvider`, the fields no mutation sets.
 */

@InputType({ description: 'One opening in a weekly schedule, UK local time.' })
export class OpeningTimeInput {
  @Field(() => DayOfWeek)
  dayOfWeek: DayOfWeek;

  @Field(() => String, { description: 'HH:MM, 24-hour.' })
  opens: string;

  @Field(() => String, { description: "HH:MM, 24-hour; after opens. A day's openings may touch but not overlap." })
  closes: string;
}

@InputType({
  description:
    'An area covered: a postcode district (`outcode`), or `latitude`, `longitude` and `radiusMiles` (more than 0, at most 100); not both.',
})
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

  @Field(() => [MemberClassCountInput], {
    nullable: true,
    description: 'Replaces the member classes; each class at most once; [] clears them.',
  })
  memberClasses?: MemberClassCountInput[] | null;

  @Field(() => [BoardSeatInput], { nullable: true, description: 'Replaces the board seats; each class at most once; [] clears them.' })
  boardSeats?: BoardSeatInput[] | null;

  @Field(() => [ServiceAreaInput], {
    nullable: true,
    description: 'Replaces the areas the provider as a whole covers (not its services’ own); [] clears them.',
  })
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

  @Field(() => [OpeningTimeInput], {
    nullable: true,
    description: 'Replaces the weekly schedule (at most 4 openings a day); [] clears it.',
  })
  openingTimes?: OpeningTimeInput[] | null;

  @Field(() => [ServiceAreaInput], {
    nullable: true,
    description: 'Replaces the service’s own areas, beyond its provider’s; [] clears them.',
  })
  areas?: ServiceAreaInput[] | null;

  @Field(() => ServiceStatus, { nullable: true })
  status?: ServiceStatus | null;
}

/** What seeding and tests set on a provider besides what its coordinators edit. */
export interface ProviderSeedFields {
  slug: string;
  legalForm: LegalForm;
  isCooperative: boolean;
  status?: ProviderStatus;
  cqcRating?: CqcRating;
  cqcLocationId?: string | null;
  consortiumId?: string | null;
  parentId?: string | null;
}

/** A whole provider listing, as seeding creates one. */
export type NewProvider = Omit<UpdateProviderInput, 'id'> & ProviderSeedFields & { name: string };

/** Changes to a provider: its coordinators' fields (curation) and, from seeding, tests and publishing, the rest. */
export type ProviderChanges = Omit<UpdateProviderInput, 'id'> & Partial<ProviderSeedFields>;

export type NewService = Omit<UpsertServiceInput, 'id'>;

/** Changes to an existing service; those left out stay as they are. */
export type ServiceChanges = Partial<Omit<UpsertServiceInput, 'id' | 'providerId'>>;

/** The sets an UpdateProviderInput may replace; each given replaces the provider's, [] clears it. */
export const PROVIDER_SETS = ['memberClasses', 'boardSeats', 'serviceAreas', 'locations'] as const;

/** Provider fields that null clears; for the others (their column is never empty) null means "leave as it is". */
const PROVIDER_FIELDS_NULL_CLEARS = [
  'registrationNumber',
  'contactEmail',
  'contactPhone',
  'website',
  'staffTurnoverPercent',
  'cqcLocationId',
  'consortiumId',
  'parentId',
] as const;
/** A service's only fields that null clears: its age limits. */
const SERVICE_FIELDS_NULL_CLEARS = ['minimumAge', 'maximumAge'] as const;

/** The fields of an input that say something: those given, null only where null clears the field. */
type Given<T, NullClears extends PropertyKey> = { [K in keyof T]?: K extends NullClears ? T[K] : Exclude<T[K], null> };

export function givenProviderFields<T extends object>(input: T): Given<T, (typeof PROVIDER_FIELDS_NULL_CLEARS)[number]> {
  return given(input, PROVIDER_FIELDS_NULL_CLEARS);
}

export function givenServiceFields<T extends object>(input: T): Given<T, (typeof SERVICE_FIELDS_NULL_CLEARS)[number]> {
  return given(input, SERVICE_FIELDS_NULL_CLEARS);
}

function given<T extends object, C extends string>(input: T, nullClears: readonly C[]): Given<T, C> {
  return Object.fromEntries(
    Object.entries(input).filter(([k, v]) => v !== undefined && (v !== null || (nullClears as readonly string[]).includes(k))),
  ) as Given<T, C>;
}
