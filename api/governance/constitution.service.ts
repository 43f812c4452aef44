import { lockConstitution } from './register-lock.js';
import type { EntityManager } from 'typeorm';
import { type Acting, isAdmin, isCoordinatorOf, requirePerson, assertAllowed } from '../auth/actor.js';
import type { AuditService } from '../audit/audit.service.js';
import { entityFromJson } from '../common/entity-rows.js';
import { londonDate } from '../common/london.js';
import type { UnitOfWork } from '../common/unit-of-work.js';
import type { DirectoryService } from '../directory/directory.service.js';
import { type ClassCount, checkConstitution, type SeatCount } from './constitution-check.js';
import { rulesFromInput } from './constitution-input.js';
import { byClassOrder, type ClassRules, type ConstitutionRules, type Share } from './constitution-rules.js';
import { TEMPLATES } from './constitution-templates.js';
import { shareWords } from './constitution-words.js';
import { CoOpClassRule, CoOpConstitution } from './constitution.entity.js';
import {
  Constitution,
  ConstitutionCheck,
  ConstitutionTemplateRules,
  rulesFields,
  type SetConstitutionInput,
  SetConstitutionResult,
} from './constitution.types.js';
import { governanceNotFound } from './governance.exception.js';
import { mayKeepRegister } from './governance.policy.js';
import type { GovernanceReader } from './governance.reader.js';

/** What keeps the directory's member facts in step with the register and constitution (MemberFactsService). */
export interface MemberFactsRefresher {
  refresh(providerId: string): Promise<void>;
}

/** A co-op's constitution as stored, in the shapes its readers need. */
export interface StoredConstitution {
  providerId: string;
  rules: ConstitutionRules;
  constitution: Constitution;
}

const pair = (numerator: number | null, denominator: number | null): Share | null =>
  numerator !== null && denominator !== null ? { numerator, denominator } : null;

function stored(row: CoOpConstitution, classes: CoOpClassRule[]): StoredConstitution {
  const rules: ConstitutionRules = {
    template: row.template,
    votingBasis: row.votingBasis,
    quorumPercent: row.quorumPercent,
    ordinaryMajorityPercent: row.ordinaryMajorityPercent,
    specialMajorityPercent: row.specialMajorityPercent,
    minimumClasses: row.minimumClasses,
    publicBodiesMaxVoteShare: pair(row.publicBodiesMaxVoteShareNumerator, row.publicBodiesMaxVoteShareDenominator),
    boardTermMonths: row.boardTermMonths,
    classes: classes
      .map(
        (c): ClassRules => ({
          memberClass: c.memberClass,
          voteWeightPercent: c.voteWeightPercent,
          boardSeats: c.boardSeats,
          minimumBoardSeats: c.minimumBoardSeats,
          required: c.required,
          maxBoardShare: pair(c.maxBoardShareNumerator, c.maxBoardShareDenominator),
          maxMemberShare: pair(c.maxMemberShareNumerator, c.maxMemberShareDenominator),
          maxVoteShare: pair(c.maxVoteShareNumerator, c.maxVoteShareDenominator),
        }),
      )
      .sort(byClassOrder),
  };
  const constitution = Object.assign(new Constitution(), rulesFields(rules), {
    providerId: row.providerId,
    adoptedAt: row.adoptedAt,
    updatedAt: row.updatedAt,
  });
  return { providerId: row.providerId, rules, constitution };
}

/** Each co-op's constitution row and its class rules, one statement for any number of co-ops. */
const CONSTITUTIONS_SQL = `SELECT row_to_json(c) AS constitution,
  (SELECT coalesce(json_agg(r), '[]'::json) FROM co_op_class_rule r WHERE r.provider_id = c.provider_id) AS classes`;

/**
 * With the register's members in force counted by class, and the board's seats in force on $2 (a London
 * date) by class: the whole of what constitutionCheck reads, in the one statement.
 */
const FACTS_SQL = `,
  (SELECT coalesce(json_agg(x), '[]'::json) FROM (
    SELECT member_class AS "memberClass", count(*)::int AS members, (count(*) FILTER (WHERE is_public_body))::int AS "publicBodies"
    FROM co_op_member WHERE provider_id = c.provider_id AND left_at IS NULL GROUP BY member_class) x) AS register,
  (SELECT coalesce(json_agg(y), '[]'::json) FROM (
    SELECT b.member_class AS "memberClass", count(*)::int AS seats, (count(*) FILTER (WHERE m.left_at IS NOT NULL))::int AS "notMembers"
    FROM board_term b JOIN co_op_member m ON m.id = b.member_id
    WHERE b.provider_id = c.provider_id AND b.starts_on <= $2::date AND coalesce(b.ended_on, b.ends_on) > $2::date
    GROUP BY b.member_class) y) AS board`;

interface ConstitutionRow {
  constitution: Record<string, unknown>;
  classes: Record<string, unknown>[];
}

function hydrate(em: EntityManager, row: ConstitutionRow): StoredConstitution {
  return stored(
    entityFromJson(em.connection, CoOpConstitution, row.constitution),
    row.classes.map((c) => entityFromJson(em.connection, CoOpClassRule, c)),
  );
}

/** Co-ops' constitutions by provider id, in one statement for any number (Provider.constitution's loader); none for a co-op without. */
export async function readConstitutions(em: EntityManager, providerIds: readonly string[]): Promise<StoredConstitution[]> {
  const rows: ConstitutionRow[] = await em.query(`${CONSTITUTIONS_SQL} FROM co_op_constitution c WHERE c.provider_id = ANY($1::uuid[])`, [
    providerIds,
  ]);
  return rows.map((row) => hydrate(em, row));
}

/** One line per class for the audit trail's before and after. */
function classLine(c: ClassRules): string {
  const limits = [
    c.voteWeightPercent !== null && `weight ${c.voteWeightPercent}`,
    `${c.boardSeats} board seats (at least ${c.minimumBoardSeats})`,
    c.required && 'required',
    c.maxBoardShare && `at most ${shareWords(c.maxBoardShare)} of the board`,
    c.maxMemberShare && `at most ${shareWords(c.maxMemberShare)} of the members`,
    c.maxVoteShare && `at most ${shareWords(c.maxVoteShare)} of the votes`,
  ].filter(Boolean);
  return `${c.memberClass}: ${limits.join(', ')}`;
}
const auditSummary = (rules: ConstitutionRules | null) =>
  rules && {
    ...rules,
    publicBodiesMaxVoteShare: rules.publicBodiesMaxVoteShare && shareWords(rules.publicBodiesMaxVoteShare),
    classes: rules.classes.map(classLine),
  };

/** Setting out a co-op's constitution, the templates it starts from, and holding the register and board against it. */
export class ConstitutionService {
  constructor(
    private readonly uow: UnitOfWork,
    private readonly reader: GovernanceReader,
    private readonly audit: AuditService,
    private readonly directory: DirectoryService,
    private readonly memberFacts: MemberFactsRefresher,
  ) {}

  /** The four models' rules, to show before adopting one. */
  templates(): ConstitutionTemplateRules[] {
    return Object.values(TEMPLATES).map((rules) => Object.assign(new ConstitutionTemplateRules(), rulesFields(rules)));
  }

  /**
   * Replaces the co-op's constitution (its row and class rules) in one transaction, audited with the rules
   * before and after: its officers. Open motions keep the rules they opened under (Motion.rules).
   */
  async set(acting: Acting, input: SetConstitutionInput): Promise<SetConstitutionResult> {
    const actor = requirePerson(acting.actor);
    assertAllowed(
      mayKeepRegister(await this.reader.standing(actor, input.providerId)),
      'Only the co-op’s officers set out its constitution.',
    );
    const rules = rulesFromInput(input);
    if (!(await this.directory.getProvider(input.providerId, { includeUnpublished: true })))
      throw governanceNotFound('No co-op has that id.', 'input.providerId');
    return this.uow.transaction(async (em) => {
      await lockConstitution(em, input.providerId);
      const before = (await readConstitutions(em, [input.providerId]))[0]?.rules ?? null;
      const columns = {
        template: rules.template,
        votingBasis: rules.votingBasis,
        quorumPercent: rules.quorumPercent,
        ordinaryMajorityPercent: rules.ordinaryMajorityPercent,
        specialMajorityPercent: rules.specialMajorityPercent,
        minimumClasses: rules.minimumClasses,
        publicBodiesMaxVoteShareNumerator: rules.publicBodiesMaxVoteShare?.numerator ?? null,
        publicBodiesMaxVoteShareDenominator: rules.publicBodiesMaxVoteShare?.denominator ?? null,
        boardTermMonths: rules.boardTermMonths,
      };
      if (before) {
        await em.update(CoOpConstitution, { providerId: input.providerId }, { ...columns, updatedAt: () => 'now()' });
        await em.delete(CoOpClassRule, { providerId: input.providerId });
      } else {
        await em.insert(CoOpConstitution, { providerId: input.providerId, ...columns, adoptedById: actor.personId });
      }
      await em.insert(
        CoOpClassRule,
        rules.classes.map((c) => ({
          providerId: input.providerId,
          memberClass: c.memberClass,
          voteWeightPercent: c.voteWeightPercent,
          boardSeats: c.boardSeats,
          minimumBoardSeats: c.minimumBoardSeats,
          required: c.required,
          maxBoardShareNumerator: c.maxBoardShare?.numerator ?? null,
          maxBoardShareDenominator: c.maxBoardShare?.denominator ?? null,
          maxMemberShareNumerator: c.maxMemberShare?.numerator ?? null,
          maxMemberShareDenominator: c.maxMemberShare?.denominator ?? null,
          maxVoteShareNumerator: c.maxVoteShare?.numerator ?? null,
          maxVoteShareDenominator: c.maxVoteShare?.denominator ?? null,
        })),
      );
      await this.audit.record(acting, {
        action: 'constitution.set',
        objectType: 'Constitution',
        objectId: input.providerId,
        providerId: input.providerId,
        summary: { before: auditSummary(before), after: auditSummary(rules) },
      });
      await this.memberFacts.refresh(input.providerId);
      const { constitution, check } = await this.checked(em, input.providerId);
      return Object.assign(new SetConstitutionResult(), { constitution, check });
    });
  }

  /**
   * Every rule the register and the board in force today break: public for a published co-op (its rules
   * are registered and public), otherwise its coordinators' and admins'. NOT_FOUND for a co-op unknown,
   * unseen, or without a constitution in coopcare: there is nothing to check against.
   */
  async check(acting: Acting, providerId: string): Promise<ConstitutionCheck> {
    const seesUnpublished = isAdmin(acting.actor) || isCoordinatorOf(acting.actor, providerId);
    if (!(await this.directory.getProvider(providerId, { includeUnpublished: seesUnpublished })))
      throw governanceNotFound('No published co-op has that id.', 'providerId');
    return (await this.checked(this.uow.manager, providerId)).check;
  }

  private async checked(em: EntityManager, providerId: string): Promise<{ constitution: Constitution; check: ConstitutionCheck }> {
    const [row]: (ConstitutionRow & { register: ClassCount[]; board: SeatCount[]; checked_at: Date })[] = await em.query(
      `${CONSTITUTIONS_SQL}${FACTS_SQL}, now() AS checked_at FROM co_op_constitution c WHERE c.provider_id = $1`,
      [providerId, londonDate()],
    );
    if (!row) throw governanceNotFound('That co-op has not set out its constitution in coopcare.', 'providerId');
    const { rules, constitution } = hydrate(em, row);
    const breaches = checkConstitution(rules, row.register, row.board);
    const check = Object.assign(new ConstitutionCheck(), {
      providerId,
      obeysRules: breaches.length === 0,
      breaches,
      checkedAt: row.checked_at,
    });
    return { constitution, check };
  }
}
