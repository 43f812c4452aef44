import { Arg, Authorized, Ctx, FieldResolver, Mutation, Query, Resolver, Root } from 'type-graphql';
import { personById } from '../accounts/accounts.loaders.js';
import { Person } from '../accounts/person.entity.js';
import type { Context } from '../context.js';
import type { ErrorResult } from '../common/exceptions.js';
import { asResult, ConflictError, resultUnion } from '../graphql/results.js';
import { ID } from '../graphql/scalars.js';
import { CouncilDutyContact, CrisisAlert, EmergencyContact } from './alerts.entity.js';
import { CrisisAlertKind } from './alerts.enums.js';
import { auditAlertRead } from './alert-reads.js';
import { RaiseCrisisAlertInput, SetCouncilDutyContactInput, SetEmergencyContactsInput } from './alerts.inputs.js';

const ACKNOWLEDGE_FAILURES = [ConflictError] as const;
export const AcknowledgeCrisisAlertResult = resultUnion(
  'AcknowledgeCrisisAlertResult',
  CrisisAlert,
  ACKNOWLEDGE_FAILURES,
  'The acknowledged alert, or who acknowledged it first.',
);

/** Emergency contacts and council duty contacts: who is told of a crisis. */
@Resolver()
export class CrisisContactsResolver {
  @Authorized()
  @Query(() => [EmergencyContact], {
    description: 'A person’s emergency contacts, in order: for the person, their representatives, their council’s officers and admins.',
  })
  emergencyContacts(@Ctx() ctx: Context, @Arg('personId', () => ID, { description: 'The person.' }) personId: string) {
    return ctx.services.contacts.emergencyContactsOf(ctx, personId);
  }

  @Authorized()
  @Mutation(() => [EmergencyContact], {
    description:
      'Replaces a person’s emergency contacts (the person, or a representative with any right): each is emailed at once ' +
      'when a crisis alert is raised about the person. BAD_USER_INPUT naming the field for a bad name, email or phone, or more than 5.',
  })
  setEmergencyContacts(
    @Ctx() ctx: Context,
    @Arg('input', () => SetEmergencyContactsInput, { description: 'The person and the list.' }) input: SetEmergencyContactsInput,
  ) {
    return ctx.services.contacts.setEmergencyContacts(ctx, input.personId, input.contacts);
  }

  @Authorized('COUNCIL_OFFICER')
  @Mutation(() => CouncilDutyContact, {
    description:
      'Sets where the council’s escalated crisis alerts go (an officer of that council, or an admin). Without one, they go to ' +
      'every officer of the council.',
  })
  setCouncilDutyContact(
    @Ctx() ctx: Context,
    @Arg('input', () => SetCouncilDutyContactInput, { description: 'The council and its contact.' }) input: SetCouncilDutyContactInput,
  ) {
    return ctx.services.contacts.setCouncilDutyContact(ctx, input.councilId, input);
  }
}

/** Raising, reading and acknowledging crisis alerts. */
@Resolver(() => CrisisAlert)
export class CrisisAlertsResolver {
  @Authorized()
  @Mutation(() => CrisisAlert, {
    description:
      'Raises a crisis alert about a person: the person, a representative, or a care worker given a visit of theirs under way or ' +
      'to come. Their emergency contacts and the coordinators of every provider with a visit under way or to come are emailed at ' +
      'once (the email says neither the kind nor the note); if nobody acknowledges it in time, or there was nobody else to ' +
      'tell, the council’s duty contact is.',
  })
  raiseCrisisAlert(
    @Ctx() ctx: Context,
    @Arg('input', () => RaiseCrisisAlertInput, { description: 'Whom, what and a note.' }) input: RaiseCrisisAlertInput,
  ) {
    return ctx.services.crisisAlerts.raise(ctx, input);
  }

  @Authorized()
  @Mutation(() => AcknowledgeCrisisAlertResult, {
    description:
      'Says you are dealing with the alert: anyone who may read it but whoever raised it. It then does not escalate. ' +
      'ConflictError, naming who and when, when someone acknowledged it first.',
  })
  acknowledgeCrisisAlert(
    @Ctx() ctx: Context,
    @Arg('alertId', () => ID, { description: 'The alert.' }) alertId: string,
  ): Promise<CrisisAlert | ErrorResult> {
    return asResult(() => ctx.services.crisisAlerts.acknowledge(ctx, alertId), ACKNOWLEDGE_FAILURES);
  }

  @Authorized()
  @Query(() => CrisisAlert, {
    nullable: true,
    description:
      'One alert: for the person, their representatives, whoever raised it, the coordinators told of it, the person’s ' +
      'emergency contacts who have an account under the address the person gave, the officers of the person’s council and ' +
      'admins. NOT_FOUND for an id that names none.',
  })
  crisisAlert(@Ctx() ctx: Context, @Arg('id', () => ID, { description: 'The alert.' }) id: string) {
    return ctx.services.crisisAlerts.alertFor(ctx, id);
  }

  @Authorized()
  @Query(() => [CrisisAlert], { description: 'The alerts you may read, newest first (at most 100).' })
  crisisAlerts(
    @Ctx() ctx: Context,
    @Arg('personId', () => ID, { nullable: true, description: 'Only those about this person.' }) personId: string | null,
    @Arg('open', () => Boolean, { nullable: true, description: 'true: only those nobody acknowledged yet; false: only acknowledged ones.' })
    open: boolean | null,
  ) {
    return ctx.services.crisisAlerts.alertsFor(ctx, { personId, open });
  }

  @FieldResolver(() => CrisisAlertKind, {
    description: 'What kind of crisis. Reading it is audited unless you are the person it is about.',
  })
  async kind(@Ctx() ctx: Context, @Root() alert: CrisisAlert): Promise<CrisisAlertKind> {
    await auditAlertRead(ctx, alert);
    return alert.kind;
  }

  @FieldResolver(() => String, {
    description:
      'What the raiser wrote; empty when they wrote nothing. Never sent by email. Reading it is audited unless you are the ' +
      'person it is about.',
  })
  async note(@Ctx() ctx: Context, @Root() alert: CrisisAlert): Promise<string> {
    await auditAlertRead(ctx, alert);
    return alert.note;
  }

  @FieldResolver(() => Person, { description: 'Whom the alert is about.' })
  async person(@Ctx() ctx: Context, @Root() alert: CrisisAlert): Promise<Person> {
    return (await ctx.loaders.get(personById).load(alert.personId))!;
  }

  @FieldResolver(() => Person, { description: 'Who raised it.' })
  async raisedBy(@Ctx() ctx: Context, @Root() alert: CrisisAlert): Promise<Person> {
    return (await ctx.loaders.get(personById).load(alert.raisedById))!;
  }

  @FieldResolver(() => Person, { nullable: true, description: 'Who acknowledged it; null while it is open.' })
  acknowledgedBy(@Ctx() ctx: Context, @Root() alert: CrisisAlert): Promise<Person | null> | null {
    return alert.acknowledgedById ? ctx.loaders.get(personById).load(alert.acknowledgedById) : null;
  }

  @FieldResolver(() => Boolean, { description: 'True while nobody has acknowledged it.' })
  open(@Root() alert: CrisisAlert): boolean {
    return alert.acknowledgedAt === null;
  }
}
