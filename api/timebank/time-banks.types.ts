import { Field, InputType, Int, ObjectType, registerEnumType } from 'type-graphql';
import { ID } from '../graphql/scalars.js';

export enum BankHolidayRegion {
  ENGLAND_AND_WALES = 'ENGLAND_AND_WALES',
  SCOTLAND = 'SCOTLAND',
  NORTHERN_IRELAND = 'NORTHERN_IRELAND',
}
registerEnumType(BankHolidayRegion, {
  name: 'BankHolidayRegion',
  description: 'Whose bank holidays a time bank keeps: GOV.UK publishes one list for each.',
  valuesConfig: {
    ENGLAND_AND_WALES: { description: 'England and Wales.' },
    SCOTLAND: { description: 'Scotland.' },
    NORTHERN_IRELAND: { description: 'Northern Ireland.' },
  },
});

@InputType({ description: 'A time bank’s rules; each left out keeps its current value (or the default when opening).' })
export class TimeBankRulesInput {
  @Field(() => String, { nullable: true, description: 'Normal hours start, London time, HH:MM (default 08:00); before normalHoursEnd.' })
  normalHoursStart?: string | null;

  @Field(() => String, { nullable: true, description: 'Normal hours end, London time, HH:MM (default 18:00); after normalHoursStart.' })
  normalHoursEnd?: string | null;

  @Field(() => Boolean, { nullable: true, description: 'Whether all of Saturday and Sunday is out of hours (default true).' })
  weekendsOutOfHours?: boolean | null;

  @Field(() => Boolean, { nullable: true, description: 'Whether all of a bank holiday is out of hours (default true).' })
  bankHolidaysOutOfHours?: boolean | null;

  @Field(() => BankHolidayRegion, { nullable: true, description: 'Whose bank holidays (default ENGLAND_AND_WALES).' })
  bankHolidayRegion?: BankHolidayRegion | null;

  @Field(() => Int, { nullable: true, description: 'Credit for a minute given out of hours, 100 to 300 per cent (default 150).' })
  outOfHoursPercent?: number | null;

  @Field(() => Int, { nullable: true, description: 'How far below nothing a balance may go, 0 to 6,000 minutes (default 0).' })
  overdraftMinutes?: number | null;

  @Field(() => Int, { nullable: true, description: 'What a mile of a volunteer’s travel is paid, 0 to 200 pence (default 45).' })
  travelPencePerMile?: number | null;
}

@InputType({ description: 'A co-op whose time bank to open, and its rules where they differ from the defaults.' })
export class OpenTimeBankInput extends TimeBankRulesInput {
  @Field(() => ID, { description: 'The co-op (provider).' })
  providerId: string;
}

@InputType({ description: 'New rules for a co-op’s time bank; what is left out stays as it is.' })
export class UpdateTimeBankRulesInput extends TimeBankRulesInput {
  @Field(() => ID, { description: 'The co-op (provider) whose time bank it is.' })
  providerId: string;
}

@ObjectType({ description: 'What time-bank help can be offered and asked for: the directory’s categories and the time bank’s own.' })
export class TimeBankCategory {
  @Field(() => String, { description: 'Stable identifier, e.g. `personal-care`, `befriending-calls`: what offers and requests name.' })
  slug: string;

  @Field(() => String, { description: 'Its name for people.' })
  name: string;

  @Field(() => Boolean, {
    description: 'Whether a helper needs a background check in date (an enhanced DBS check with the adults’ barred list) for it.',
  })
  needsBackgroundCheck: boolean;
}
