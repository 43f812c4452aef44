import type { AuditService } from '../audit/audit.service.js';
import { assertAllowed, isAdmin, isCoordinatorOf, officerCouncilIds, requirePerson, type Acting } from '../auth/actor.js';
import type { LoaderRegistry } from '../common/loaders.js';
import type { UnitOfWork } from '../common/unit-of-work.js';
import {
  type BoardSeatInput,
  givenServiceFields,
  type MemberClassCountInput,
  PROVIDER_SETS,
  type UpdateProviderInput,
  type UpsertServiceInput,
} from './curation.inputs.js';
import { ProviderStatus } from './directory.enums.js';
import { DirectoryException, DirectoryExceptionCode, invalidInput } from './directory.exception.js';
import { statusChangesByProviderId } from './directory.loaders.js';
import type { DirectoryService } from './directory.service.js';
import type { ListingsWriter } from './listings.writer.js';
import type { Provider } from './provider.entity.js';
import { ProviderStatusChange } from './provider-status-change.entity.js';
import type { Service } from './service.entity.js';

/** Fields the audit trail says changed without copying them: personal contact details and long free text. */
const AUDITED_AS_CHANGED: readonly string[] = ['contactEmail', 'contactPhone', 'description'];
const MAX_REASON = 1000;

/**
 * Who may change a listing, and the change with its audit event in one unit of work: coordinators edit
 * their own provider and its services; officers publish and suspend providers that serve or are based
 * in their council's area; admins may do all of it. The writes themselves (checks, locks, lookups) are
 * the listings writer's, which only this service holds.
 */
export class DirectoryCurationService {
  constructor(
    private readonly uow: UnitOfWork,
    private readonly directory: DirectoryService,
    private readonly writer: ListingsWriter,
    private readonly audit: AuditService,
  ) {}

  async updateProvider(acting: Acting, id: string, edit: Omit<UpdateProviderInput, 'id'>): Promise<Provider> {
    requirePerson(acting.actor);
    assertAllowed(isAdmin(acting.actor) || isCoordinatorOf(acting.actor, id), 'Only a coordinator of this provider may edit its listing.');
    return this.uow.transaction(async () => {
      // Councils before and after: one whose area the provider leaves still sees the change that left it.
      const councilsBefore = await this.councilsOf(id);
      const { saved, previous, locations } = await this.writer.updateProvider(id, edit);
      const own = Object.keys(edit).filter((k) => !(PROVIDER_SETS as readonly string[]).includes(k)) as (keyof Provider)[];
      const changed = own.filter((k) => previous[k] !== saved[k]);
      await this.audit.record(acting, {
        action: 'provider.update',
        objectType: 'Provider',
        objectId: id,
        providerId: id,
        councilIds: [...new Set([...councilsBefore, ...(await this.councilsOf(id))])].sort(),
        // The sets by size only: what a coordinator typed about places stays out of the trail.
        summary: {
          changed: Object.fromEntries(changed.map((k) => [k, AUDITED_AS_CHANGED.includes(k) ? '(changed)' : saved[k]])),
          ...definedOnly({
            memberClasses: edit.memberClasses?.length,
            boardSeats: edit.boardSeats?.length,
            serviceAreas: edit.serviceAreas?.length,
            locations,
          }),
        },
      });
      return saved;
    });
  }

  /**
   * For a co-op that keeps its register in coopcare: governance hands over the counts it keeps, in its own
   * transaction (it authorizes and audits the change that caused them), and the listing shows them from then on.
   */
  replaceMemberFactsFromRegister(
    providerId: string,
    facts: { memberClasses: readonly MemberClassCountInput[]; boardSeats: readonly BoardSeatInput[] },
  ): Promise<void> {
    return this.writer.replaceMemberFactsFromRegister(providerId, facts);
  }

  async upsertService(acting: Acting, input: UpsertServiceInput): Promise<Service> {
    requirePerson(acting.actor);
    assertAllowed(
      isAdmin(acting.actor) || isCoordinatorOf(acting.actor, input.providerId),
      'Only a coordinator of this provider may edit its services.',
    );
    const { id, providerId, ...edit } = input;
    return this.uow.transaction(async () => {
      const saved = id
        ? (await this.writer.updateService(id, providerId, edit)).saved
        : await this.writer.createService({ ...edit, providerId });
      const { category, description, openingTimes, areas, ...shown } = givenServiceFields(edit);
      await this.audit.record(acting, {
        action: id ? 'service.update' : 'service.create',
        objectType: 'Service',
        objectId: saved.id,
        providerId: saved.providerId,
        councilIds: await this.councilsOf(saved.providerId),
        summary: {
          ...Object.fromEntries(Object.keys(shown).map((k) => [k, saved[k as keyof Service]])),
          categoryId: saved.categoryId,
          category,
          description: description === undefined ? undefined : '(changed)',
          ...definedOnly({ openingTimes: openingTimes?.length, areas: areas?.length }),
        },
      });
      return saved;
    });
  }

  /**
   * Officers act on providers based in or serving their council's postcode districts. The reason is kept
   * with the listing's status history (`statusChanges`), not in the audit trail, which may not hold free text.
   */
  async setProviderStatus(
    acting: Acting,
    id: string,
    status: ProviderStatus.PUBLISHED | ProviderStatus.SUSPENDED,
    reason?: string | null,
  ): Promise<Provider> {
    const actor = requirePerson(acting.actor);
    const why = reason?.trim() || null;
    if (why && why.length > MAX_REASON) throw invalidInput(`Keep the reason to ${MAX_REASON} characters.`, 'reason');
    return this.uow.transaction(async (em) => {
      // One lookup: every council the provider serves is the audit event's, and the officer's among them decide.
      const serving = await this.directory.councilsServing(id);
      let councilId: string | null = null;
      if (!isAdmin(actor)) {
        if (!serving) throw new DirectoryException(DirectoryExceptionCode.PROVIDER_NOT_FOUND, 'There is no such provider.');
        const officerOf = officerCouncilIds(actor);
        councilId = serving.find((c) => officerOf.includes(c)) ?? null;
        assertAllowed(councilId !== null, 'Only an officer of a council this provider serves may publish or suspend it.');
      }
      const councilIds = serving ?? [];
      const { saved, previous } = await this.writer.setProviderStatus(id, status);
      const change = await em.save(
        em.create(ProviderStatusChange, { providerId: id, from: previous.status, to: status, reason: why, changedById: actor.personId }),
      );
      await this.audit.record(acting, {
        action: status === ProviderStatus.PUBLISHED ? 'provider.publish' : 'provider.suspend',
        objectType: 'Provider',
        objectId: id,
        providerId: id,
        councilId,
        councilIds,
        summary: { from: previous.status, to: status, statusChangeId: change.id, reasonGiven: why !== null },
      });
      return saved;
    });
  }

  /**
   * The listing's publishes and suspensions with their reasons, newest first: for admins and officers of
   * a council the provider is based in or serves; null for anyone else, as for a provider that does not exist.
   * Through the request's loaders, so a list of providers costs one statement for the check and one for the changes.
   */
  async statusChanges(acting: Acting, loaders: LoaderRegistry, providerId: string): Promise<ProviderStatusChange[] | null> {
    if (!isAdmin(acting.actor)) {
      const councils = officerCouncilIds(acting.actor);
      if (councils.length === 0 || !(await this.directory.councilsServing(providerId, councils, loaders))?.length) return null;
    }
    return loaders.get(statusChangesByProviderId).load(providerId);
  }

  /** Every council the provider is based in or serves: their officers see its listing changes in their trail. */
  private async councilsOf(providerId: string): Promise<string[]> {
    return (await this.directory.councilsServing(providerId)) ?? [];
  }
}

/** The entries whose value is not undefined, so the audit summary holds only what was given. */
function definedOnly(entries: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(Object.entries(entries).filter(([, v]) => v !== undefined));
}
