import { randomUUID } from 'node:crypto';
import { type Acting, requirePerson } from '../auth/actor.js';
import { forbidden } from '../auth/auth.exception.js';
import type { AuditService } from '../audit/audit.service.js';
import type { UnitOfWork } from '../common/unit-of-work.js';
import type { CarePlan } from './care-plan.entity.js';
import type { CarePlanAccess } from './care-plan-access.js';
import type { CarePlanMessages } from './care-plan-messages.js';
import { CARE_PLAN_TEXT_LIMITS as LIMIT, type CarePlanChange } from './care-plan-content.js';
import { londonDate } from '../common/london.js';
import type { SupportLinks, SupportToLink } from './support-links.js';
import { GoalReviewRow, ProposalRow } from './care-plan-records.entity.js';
import { optionalText } from './care-plan-rules.js';
import { itemsAt, writeVersion } from './care-plan-store.js';
import { CarePlanItemKind, CarePlanRole, ProposalStatus } from './careplans.enums.js';
import { CarePlanConflict, CarePlansException, CarePlansExceptionCode, carePlanNotFound } from './careplans.exception.js';
import { applyChanges, checkChangeCount, toChanges } from './change-engine.js';
import { CarePlanProposal, type ProposeCarePlanChangeInput } from './co-design.types.js';
import { planEvent } from './plan-event.js';

/** A stored proposal as the schema shows it, read through `plan`. */
export function proposalView(row: ProposalRow, plan: CarePlan): CarePlanProposal {
  return Object.assign(new CarePlanProposal(), {
    id: row.id,
    baseVersion: row.baseVersion,
    comment: row.comment,
    status: row.status,
    proposedAt: row.proposedAt,
    decidedAt: row.decidedAt,
    reason: row.reason,
    resultingVersion: row.resultingVersion,
    stored: row.changes,
    proposedById: row.proposedById,
    decidedById: row.decidedById,
    plan,
  });
}

/** The supports the changes add or edit, each with the input field to name if its links are refused. */
function supportsOf(changes: readonly CarePlanChange[]): SupportToLink[] {
  return changes.flatMap((c, i) =>
    c.action !== 'REMOVE' && c.kind === CarePlanItemKind.SUPPORT
      ? [{ content: c.content, argument: `changes[${i}].${c.action === 'ADD' ? 'addSupport' : 'editSupport'}` }]
      : [],
  );
}

/**
 * Runs a check of what a proposal would make as the plan stands now. A proposal valid when made may no longer
 * fit once others were accepted (the plan too big) or its links changed (a booking since cancelled): that is
 * the plan's state, not the decider's input, so it is a CONFLICT like any other clash, and nothing is written.
 */
async function asStateConflict<T>(check: () => T | Promise<T>): Promise<T> {
  try {
    return await check();
  } catch (error) {
    if (error instanceof CarePlansException && error.code === CarePlansExceptionCode.INVALID_INPUT)
      throw new CarePlanConflict(error.message);
    throw error;
  }
}

/** What audit summaries say of changes: their actions and kinds, never their content. */
const kindsOf = (changes: readonly CarePlanChange[]) => changes.map((c) => `${c.action} ${c.kind}`);

/**
 * Proposals (design.md "Proposals"): anyone in the circle with SUGGEST or more, and the lead coordinator,
 * proposes changes against a base version; the person or their EDIT_PLAN representative accepts (making
 * the next version) or rejects; the proposer may withdraw. Every write locks the plan row first, so
 * decisions on one plan run one after another and each sees the version the last one made.
 */
export class ProposalsService {
  constructor(
    private readonly uow: UnitOfWork,
    private readonly audit: AuditService,
    private readonly access: CarePlanAccess,
    private readonly links: SupportLinks,
    private readonly messages: CarePlanMessages,
  ) {}

  async propose(acting: Acting, input: ProposeCarePlanChangeInput): Promise<CarePlanProposal> {
    const actor = requirePerson(acting.actor);
    checkChangeCount(input.changes);
    const comment = optionalText(input.comment, LIMIT.comment, 'comment');
    return this.uow.transaction(async (em) => {
      const { plan } = await this.access.requirePlanRole(acting, input.planId, CarePlanRole.SUGGEST, { lockPlan: true });
      const base = input.baseVersion;
      if (!Number.isInteger(base) || base < 1 || base > plan.currentVersion) {
        throw carePlanNotFound('The plan has no such version.', 'baseVersion');
      }
      const changes = toChanges(await itemsAt(this.uow, plan.id, base), input.changes, randomUUID);
      await this.links.check(plan.personId, supportsOf(changes));
      const row = await em.save(
        em.create(ProposalRow, {
          planId: plan.id,
          baseVersion: base,
          changes,
          comment,
          proposedById: actor.personId,
          status: ProposalStatus.OPEN,
        }),
      );
      await this.audit.record(
        acting,
        planEvent(plan, 'carePlan.propose', {
          proposalId: row.id,
          baseVersion: base,
          version: plan.currentVersion,
          changes: kindsOf(changes),
        }),
      );
      await this.messages.proposalWaiting(plan, actor.personId);
      return proposalView(row, plan);
    });
  }

  /**
   * Applies an open proposal to the CURRENT version, making the next: CONFLICT (nothing written, the
   * proposal stays open) when it touches what changed since its base or a support's link no longer holds.
   * Added goals' baselines become their first ratings, recorded by whoever accepts (the person's own scores,
   * as proposed).
   */
  async accept(acting: Acting, proposalId: string): Promise<CarePlan> {
    const actor = requirePerson(acting.actor);
    return this.uow.transaction(async (em) => {
      const { plan, proposal } = await this.openProposal(acting, proposalId, CarePlanRole.OWNER);
      const current = await itemsAt(this.uow, plan.id, plan.currentVersion);
      const next = await asStateConflict(() => applyChanges(current, proposal.changes, 'proposalId'));
      // Its links were checked when proposed; a booking may have been cancelled since.
      await asStateConflict(() => this.links.check(plan.personId, supportsOf(proposal.changes)));
      const version = await writeVersion(this.uow, plan, { ...next, createdById: actor.personId, proposalId: proposal.id });
      const ratedOn = londonDate();
      const baselines = proposal.changes.flatMap((c) =>
        c.action === 'ADD' && c.kind === CarePlanItemKind.GOAL && c.baseline
          ? [{ planId: plan.id, goalId: c.itemId, ...c.baseline, ratedOn, recordedById: actor.personId }]
          : [],
      );
      if (baselines.length > 0) await em.insert(GoalReviewRow, baselines);
      await em.update(
        ProposalRow,
        { id: proposal.id },
        { status: ProposalStatus.ACCEPTED, decidedById: actor.personId, decidedAt: new Date(), resultingVersion: version },
      );
      await this.audit.record(
        acting,
        planEvent(plan, 'carePlan.acceptProposal', {
          proposalId: proposal.id,
          baseVersion: proposal.baseVersion,
          version,
          baselines: baselines.length,
        }),
      );
      return plan;
    });
  }

  async reject(acting: Acting, proposalId: string, reason: string | null | undefined): Promise<CarePlanProposal> {
    const text = optionalText(reason, LIMIT.reason, 'reason');
    return this.decide(acting, proposalId, CarePlanRole.OWNER, ProposalStatus.REJECTED, text);
  }

  /** For whoever proposed it, while they are in the circle: FORBIDDEN for anyone else. */
  async withdraw(acting: Acting, proposalId: string): Promise<CarePlanProposal> {
    return this.decide(acting, proposalId, CarePlanRole.VIEW, ProposalStatus.WITHDRAWN, null);
  }

  private async decide(
    acting: Acting,
    proposalId: string,
    needed: CarePlanRole,
    status: ProposalStatus.REJECTED | ProposalStatus.WITHDRAWN,
    reason: string | null,
  ): Promise<CarePlanProposal> {
    const actor = requirePerson(acting.actor);
    return this.uow.transaction(async (em) => {
      const { plan, proposal } = await this.openProposal(acting, proposalId, needed, status === ProposalStatus.WITHDRAWN);
      Object.assign(proposal, { status, reason, decidedById: actor.personId, decidedAt: new Date() });
      await em.update(ProposalRow, { id: proposal.id }, { status, reason, decidedById: actor.personId, decidedAt: proposal.decidedAt });
      const action = status === ProposalStatus.REJECTED ? 'carePlan.rejectProposal' : 'carePlan.withdrawProposal';
      await this.audit.record(
        acting,
        planEvent(plan, action, {
          proposalId: proposal.id,
          version: plan.currentVersion,
          ...(status === ProposalStatus.REJECTED && { hasReason: !!reason }),
        }),
      );
      return proposalView(proposal, plan);
    });
  }

  /**
   * The proposal and its plan, the plan row locked: NOT_FOUND for an unknown proposal, FORBIDDEN (no
   * hint) outside the plan's circle or below `needed`, CONFLICT once it is no longer open. The proposal
   * is read again under the lock, so a decision that committed meanwhile is seen.
   */
  private async openProposal(acting: Acting, proposalId: string, needed: CarePlanRole, proposerOnly = false) {
    const actor = requirePerson(acting.actor);
    const em = this.uow.manager;
    const found = await em.findOneBy(ProposalRow, { id: proposalId });
    if (!found) throw carePlanNotFound('No proposal has this id.', 'proposalId');
    const { plan } = await this.access.requirePlanRole(acting, found.planId, needed, { lockPlan: true });
    const proposal = await em.findOneByOrFail(ProposalRow, { id: proposalId });
    if (proposerOnly && proposal.proposedById !== actor.personId) throw forbidden('Only whoever proposed a change may withdraw it.');
    if (proposal.status !== ProposalStatus.OPEN) {
      throw new CarePlanConflict(`This proposal is no longer open: it was ${proposal.status.toLowerCase()}.`);
    }
    return { plan, proposal };
  }
}
