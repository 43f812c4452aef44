import { Field, InputType } from 'type-graphql';
import { MAX_NAME_LENGTH } from '../common/rules.js';
import { ID } from '../graphql/scalars.js';
import { CrisisAlertKind } from './alerts.enums.js';
import { MAX_EMERGENCY_CONTACTS } from './contacts.service.js';
import { MAX_NOTE_LENGTH } from './crisis-alerts.service.js';

@InputType({ description: 'Someone to tell at once of a crisis: a name, an email address and, if they like, a phone number.' })
export class EmergencyContactInput {
  @Field(() => String, { description: `Their name: 1 to ${MAX_NAME_LENGTH} characters.` })
  name: string;

  @Field(() => String, { description: 'Where the alert email goes.' })
  email: string;

  @Field(() => String, { nullable: true, description: 'A phone number for text messages (10 to 15 digits), or null.' })
  phone?: string | null;
}

@InputType({ description: 'A person’s emergency contacts, in the order they come.' })
export class SetEmergencyContactsInput {
  @Field(() => ID, { description: 'The person.' })
  personId: string;

  @Field(() => [EmergencyContactInput], {
    description: `At most ${MAX_EMERGENCY_CONTACTS}; the list replaces the one kept, and [] clears it.`,
  })
  contacts: EmergencyContactInput[];
}

@InputType({ description: 'Where a council’s escalated crisis alerts go.' })
export class SetCouncilDutyContactInput extends EmergencyContactInput {
  @Field(() => ID, { description: 'The council.' })
  councilId: string;
}

@InputType({ description: 'A crisis alert about a person.' })
export class RaiseCrisisAlertInput {
  @Field(() => ID, { description: 'Whom the alert is about.' })
  personId: string;

  @Field(() => CrisisAlertKind, { description: 'What kind of crisis.' })
  kind: CrisisAlertKind;

  @Field(() => String, {
    nullable: true,
    description: `What those who sign in should know: at most ${MAX_NOTE_LENGTH} characters. Never sent by email.`,
  })
  note?: string | null;
}
