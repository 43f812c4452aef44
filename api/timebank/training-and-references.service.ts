import { requiredText, optionalText } from '../common/rules.js';
import type { AuditService } from '../audit/audit.service.js';
import { type Acting, assertAllowed, requirePerson } from '../auth/actor.js';
import { forbidden } from '../auth/auth.exception.js';
import { londonDate, withinDateRange } from '../common/london.js';
import type { UnitOfWork } from '../common/unit-of-work.js';
import type { TimeBanksReader } from './time-banks.reader.js';
import { timeBankInvalidInput } from './timebank.exception.js';
import { isTheMember, mayCoordinateTimeBank } from './timebank.policy.js';
import { VolunteerReference, VolunteerTraining } from './volunteer-record.entity.js';
import {
  RECORD_TEXT_LIMITS as LIMIT,
  type RecordVolunteerReferenceInput,
  type RecordVolunteerTrainingInput,
} from './volunteer-record.types.js';

/** The fields as a person says them, for messages. */
const IN_WORDS = {
  title: 'A title',
  givenBy: 'Who gave it',
  refereeName: 'The referee’s name',
  refereeRole: 'The referee’s role',
  text: 'A reference',
  completedOn: 'The date completed',
  givenOn: 'The date given',
} as const;

/** Trimmed text of `min` to `max` characters, or BAD_USER_INPUT naming the field. */
function boundedText(value: string | null | undefined, field: keyof typeof LIMIT, min: 0 | 1): string {
  const limit = { max: LIMIT[field], argument: `input.${field}`, invalid: timeBankInvalidInput, what: IN_WORDS[field] };
  return min ? requiredText(value, limit) : (optionalText(value, limit) ?? '');
}

function notInFuture(date: string, field: 'completedOn' | 'givenOn'): string {
  withinDateRange(date, `input.${field}`, timeBankInvalidInput);
  if (date > londonDate()) throw timeBankInvalidInput(`${IN_WORDS[field]} cannot be in the future.`, `input.${field}`);
  return date;
}

/**
 * Training and references on a volunteer's record, written by the co-op's coordinators (or an admin):
 * what a future employer reads. The audit trail keeps who recorded what and when, never a reference's words.
 */
export class TrainingAndReferencesService {
  constructor(
    private readonly uow: UnitOfWork,
    private readonly audit: AuditService,
    private readonly reader: TimeBanksReader,
  ) {}

  async recordTraining(acting: Acting, input: RecordVolunteerTrainingInput): Promise<VolunteerTraining> {
    const actor = requirePerson(acting.actor);
    const member = await this.reader.requireMember(input.memberId, 'input.memberId');
    assertAllowed(mayCoordinateTimeBank(actor, member.providerId));
    if (isTheMember(actor, member)) throw forbidden('A coordinator cannot add to their own record: another coordinator does.');
    const title = boundedText(input.title, 'title', 1);
    const givenBy = boundedText(input.givenBy, 'givenBy', 0);
    const completedOn = notInFuture(input.completedOn, 'completedOn');
    const expiresOn = input.expiresOn == null ? null : withinDateRange(input.expiresOn, 'input.expiresOn', timeBankInvalidInput);
    if (expiresOn !== null && expiresOn <= completedOn)
      throw timeBankInvalidInput('The expiry date must be after the date completed.', 'input.expiresOn');
    return this.uow.transaction(async (em) => {
      const training = await em.save(
        em.create(VolunteerTraining, { memberId: member.id, title, givenBy, completedOn, expiresOn, recordedById: actor.personId }),
      );
      await this.audit.record(acting, {
        action: 'volunteerTraining.record',
        objectType: 'VolunteerTraining',
        objectId: training.id,
        providerId: member.providerId,
        summary: { memberId: member.id, completedOn, expiresOn },
      });
      return training;
    });
  }

  async recordReference(acting: Acting, input: RecordVolunteerReferenceInput): Promise<VolunteerReference> {
    const actor = requirePerson(acting.actor);
    const member = await this.reader.requireMember(input.memberId, 'input.memberId');
    assertAllowed(mayCoordinateTimeBank(actor, member.providerId));
    if (isTheMember(actor, member)) throw forbidden('A coordinator cannot add to their own record: another coordinator does.');
    const refereeName = boundedText(input.refereeName, 'refereeName', 1);
    const refereeRole = boundedText(input.refereeRole, 'refereeRole', 0);
    const text = boundedText(input.text, 'text', 1);
    const givenOn = notInFuture(input.givenOn, 'givenOn');
    return this.uow.transaction(async (em) => {
      const reference = await em.save(
        em.create(VolunteerReference, { memberId: member.id, refereeName, refereeRole, text, givenOn, recordedById: actor.personId }),
      );
      await this.audit.record(acting, {
        action: 'volunteerReference.record',
        objectType: 'VolunteerReference',
        objectId: reference.id,
        providerId: member.providerId,
        summary: { memberId: member.id, givenOn },
      });
      return reference;
    });
  }
}
