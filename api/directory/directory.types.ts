import { Field, Float, InputType, Int, ObjectType, registerEnumType } from 'type-graphql';
import { ConnectionType, EdgeType } from '../common/connection.js';
import { CqcRating, DayOfWeek } from './directory.enums.js';
import { Provider } from './provider.entity.js';
import { Service } from './service.entity.js';

export enum ProviderSort {
  RELEVANCE = 'RELEVANCE',
  DISTANCE = 'DISTANCE',
  NAME = 'NAME',
}
registerEnumType(ProviderSort, {
  name: 'ProviderSort',
  description: 'RELEVANCE (the default) ranks by filter.text; without text it orders by distance when filter.near is given, else by name.',
  valuesConfig: {
    RELEVANCE: { description: 'Best match for filter.text first; without text, as DISTANCE when filter.near is given, else as NAME.' },
    DISTANCE: { description: 'Nearest first, by the provider’s nearest location; needs filter.near (else BAD_USER_INPUT).' },
    NAME: { description: 'By name, A to Z.' },
  },
});

export enum ServiceSort {
  RELEVANCE = 'RELEVANCE',
  DISTANCE = 'DISTANCE',
  NAME = 'NAME',
  PRICE = 'PRICE',
}
registerEnumType(ServiceSort, {
  name: 'ServiceSort',
  description: 'As ProviderSort, plus PRICE: cheapest hourly rate first.',
  valuesConfig: {
    RELEVANCE: { description: 'Best match for filter.text first; without text, as DISTANCE when filter.near is given, else as NAME.' },
    DISTANCE: { description: 'Nearest first, by the provider’s nearest location; needs filter.near (else BAD_USER_INPUT).' },
    NAME: { description: 'By name, A to Z.' },
    PRICE: { description: 'Cheapest hourly rate (`hourlyRatePence`) first; equal rates by name.' },
  },
});

@InputType({ description: 'Within a distance of a postcode, or of a town or village.' })
export class NearInput {
  @Field(() => String, {
    description:
      'A full postcode ("HD7 5AB"), a district ("HD7"), or a town or village name ("Holmfirth"); a name several places have ' +
      'is AMBIGUOUS_PLACE, listing the names that pick each ("Scholes, Holme Valley").',
  })
  postcode: string;

  @Field(() => Float, { nullable: true, description: 'More than 0, at most 100; default 10.' })
  radiusMiles?: number | null;
}

@InputType({ description: 'The fields ProviderFilter and ServiceFilter share.' })
abstract class DirectoryFilterInput {
  @Field(() => String, {
    nullable: true,
    description:
      'Words to look for, at most 200 characters; typos and word forms are forgiven. Every word must match; ' +
      'when nothing matches them all, what matches any of them comes back, best first.',
  })
  text?: string | null;

  @Field(() => NearInput, { nullable: true, description: 'Only those within the radius; edges then carry distanceMiles.' })
  near?: NearInput | null;

  @Field(() => String, {
    nullable: true,
    description:
      'Only those whose service areas cover this postcode; a town or village name ("Marsden") is taken as its point and the ' +
      'districts it spans (those of the postcodes within about a mile of it, so "Huddersfield" is HD1, HD2, HD4 and HD5).',
  })
  servesPostcode?: string | null;

  @Field(() => [String], { nullable: true, description: 'Category slugs, any of (a parent includes its children).' })
  categories?: string[] | null;

  @Field(() => [String], {
    nullable: true,
    description:
      'Care need slugs (`careNeeds`), any of, at most 50: services that say they support one (providers: with such a service). ' +
      'An unknown slug is UNKNOWN_NEED.',
  })
  supports?: string[] | null;

  @Field(() => [String], {
    nullable: true,
    description:
      'Languages, any of, at most 50, by name, ISO 639 code or another name ("Urdu", "ur", "BSL"), any case: services that ' +
      'work in one (providers: with such a service). An unknown language is UNKNOWN_LANGUAGE.',
  })
  languages?: string[] | null;

  @Field(() => CqcRating, { nullable: true, description: 'This CQC rating or better; excludes unrated and unregulated providers.' })
  cqcRatingAtLeast?: CqcRating | null;

  @Field(() => Boolean, {
    nullable: true,
    description: 'When true, only co-operatives (`Provider.isCooperative`), whatever their legal form; false does not filter.',
  })
  cooperativesOnly?: boolean | null;

  @Field(() => Boolean, { nullable: true, description: 'Only Living Wage Foundation accredited employers.' })
  livingWageOnly?: boolean | null;

  @Field(() => Boolean, {
    nullable: true,
    description: 'When true, only services taking direct payments (providers: with at least one such service); false does not filter.',
  })
  acceptsDirectPayments?: boolean | null;
}

@InputType({
  description: 'Filters for providers; all given filters must hold. Service-level filters ask for at least one matching service.',
})
export class ProviderFilter extends DirectoryFilterInput {}

@InputType({ description: 'Open on a day of the week, and (if given) for the whole of from–until, in UK local time.' })
export class OpenOnInput {
  @Field(() => DayOfWeek, { description: 'The day of the week.' })
  day: DayOfWeek;

  @Field(() => String, { nullable: true, description: 'HH:MM, 24-hour: open at this time.' })
  from?: string | null;

  @Field(() => String, { nullable: true, description: 'HH:MM, 24-hour: still open up to this time.' })
  until?: string | null;
}

@InputType({ description: 'Filters for services; all given filters must hold.' })
export class ServiceFilter extends DirectoryFilterInput {
  @Field(() => Int, { nullable: true, description: 'Only services open to someone of this age in years (0 to 150).' })
  ageYears?: number | null;

  @Field(() => OpenOnInput, { nullable: true, description: 'Only services with an opening on this day that covers the times given.' })
  openOn?: OpenOnInput | null;
}

@ObjectType({ description: 'One provider in a page of results, with its distance when filter.near was given.' })
export class ProviderEdge extends EdgeType(Provider) {
  @Field(() => Float, { nullable: true, description: "Miles to the provider's nearest location, when filter.near was given." })
  distanceMiles: number | null;
}

@ObjectType({ description: 'A page of providers, in the order `sort` asked for.' })
export class ProviderConnection extends ConnectionType(ProviderEdge) {}

@ObjectType({ description: 'One service in a page of results, with its distance when filter.near was given.' })
export class ServiceEdge extends EdgeType(Service) {
  @Field(() => Float, { nullable: true, description: "Miles to the provider's nearest location, when filter.near was given." })
  distanceMiles: number | null;
}

@ObjectType({ description: 'A page of services, in the order `sort` asked for.' })
export class ServiceConnection extends ConnectionType(ServiceEdge) {}
