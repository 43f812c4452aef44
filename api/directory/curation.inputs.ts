import { Field, Float, InputType, Int } from 'type-graphql';
import { ID } from '../graphql/scalars.js';
import { CqcRating, DayOfWeek, LateCancellationPolicy, LegalForm, MemberClass, ProviderStatus, ServiceStatus } from './directory.enums.js';

/**
 * A listing edit, defined once: the GraphQL inputs of curation's mutations are the types the curation
 * service and the listings writer take. Seeding adds, in `NewProvider`, the fields no mutation sets.
 */

@InputType({ description: 'One opening in a weekly schedule, UK local time.' })
export class OpeningTimeInput {
  @Field(() => DayOfWeek, { description: 'The day the opening falls on; a day has at most 4 openings.' })
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

  @Field(() => Float, {
    nullable: true,
    description: 'WGS84 degrees, 49 to 61.5: the centre of a radius area, given with longitude and radiusMiles.',
  })
  latitude?: number | null;

  @Field(() => Float, {
    nullable: true,
    description: 'WGS84 degrees, -8.9 to 2.1: the centre of a radius area, given with latitude and radiusMiles.',
  })
  longitude?: number | null;

  @Field(() => Float, { nullable: true, description: 'Miles around the centre the area covers: more than 0, at most 100.' })
  radiusMiles?: number | null;
}

@InputType({ description: 'How many members of one class a co-operative has.' })
export class MemberClassCountInput {
  @Field(() => MemberClass, { description: 'The class counted; each class at most once in a list.' })
  memberClass: MemberClass;

  @Field(() => Int, { description: 'How many members of the class: a whole number from 0 to 10,000,000.' })
  memberCount: number;
}

@InputType({ description: 'Board seats reserved for one class of member.' })
export class BoardSeatInput {
  @Field(() => MemberClass, { description: 'The class the seats are reserved for; each class at most once in a list.' })
  memberClass: MemberClass;

  @Field(() => Int, { description: 'How many board seats the class elects: a whole number from 0 to 10,000,000.' })
  seats: number;
}

@InputType({
  description:
    'A place the provider works from. With `id`, that location is changed in place ' +
    '(its id, and the ORUK service_at_location ids made from it, stay); without, a new one.',
})
export class ProviderLocationInput {
  @Field(() => ID, { nullable: true, description: 'One of this provider’s locations, to change it; leave out for a new one.' })
  id?: string | null;

  @Field(() => String, { description: 'What the provider calls the place, e.g. "Slaithwaite office"; 1 to 200 characters, trimmed.' })
  name: string;

  @Field(() => String, { description: 'First line of the street address; 1 to 200 characters, trimmed.' })
  addressLine1: string;

  @Field(() => String, {
    nullable: true,
    description: 'Second line of the street address, at most 200 characters; null or blank for none.',
  })
  addressLine2?: string | null;

  @Field(() => String, { description: 'The post town, e.g. Huddersfield; 1 to 100 characters, trimmed.' })
  town: string;

  @Field(() => String, { description: 'A full UK postcode; stored normalised ("HD7 5AB").' })
  postcode: string;

  @Field(() => Float, {
    nullable: true,
    description: 'WGS84 degrees, 49 to 61.5, given with longitude; when both are left out, the postcode’s point is looked up.',
  })
  latitude?: number | null;

  @Field(() => Float, { nullable: true, description: 'WGS84 degrees, -8.9 to 2.1, given with latitude; see latitude.' })
  longitude?: number | null;
}

@InputType({ description: 'Listing fields a coordinator may change; omitted fields stay as they are.' })
export class UpdateProviderInput {
  @Field(() => ID, { description: 'The provider to edit (Provider.id); one you are a coordinator of, unless you are an admin.' })
  id: string;

  @Field(() => String, { nullable: true, description: 'The name the provider trades under, 1 to 200 characters; null leaves it.' })
  name?: string | null;

  @Field(() => String, {
    nullable: true,
    description: 'One or two sentences for a search result, at most 500 characters; null leaves it, "" empties it.',
  })
  summary?: string | null;

  @Field(() => String, {
    nullable: true,
    description: 'A fuller account for the provider’s own page: plain text, at most 10,000 characters; null leaves it.',
  })
  description?: string | null;

  @Field(() => String, { nullable: true, description: 'At most 100 characters; null clears it.' })
  registrationNumber?: string | null;

  @Field(() => String, { nullable: true, description: 'An email address, at most 320 characters; null clears it.' })
  contactEmail?: string | null;

  @Field(() => String, { nullable: true, description: 'At most 100 characters; null clears it.' })
  contactPhone?: string | null;

  @Field(() => String, { nullable: true, description: 'An http(s) address, at most 2,000 characters; null clears it.' })
  website?: string | null;

  @Field(() => Boolean, { nullable: true, description: 'Accredited by the Living Wage Foundation; null leaves it as it is.' })
  paysRealLivingWage?: boolean | null;

  @Field(() => Int, {
    nullable: true,
    description: 'What the provider pays its care workers for an hour, in pence, 1 to 100000; null clears it (not published).',
  })
  careWorkerHourlyPayPence?: number | null;

  @Field(() => Float, {
    nullable: true,
    description: 'Staff who left in the last 12 months, as a percentage of headcount (0 to 100); null clears it.',
  })
  staffTurnoverPercent?: number | null;

  @Field(() => [MemberClassCountInput], {
    nullable: true,
    description: 'Replaces the member classes; each class at most once; [] clears them, null leaves them.',
  })
  memberClasses?: MemberClassCountInput[] | null;

  @Field(() => [BoardSeatInput], {
    nullable: true,
    description: 'Replaces the board seats; each class at most once; [] clears them, null leaves them.',
  })
  boardSeats?: BoardSeatInput[] | null;

  @Field(() => [ServiceAreaInput], {
    nullable: true,
    description:
      'Replaces the areas the provider as a whole covers (not its services’ own), at most 200, each once; ' +
      '[] clears them, null leaves them.',
  })
  serviceAreas?: ServiceAreaInput[] | null;

  @Field(() => [ProviderLocationInput], {
    nullable: true,
    description:
      'Every location the provider keeps (at most 100): those with an id are changed, those without added, any not listed removed; ' +
      'null leaves them.',
  })
  locations?: ProviderLocationInput[] | null;
}

@InputType({ description: 'A service to create (no id) or change (with id).' })
export class UpsertServiceInput {
  @Field(() => ID, {
    nullable: true,
    description: 'The service to change (Service.id), which must be providerId’s; leave out to create a new service.',
  })
  id?: string | null;

  @Field(() => ID, {
    description: 'The provider offering the service; you must be its coordinator (or an admin). A service never moves provider.',
  })
  providerId: string;

  @Field(() => String, { description: 'The slug of an existing service category (ServiceCategory.slug), e.g. `personal-care`.' })
  category: string;

  @Field(() => String, { description: 'What the service is called, 1 to 200 characters after trimming.' })
  name: string;

  @Field(() => String, {
    nullable: true,
    description: 'What the service offers and to whom: plain text, cut to 10,000 characters; null leaves it ("" for a new service).',
  })
  description?: string | null;

  @Field(() => Int, { description: 'Price of an hour, in pence: a whole number from 0 to 100000 (£1,000).' })
  hourlyRatePence: number;

  @Field(() => Int, {
    nullable: true,
    description: 'The shortest visit booked, in minutes, 0 to 10000; null leaves it (60 for a new service).',
  })
  minimumVisitMinutes?: number | null;

  @Field(() => Int, {
    nullable: true,
    description: 'Travel charged per visit, in pence, 0 to 10000 (0: included in the rate); null leaves it (0 for a new service).',
  })
  travelChargePencePerVisit?: number | null;

  @Field(() => Int, {
    nullable: true,
    description: 'Hours of notice needed to cancel a visit without charge, 0 to 10000; null leaves it (24 for a new service).',
  })
  cancellationNoticeHours?: number | null;

  @Field(() => LateCancellationPolicy, {
    nullable: true,
    description: 'What happens to a visit cancelled inside the notice period; null leaves it (CHARGE_IN_FULL for a new service).',
  })
  lateCancellationPolicy?: LateCancellationPolicy | null;

  @Field(() => Boolean, {
    nullable: true,
    description: 'Takes payment from a direct payment; null leaves it (true for a new service).',
  })
  acceptsDirectPayments?: boolean | null;

  @Field(() => Boolean, {
    nullable: true,
    description: 'Can be commissioned from a council-managed budget; null leaves it (false for a new service).',
  })
  acceptsCouncilManagedBudgets?: boolean | null;

  @Field(() => Boolean, {
    nullable: true,
    description: 'Can be paid from an individual service fund; null leaves it (false for a new service).',
  })
  acceptsIndividualServiceFunds?: boolean | null;

  @Field(() => [String], {
    nullable: true,
    description:
      'Replaces the languages the service is offered in besides English (at most 50), by name, ISO 639 code or another name ' +
      '("Urdu", "ur", "BSL"), stored under their usual name (English is left out: every service works in it); ' +
      'an unknown language is UNKNOWN_LANGUAGE; [] clears them, null leaves them.',
  })
  languages?: string[] | null;

  @Field(() => [String], {
    nullable: true,
    description:
      'Replaces the needs and conditions the service supports: slugs from `careNeeds`, each once, e.g. `dementia`; ' +
      'an unknown slug is UNKNOWN_NEED; [] clears them, null leaves them.',
  })
  supports?: string[] | null;

  @Field(() => Int, { nullable: true, description: 'Youngest age served, in years (0 to 150); null clears it.' })
  minimumAge?: number | null;

  @Field(() => Int, { nullable: true, description: 'Oldest age served, in years (0 to 150, not below minimumAge); null clears it.' })
  maximumAge?: number | null;

  @Field(() => [OpeningTimeInput], {
    nullable: true,
    description: 'Replaces the weekly schedule (at most 4 openings a day); [] clears it, null leaves it.',
  })
  openingTimes?: OpeningTimeInput[] | null;

  @Field(() => [ServiceAreaInput], {
    nullable: true,
    description: 'Replaces the service’s own areas, beyond its provider’s (at most 200, each once); [] clears them, null leaves them.',
  })
  areas?: ServiceAreaInput[] | null;

  @Field(() => ServiceStatus, {
    nullable: true,
    description: 'INACTIVE hides the service from the public directory; null leaves it (ACTIVE for a new service).',
  })
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
  'careWorkerHourlyPayPence',
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
