import { GraphQLDateTime, GraphQLLocalDate } from 'graphql-scalars';
import { Field, InputType, Int, ObjectType } from 'type-graphql';
import { ID } from '../graphql/scalars.js';
import { VolunteerReference, VolunteerTraining } from './volunteer-record.entity.js';
import { TimeBankRole } from './timebank.enums.js';

@ObjectType({ description: 'Help a volunteer gave in one category, from confirmed exchanges only.' })
export class VolunteerHours {
  @Field(() => String, { description: 'The category’s slug (a directory category or a time-bank one).' })
  category: string;

  @Field(() => String, { description: 'The category’s name for people.' })
  categoryName: string;

  @Field(() => Int, { description: 'Minutes of help actually given, not the out-of-hours credit.' })
  minutes: number;

  @Field(() => Int, { description: 'How many confirmed exchanges.' })
  exchanges: number;
}

/**
 * A volunteer's record for the route into paid work: what they gave, by category, their training and
 * their references. Nothing about the people they helped beyond the categories, no balances, no expenses,
 * no background checks.
 */
@ObjectType({
  description:
    'A volunteer’s record for the route into paid work: help given by category (confirmed exchanges only), training and references.',
})
export class VolunteerRecord {
  @Field(() => ID, { description: 'The time-bank member.' })
  memberId: string;

  @Field(() => String, { description: 'The volunteer’s name.' })
  volunteerName: string;

  @Field(() => String, { description: 'The co-op whose time bank it is.' })
  coopName: string;

  @Field(() => GraphQLLocalDate, {
    description: 'When a coordinator approved the membership (UK date); when they asked, if never decided.',
  })
  memberSince: string;

  @Field(() => [TimeBankRole], {
    description: 'How the volunteer gives help: VOLUNTEER and FAMILY_CARER only, never whether they receive support.',
  })
  roles: TimeBankRole[];

  @Field(() => [VolunteerHours], { description: 'By minutes given, most first.' })
  hoursByCategory: VolunteerHours[];

  @Field(() => Int, { description: 'Every minute of help given and confirmed.' })
  totalMinutesGiven: number;

  @Field(() => Int, { description: 'Of those, the minutes given out of the co-op’s normal hours.' })
  outOfHoursMinutesGiven: number;

  /** The time bank's rules for whole days out of hours, so the printed page says what outOfHoursMinutesGiven counted. */
  outOfHoursDays: { weekends: boolean; bankHolidays: boolean };

  @Field(() => GraphQLLocalDate, { nullable: true, description: 'The day of the first confirmed help (UK date); null when none.' })
  firstHelpedOn: string | null;

  @Field(() => GraphQLLocalDate, { nullable: true, description: 'The day of the latest confirmed help (UK date); null when none.' })
  lastHelpedOn: string | null;

  @Field(() => [VolunteerTraining], { description: 'Most recently completed first; `isCurrent` says which still count.' })
  training: VolunteerTraining[];

  @Field(() => [VolunteerReference], { description: 'Most recently given first.' })
  references: VolunteerReference[];
}

@ObjectType('VolunteerRecordLink', {
  description: 'A link that shows a volunteer’s record to someone without an account, until it expires or is revoked.',
})
export class VolunteerRecordLinkView {
  @Field(() => ID, { description: 'Opaque and stable: what revokeVolunteerRecordLink takes.' })
  id: string;

  @Field(() => String, {
    nullable: true,
    description: 'The address to share: only in shareVolunteerRecord’s answer (only a hash of it is kept), null afterwards.',
  })
  url: string | null;

  @Field(() => GraphQLDateTime, { description: 'When the volunteer made it.' })
  createdAt: Date;

  @Field(() => GraphQLDateTime, { description: 'When it stops working.' })
  expiresAt: Date;

  @Field(() => GraphQLDateTime, { nullable: true, description: 'When the volunteer revoked it; null while it works or until it expires.' })
  revokedAt: Date | null;
}

export const RECORD_TEXT_LIMITS = { title: 200, givenBy: 200, refereeName: 200, refereeRole: 200, text: 4000 } as const;

@InputType({ description: 'Training a volunteer completed.' })
export class RecordVolunteerTrainingInput {
  @Field(() => ID, { description: 'The time-bank member (the volunteer).' })
  memberId: string;

  @Field(() => String, { description: `1 to ${RECORD_TEXT_LIMITS.title} characters.` })
  title: string;

  @Field(() => String, { nullable: true, description: `Who gave it: at most ${RECORD_TEXT_LIMITS.givenBy} characters.` })
  givenBy?: string | null;

  @Field(() => GraphQLLocalDate, { description: 'UK date, not in the future.' })
  completedOn: string;

  @Field(() => GraphQLLocalDate, { nullable: true, description: 'When it needs renewing: after completedOn.' })
  expiresOn?: string | null;
}

@InputType({ description: 'A reference someone gave for a volunteer.' })
export class RecordVolunteerReferenceInput {
  @Field(() => ID, { description: 'The time-bank member (the volunteer).' })
  memberId: string;

  @Field(() => String, { description: `1 to ${RECORD_TEXT_LIMITS.refereeName} characters.` })
  refereeName: string;

  @Field(() => String, { nullable: true, description: `At most ${RECORD_TEXT_LIMITS.refereeRole} characters.` })
  refereeRole?: string | null;

  @Field(() => String, { description: `1 to ${RECORD_TEXT_LIMITS.text} characters.` })
  text: string;

  @Field(() => GraphQLLocalDate, { description: 'UK date, not in the future.' })
  givenOn: string;
}

export const SHARE_DAYS = { min: 7, max: 365, default: 90 } as const;

@InputType({ description: 'Share your volunteer record by a link that works without an account.' })
export class ShareVolunteerRecordInput {
  @Field(() => ID, { description: 'Your membership.' })
  memberId: string;

  @Field(() => Int, {
    nullable: true,
    description: `How many days the link works: ${SHARE_DAYS.min} to ${SHARE_DAYS.max}, ${SHARE_DAYS.default} when left out.`,
  })
  days?: number | null;
}
