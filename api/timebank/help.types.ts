import { GraphQLDateTime } from 'graphql-scalars';
import { ArgsType, Field, Float, InputType, Int, ObjectType } from 'type-graphql';
import { ConnectionType, EdgeType, PageArgs } from '../common/connection.js';
import { ConflictError, errorResult, resultUnion } from '../graphql/results.js';
import { ID } from '../graphql/scalars.js';
import { ErrorCode } from '../common/exceptions.js';
import { HelpRequestStatus } from './timebank.enums.js';

export const MAX_DESCRIPTION_LENGTH = 1000;
export const MAX_SLOTS = 21;
export const MIN_RADIUS_MILES = 0.5;
export const MAX_RADIUS_MILES = 50;
export const DEFAULT_MATCHES = 10;
export const MAX_MATCHES = 50;

/** A postcode's district ("HD1 2TA" → "HD1"): where help is, without saying which street. */
export function districtOf(postcode: string): string {
  return postcode.split(' ')[0]!;
}

@ObjectType('AvailabilitySlot', { description: 'A time in the week a helper is free, London time.' })
export class AvailabilitySlotView {
  @Field(() => Int, { description: 'The day: 1 is Monday, 7 Sunday.' })
  day: number;

  @Field(() => String, { description: 'From, HH:MM.' })
  from: string;

  @Field(() => String, { description: 'Until, HH:MM, later the same day; 24:00 is midnight at its end.' })
  until: string;
}

@InputType({ description: 'A time in the week a helper is free, London time.' })
export class AvailabilitySlotInput {
  @Field(() => Int, { description: 'The day: 1 is Monday, 7 Sunday.' })
  day: number;

  @Field(() => String, { description: 'From, HH:MM, 24-hour.' })
  from: string;

  @Field(() => String, {
    description:
      'Until, HH:MM, 24-hour, after from on the same day; 24:00 for midnight at its end, ' +
      'which with a slot from 00:00 on the next day covers a night.',
  })
  until: string;
}

@InputType({ description: 'Help a member offers: what, where from and how far, and when in the week.' })
export class OfferHelpInput {
  @Field(() => ID, { description: 'The co-op whose time bank you are an approved volunteer or family carer of.' })
  providerId: string;

  @Field(() => String, { description: 'A category slug from timeBankCategories.' })
  category: string;

  @Field(() => String, { nullable: true, description: `What you can do, at most ${MAX_DESCRIPTION_LENGTH} characters.` })
  description?: string | null;

  @Field(() => String, { description: 'Where you would come from: a UK postcode. Others see its district only.' })
  postcode: string;

  @Field(() => Float, { description: `How far you would go, ${MIN_RADIUS_MILES} to ${MAX_RADIUS_MILES} miles.` })
  radiusMiles: number;

  @Field(() => [AvailabilitySlotInput], { description: `When you are free each week, 1 to ${MAX_SLOTS} slots.` })
  availability: AvailabilitySlotInput[];
}

@ObjectType('HelpOffer', { description: 'Help a member offers. Approved members of the co-op and its coordinators see it.' })
export class HelpOfferView {
  @Field(() => ID, { description: 'Opaque and stable.' })
  id: string;

  @Field(() => ID, { description: 'The co-op whose time bank it is in.' })
  providerId: string;

  @Field(() => String, { description: 'A time-bank category slug.' })
  category: string;

  @Field(() => String, { description: 'What is offered or wanted, in the member’s words.' })
  description: string;

  @Field(() => Float, { description: 'How far the helper would go, in miles.' })
  radiusMiles: number;

  @Field(() => [AvailabilitySlotView], { description: 'When the helper is free each week, London time.' })
  availability: AvailabilitySlotView[];

  @Field(() => GraphQLDateTime, { description: 'When it was offered.' })
  createdAt: Date;

  @Field(() => GraphQLDateTime, { nullable: true, description: 'When the helper withdrew it; null while it stands.' })
  withdrawnAt: Date | null;
}

@InputType({ description: 'Help asked for a member.' })
export class RequestHelpInput {
  @Field(() => ID, {
    description: 'The approved member to be helped: yourself, someone you represent with BOOK, or (a coordinator) any of the co-op’s.',
  })
  memberId: string;

  @Field(() => String, { description: 'A category slug from timeBankCategories.' })
  category: string;

  @Field(() => String, { nullable: true, description: `What is wanted, at most ${MAX_DESCRIPTION_LENGTH} characters.` })
  description?: string | null;

  @Field(() => String, {
    description: 'Where the help is wanted: a UK postcode. Only the asker, the accepted helper and coordinators see it.',
  })
  postcode: string;

  @Field(() => GraphQLDateTime, { description: 'When it starts: in the future, within a year.' })
  startsAt: Date;

  @Field(() => Int, { description: 'How long, 1 to 1,440 minutes.' })
  minutes: number;

  @Field(() => Boolean, {
    nullable: true,
    description: 'Whether the helper would be alone with the person at home (default false): it then needs a checked helper.',
  })
  aloneAtHome?: boolean | null;
}

@ObjectType('HelpRequest', {
  description:
    'Help asked for a member. The asker side and coordinators see everything; the accepted helper also the postcode and the ' +
    'member’s name; other approved members of the co-op what, when and the district only.',
})
export class HelpRequestView {
  @Field(() => ID, { description: 'Opaque and stable.' })
  id: string;

  @Field(() => ID, { description: 'The co-op whose time bank it is in.' })
  providerId: string;

  @Field(() => String, { description: 'A time-bank category slug.' })
  category: string;

  @Field(() => String, { description: 'What is offered or wanted, in the member’s words.' })
  description: string;

  @Field(() => GraphQLDateTime, { description: 'When the help starts.' })
  startsAt: Date;

  @Field(() => Int, { description: 'How long, in minutes.' })
  minutes: number;

  @Field(() => Boolean, { description: 'Whether a helper needs a background check in date on the day.' })
  needsBackgroundCheck: boolean;

  @Field(() => HelpRequestStatus, { description: 'Where the request stands.' })
  status: HelpRequestStatus;

  @Field(() => GraphQLDateTime, { nullable: true, description: 'When the asker accepted a helper.' })
  acceptedAt: Date | null;
}

@ArgsType()
export class OpenRequestsArgs extends PageArgs {
  @Field(() => String, { nullable: true, description: 'Only requests in this category (a slug).' })
  category?: string | null;
}

@ObjectType({ description: 'An open request in a list, soonest first.' })
export class HelpRequestEdge extends EdgeType(HelpRequestView) {}

@ObjectType({ description: 'A page of requests, soonest first.' })
export class HelpRequestConnection extends ConnectionType(HelpRequestEdge) {}

@ObjectType({ description: 'An offer that fits a request: its category, place and time; nearest first.' })
export class HelpMatch {
  @Field(() => HelpOfferView, { description: 'The offer that fits.' })
  offer: HelpOfferView;

  @Field(() => ID, { description: 'The helper’s membership.' })
  helperMemberId: string;

  @Field(() => Float, { description: 'How far the helper’s postcode is from the request’s, in miles.' })
  distanceMiles: number;
}

@InputType({ description: 'The helper the asker chose, by their offer.' })
export class AcceptHelperInput {
  @Field(() => ID, { description: 'The open request.' })
  requestId: string;

  @Field(() => ID, { description: 'The offer of the helper chosen (one of the request’s matches).' })
  offerId: string;
}

export const BackgroundCheckRequiredError = errorResult(
  'BackgroundCheckRequiredError',
  ErrorCode.BACKGROUND_CHECK_REQUIRED,
  'The help leaves the helper alone with the person at home (or is personal care or respite), and the helper has no background ' +
    'check in date on the day it is given (an enhanced DBS check with the adults’ barred list). Nothing changed.',
);

export const ACCEPT_HELPER_FAILURES = [BackgroundCheckRequiredError, ConflictError];

export const AcceptHelperResult = resultUnion(
  'AcceptHelperResult',
  HelpRequestView,
  ACCEPT_HELPER_FAILURES,
  'The request, now ACCEPTED with the helper; a BackgroundCheckRequiredError; or a ConflictError when it is no longer open.',
);
