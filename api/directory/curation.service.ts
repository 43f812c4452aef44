import type { DataSource } from 'typeorm';
import { assertAllowed, isAdmin, isCoordinatorOf, officerCouncilIds, requirePerson, type Acting } from '../accounts/actor.js';
import type { AuditService } from '../audit/audit.service.js';
import { badUserInput, notFound } from '../common/errors.js';
import { ProviderStatus, ServiceStatus } from './directory.enums.js';
import { Provider } from './provider.entity.js';
import { ServiceCategory } from './service-category.entity.js';
import { Service } from './service.entity.js';

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
}

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
  status?: ServiceStatus | null;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * Who may change a listing, and the change with its audit event in one transaction: coordinators edit
 * their own provider and its services; officers publish and suspend providers that serve or are based
 * in their council's area; admins may do all of it.
 */
export class DirectoryCurationService {
  constructor(
    private readonly db: DataSource,
    private readonly audit: AuditService,
  ) {}

  async updateProvider(acting: Acting, id: string, edit: ProviderEdit): Promise<Provider> {
    requirePerson(acting.actor);
    assertAllowed(isAdmin(acting.actor) || isCoordinatorOf(acting.actor, id), 'Only a coordinator of this provider may edit its listing.');
    const patch: Partial<Provider> = {};
    for (const [k, v] of Object.entries(edit) as [keyof ProviderEdit, unknown][]) {
      if (v === undefined) continue;
      if (v === null && (k === 'name' || k === 'summary' || k === 'description' || k === 'paysRealLivingWage')) continue;
      (patch as Record<string, unknown>)[k] = typeof v === 'string' ? v.trim() : v;
    }
    if (patch.name !== undefined && (!patch.name || patch.name.length > 200)) throw badUserInput('A name of 1 to 200 characters is needed.', 'name');
    if (patch.summary !== undefined && patch.summary!.length > 500) throw badUserInput('The summary is at most 500 characters.', 'summary');
    if (patch.description !== undefined && patch.description!.length > 10_000) throw badUserInput('The description is at most 10,000 characters.', 'description');
    if (patch.staffTurnoverPercent != null && !(patch.staffTurnoverPercent >= 0 && patch.staffTurnoverPercent <= 100)) {
      throw badUserInput('staffTurnoverPercent is between 0 and 100.', 'staffTurnoverPercent');
    }
    if (patch.website && !/^https?:\/\/\S+$/.test(patch.website)) throw badUserInput('The website must start with http:// or https://.', 'website');
    return this.db.transaction(async (em) => {
      const provider = UUID.test(id) ? await em.findOne(Provider, { where: { id }, lock: { mode: 'pessimistic_write' } }) : null;
      if (!provider) throw notFound('There is no such provider.');
      const changed = Object.keys(patch).filter((k) => (provider as unknown as Record<string, unknown>)[k] !== (patch as Record<string, unknown>)[k]);
      Object.assign(provider, patch);
      const saved = await em.save(provider);
      await this.audit.record(em, acting, {
        action: 'provider.update',
        objectType: 'Provider',
        objectId: id,
        providerId: id,
        summary: { changed: Object.fromEntries(changed.map((k) => [k, (patch as Record<string, unknown>)[k]])) },
      });
      return saved;
    });
  }

  async upsertService(acting: Acting, edit: ServiceEdit): Promise<Service> {
    requirePerson(acting.actor);
    assertAllowed(isAdmin(acting.actor) || isCoordinatorOf(acting.actor, edit.providerId), 'Only a coordinator of this provider may edit its services.');
    const name = edit.name.trim();
    if (!name || name.length > 200) throw badUserInput('A name of 1 to 200 characters is needed.', 'name');
    if (!Number.isInteger(edit.hourlyRatePence) || edit.hourlyRatePence < 0 || edit.hourlyRatePence > 100_000) {
      throw badUserInput('hourlyRatePence is a whole number of pence from 0 to 100000.', 'hourlyRatePence');
    }
    for (const k of ['minimumVisitMinutes', 'travelChargePencePerVisit', 'cancellationNoticeHours'] as const) {
      const v = edit[k];
      if (v != null && (!Number.isInteger(v) || v < 0 || v > 10_000)) throw badUserInput(`${k} is a whole number from 0 to 10000.`, k);
    }
    return this.db.transaction(async (em) => {
      const category = await em.findOneBy(ServiceCategory, { slug: edit.category });
      if (!category) throw badUserInput(`Unknown service category: ${edit.category.slice(0, 60)}.`, 'category');
      let service: Service;
      if (edit.id) {
        const found = UUID.test(edit.id) ? await em.findOne(Service, { where: { id: edit.id }, lock: { mode: 'pessimistic_write' } }) : null;
        if (!found) throw notFound('There is no such service.');
        // A service stays with its provider: moving it would be editing another provider's listing.
        assertAllowed(found.providerId === edit.providerId, 'This service belongs to another provider.');
        service = found;
      } else {
        const provider = UUID.test(edit.providerId) ? await em.findOneBy(Provider, { id: edit.providerId }) : null;
        if (!provider) throw notFound('There is no such provider.');
        service = em.create(Service, { providerId: edit.providerId });
      }
      const fields: Partial<Service> = { name, categoryId: category.id, hourlyRatePence: edit.hourlyRatePence };
      if (edit.description != null) fields.description = edit.description.slice(0, 10_000);
      for (const k of [
        'minimumVisitMinutes',
        'travelChargePencePerVisit',
        'cancellationNoticeHours',
        'acceptsDirectPayments',
        'acceptsCouncilManagedBudgets',
        'acceptsIndividualServiceFunds',
        'languages',
        'status',
      ] as const) {
        if (edit[k] != null) (fields as Record<string, unknown>)[k] = edit[k];
      }
      Object.assign(service, fields);
      const saved = await em.save(service);
      await this.audit.record(em, acting, {
        action: edit.id ? 'service.update' : 'service.create',
        objectType: 'Service',
        objectId: saved.id,
        providerId: saved.providerId,
        summary: { ...fields, category: edit.category, description: fields.description === undefined ? undefined : '(changed)' },
      });
      return saved;
    });
  }

  /** Officers act on providers based in or serving their council's postcode districts. */
  async setProviderStatus(acting: Acting, id: string, status: ProviderStatus.PUBLISHED | ProviderStatus.SUSPENDED, reason?: string | null): Promise<Provider> {
    requirePerson(acting.actor);
    return this.db.transaction(async (em) => {
      const provider = UUID.test(id) ? await em.findOne(Provider, { where: { id }, lock: { mode: 'pessimistic_write' } }) : null;
      if (!provider) throw notFound('There is no such provider.');
      let councilId: string | null = null;
      if (!isAdmin(acting.actor)) {
        const councils = officerCouncilIds(acting.actor);
        const rows: { id: string }[] = councils.length
          ? await em.query(
              `SELECT c.id FROM council c
                WHERE c.id = ANY($2)
                  AND (EXISTS (SELECT 1 FROM service_area a WHERE a.provider_id = $1 AND a.outcode = ANY(c.postcode_districts))
                    OR EXISTS (SELECT 1 FROM provider_location l WHERE l.provider_id = $1
                                AND upper(split_part(l.postcode, ' ', 1)) = ANY(c.postcode_districts)))
                ORDER BY c.id LIMIT 1`,
              [id, councils],
            )
          : [];
        assertAllowed(rows.length > 0, 'Only an officer of a council this provider serves may publish or suspend it.');
        councilId = rows[0]!.id;
      }
      const from = provider.status;
      provider.status = status;
      const saved = await em.save(provider);
      await this.audit.record(em, acting, {
        action: status === ProviderStatus.PUBLISHED ? 'provider.publish' : 'provider.suspend',
        objectType: 'Provider',
        objectId: id,
        providerId: id,
        councilId,
        summary: { from, to: status, reason: reason?.trim() || undefined },
      });
      return saved;
    });
  }
}
