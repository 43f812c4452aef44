import { Arg, Ctx, FieldResolver, Mutation, Resolver, Root } from 'type-graphql';
import { assertAllowed } from '../auth/actor.js';
import { londonDate } from '../common/london.js';
import type { Context } from '../context.js';
import { ID } from '../graphql/scalars.js';
import { TimeBankMember } from './time-bank.entity.js';
import { isTheMember, mayViewVolunteering } from './timebank.policy.js';
import { VolunteerReference, VolunteerTraining } from './volunteer-record.entity.js';
import {
  RecordVolunteerReferenceInput,
  RecordVolunteerTrainingInput,
  ShareVolunteerRecordInput,
  VolunteerRecord,
  VolunteerRecordLinkView,
} from './volunteer-record.types.js';

/** Training and references, written by coordinators; the volunteer's links to share their record. */
@Resolver()
export class VolunteerRecordResolver {
  @Mutation(() => VolunteerTraining, {
    description:
      'Records training a volunteer completed (coordinators of the member’s co-op, admins). BAD_USER_INPUT naming the field for a ' +
      'title of 0 or over 200 characters, givenBy over 200, completedOn in the future or expiresOn not after it.',
  })
  recordVolunteerTraining(
    @Ctx() ctx: Context,
    @Arg('input', () => RecordVolunteerTrainingInput, { description: 'Whose training, and what.' }) input: RecordVolunteerTrainingInput,
  ) {
    return ctx.services.trainingAndReferences.recordTraining(ctx, input);
  }

  @Mutation(() => VolunteerReference, {
    description:
      'Records a reference given for a volunteer (coordinators of the member’s co-op, admins). BAD_USER_INPUT naming the field for a ' +
      'refereeName of 0 or over 200 characters, refereeRole over 200, text of 0 or over 4,000, or givenOn in the future.',
  })
  recordVolunteerReference(
    @Ctx() ctx: Context,
    @Arg('input', () => RecordVolunteerReferenceInput, { description: 'Whose reference, from whom.' }) input: RecordVolunteerReferenceInput,
  ) {
    return ctx.services.trainingAndReferences.recordReference(ctx, input);
  }

  @Mutation(() => VolunteerRecordLinkView, {
    description:
      'A link that shows your volunteer record to someone without an account, for 7 to 365 days (90 when left out); only the volunteer ' +
      'may make one. The answer’s url is the only time the address is shown. BAD_USER_INPUT naming input.memberId for a membership ' +
      'not approved or that only receives support (it has no volunteering to show). The link stops working when the member leaves.',
  })
  shareVolunteerRecord(
    @Ctx() ctx: Context,
    @Arg('input', () => ShareVolunteerRecordInput, { description: 'Your membership, and for how long.' }) input: ShareVolunteerRecordInput,
  ) {
    return ctx.services.volunteerRecordLinks.share(ctx, input);
  }

  @Mutation(() => VolunteerRecordLinkView, { description: 'Stops a link you made from working; the address then shows nothing.' })
  revokeVolunteerRecordLink(@Ctx() ctx: Context, @Arg('linkId', () => ID, { description: 'The link.' }) linkId: string) {
    return ctx.services.volunteerRecordLinks.revoke(ctx, linkId);
  }
}

@Resolver(() => TimeBankMember)
export class MemberVolunteerRecordResolver {
  @FieldResolver(() => VolunteerRecord, {
    description:
      'The volunteer’s record for the route into paid work: for the volunteer and the co-op’s coordinators, FORBIDDEN otherwise.',
  })
  volunteerRecord(@Root() member: TimeBankMember, @Ctx() ctx: Context): Promise<VolunteerRecord> {
    assertAllowed(mayViewVolunteering(ctx.actor, member));
    return ctx.loaders.get(ctx.services.volunteerRecords.byMember).load(member);
  }

  @FieldResolver(() => [VolunteerRecordLinkView], {
    description: 'The links the volunteer made to share their record, newest first: only the volunteer’s own, FORBIDDEN otherwise.',
  })
  volunteerRecordLinks(@Root() member: TimeBankMember, @Ctx() ctx: Context): Promise<VolunteerRecordLinkView[]> {
    assertAllowed(isTheMember(ctx.actor, member));
    return ctx.loaders.get(ctx.services.volunteerRecordLinks.byMember).load(member.id);
  }
}

@Resolver(() => VolunteerTraining)
export class VolunteerTrainingResolver {
  @FieldResolver(() => Boolean, { description: 'False once its renewal date (UK) has passed; true when it never needs renewing.' })
  isCurrent(@Root() training: VolunteerTraining): boolean {
    return training.expiresOn === null || training.expiresOn > londonDate();
  }
}
