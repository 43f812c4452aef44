import type { EntityManager } from 'typeorm';
import type { UnitOfWork } from '../common/unit-of-work.js';
import { assertAllowed, isAdmin, isCoordinatorOf, officerCouncilIds, requirePerson, type Acting } from '../auth/actor.js';
import type { AuditService } from '../audit/audit.service.js';
import { notFound } from '../common/errors.js';
import { ProviderStatus, ServiceStatus } from './directory.enums.js';
import type { DirectoryService, ProviderPatch, ProviderSets, ServicePatch, ServiceSets } from './directory.service.js';
import type { Provider } from './provider.entity.js';
import type { Service } from './service.entity.js';

/** The listing fields a provider's coordinators edit; status, slug and CQC facts are not theirs to set. */
export interface ProviderEdit {
  name?: string | null;
  summary?: string | null;
  description?: string | null;
  registrationNumber?: string | null;
  contactEmail?: string | null;
  contactPhone?: string | null;
  website?: string | null;
  paysRealLivingWage?: boolean | null;
  staffTurnoverPercent?: number | null;
  /** Each set, when given, replaces the provider's; left out or null, it stays as it is. */
  memberClasses?: ProviderSets['memberClasses'] | null;
  boardSeats?: ProviderSets['boardSeats'] | null;
  serviceAreas?: ProviderSets['serviceAreas'] | null;
  locations?: ProviderSets['locations'] | null;
}

const PROVIDER_SETS = ['memberClasses', 'boardSeats', 'serviceAreas', 'locations'] as const;
/** Fields the audit trail says changed without copying them: personal contact details and long free text. */
const AUDITED_AS_CHANGED: readonly string[] = ['contactEmail', 'contactPhone', 'description'];

export interface ServiceEdit {
  /** Absent: a new service. */
  id?: string | null;
  providerId: string;
  /** Category slug. */
  category: string;
  name: string;
  description?: string | null;
  hourlyRatePence: number;
  minimumVisitMinutes?: number | null;
  travelChargePencePerVisit?: number | null;
  cancellationNoticeHours?: number | null;
  acceptsDirectPayments?: boolean | null;
  acceptsCouncilManagedBudgets?: boolean | null;
  acceptsIndividualServiceFunds?: boolean | null;
  languages?: string[] | null;
  /** Null clears a limit. */
  minimumAge?: number | null;
  maximumAge?: number | null;
  status?: ServiceStatus | null;
  /** When given, replaces the weekly schedule; [] clears it. */
  openingTimes?: ServiceSets['openingTimes'] | null;
  /** When given, replaces the service's own areas (not its provider's); [] clears them. */
  areas?: ServiceSets['areas'] | null;
}

/**
 * Who may change a listing, and the change with its audit event in one transaction: coordinators edit
 * their own provider and its services; officers publish and suspend providers that serve or are based
 * in their council's area; admins may do all of it. The writes themselves (checks, locks, lookups) are
 * DirectoryService's, run in this service's transaction.
 */
export class DirectoryCurationService {
  constructor(
    private readonly uow: UnitOfWork,
    private readonly directory: DirectoryService,
    private readonly audit: AuditService,
  ) {}

  async updateProvider(acting: Acting, id: string, edit: ProviderEdit): Promise<Provider> {
    requirePerson(acting.actor);
    assertAllowed(isAdmin(acting.actor) || isCoordinatorOf(acting.actor, id), 'Only a coordinator of this provider may edit its listing.');
    const patch = givenFields(edit, ['name', 'summary', 'description', 'paysRealLivingWage', ...PROVIDER_SETS]) as ProviderPatch & ProviderSets;
    return this.uow.transaction(async (em) => {
      // Councils before and after: one whose area the provider leaves still sees the change that left it.
      const councilsBefore = await this.councilsOf(id, em);
      const { saved, previous, locations } = await this.directory.updateProvider(id, patch, em);
      const own = Object.keys(patch).filter((k) => !(PROVIDER_SETS as readonly string[]).includes(k)) as (keyof ProviderPatch & keyof Provider)[];
      const changed = own.filter((k) => previous[k] !== saved[k]);
      await this.audit.record(acting, {
        action: 'provider.update',
        objectType: 'Provider',
        objectId: id,
        providerId: id,
        councilIds: [...new Set([...councilsBefore, ...(await this.councilsOf(id, em))])].sort(),
        // The sets by size only: what a coordinator typed about places stays out of the trail.
        summary: {
          changed: Object.fromEntries(changed.map((k) => [k, AUDITED_AS_CHANGED.includes(k) ? '(changed)' : saved[k]])),
          ...givenFields({ memberClasses: patch.memberClasses?.length, boardSeats: patch.boardSeats?.length, serviceAreas: patch.serviceAreas?.length, locations }, []),
        },
      });
      return saved;
    });
  }

  async upsertService(acting: Acting, edit: ServiceEdit): Promise<Service> {
    requirePerson(acting.actor);
    assertAllowed(isAdmin(acting.actor) || isCoordinatorOf(acting.actor, edit.providerId), 'Only a coordinator of this provider may edit its services.');
    const { id, providerId, ...rest } = edit;
    // Left out or null: unchanged on an existing service, the default on a new one; but a null age clears that limit.
    const fields = givenFields(
      rest,
      Object.keys(rest).filter((k) => k !== 'minimumAge' && k !== 'maximumAge'),
    ) as Partial<ServiceEdit> as ServicePatch & ServiceSets & { category: string; name: string; hourlyRatePence: number };
    return this.uow.transaction(async (em) => {
      const saved = id
        ? (await this.directory.updateService(id, providerId, fields, em)).saved
        : await this.directory.createService({ ...fields, providerId }, em);
      const { category, description, openingTimes, areas, ...shown } = fields;
      await this.audit.record(acting, {
        action: id ? 'service.update' : 'service.create',
        objectType: 'Service',
        objectId: saved.id,
        providerId: saved.providerId,
        councilIds: await this.councilsOf(saved.providerId, em),
        summary: {
          ...Object.fromEntries(Object.keys(shown).map((k) => [k, saved[k as keyof Service]])),
          categoryId: saved.categoryId,
          category,
          description: description === undefined ? undefined : '(changed)',
          ...givenFields({ openingTimes: openingTimes?.length, areas: areas?.length }, []),
        },
      });
      return saved;
    });
  }

  /** Officers act on providers based in or serving their council's postcode districts. */
  async setProviderStatus(acting: Acting, id: string, status: ProviderStatus.PUBLISHED | ProviderStatus.SUSPENDED, reason?: string | null): Promise<Provider> {
    requirePerson(acting.actor);
    return this.uow.transaction(async (em) => {
      let councilId: string | null = null;
      if (!isAdmin(acting.actor)) {
        const councils = await this.directory.councilsServing(id, officerCouncilIds(acting.actor), em);
        if (!councils) throw notFound('There is no such provider.');
        assertAllowed(councils.length > 0, 'Only an officer of a council this provider serves may publish or suspend it.');
        councilId = councils[0]!;
      }
      const councilIds = await this.councilsOf(id, em);
      const { saved, previous } = await this.directory.setProviderStatus(id, status, em);
      await this.audit.record(acting, {
        action: status === ProviderStatus.PUBLISHED ? 'provider.publish' : 'provider.suspend',
        objectType: 'Provider',
        objectId: id,
        providerId: id,
        councilId,
        councilIds,
        summary: { from: previous.status, to: status, reason: reason?.trim() || undefined },
      });
      return saved;
    });
  }

  /** Every council the provider is based in or serves: their officers see its listing changes in their trail. */
  private async councilsOf(providerId: string, em: EntityManager): Promise<string[]> {
    const all: { id: string }[] = await em.query(`SELECT id::text AS id FROM council`);
    return (await this.directory.councilsServing(providerId, all.map((c) => c.id), em)) ?? [];
  }
}

/**
 * The fields of a GraphQL input that were given. GraphQL's null means "clear" for a nullable column, but
 * for the `required` ones (never null in the database) it can only mean "leave as it is".
 */
function givenFields(input: object, required: readonly string[]): Record<string, unknown> {
  return Object.fromEntries(Object.entries(input).filter(([k, v]) => v !== undefined && !(v === null && required.includes(k))));
}
