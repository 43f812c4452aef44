import { type EntityManager, In } from 'typeorm';
import { LoaderRegistry } from '../common/loaders.js';
import type { UnitOfWork } from '../common/unit-of-work.js';
import type { GeoLocation } from '../geo/geo.types.js';
import { Consortium } from './consortium.entity.js';
import { Council } from './council.entity.js';
import { councilsServingByProviderId } from './directory.loaders.js';
import { Provider } from './provider.entity.js';
import { Service } from './service.entity.js';
import { ServiceCategory } from './service-category.entity.js';
import { activeServiceSql, isPublished, publishedProviderSql } from './visibility.js';

interface VisibilityOptions {
  /** Include DRAFT and SUSPENDED providers (and inactive services): for callers that have checked the viewer may see them. */
  includeUnpublished?: boolean;
}

/** Reads of the directory's records, public ones unless the caller says it may see the rest. Searches are DirectorySearchService's. */
export class DirectoryService {
  constructor(private readonly uow: UnitOfWork) {}

  private get db(): EntityManager {
    return this.uow.manager;
  }

  /** A provider; null when unknown or (without includeUnpublished) not published. */
  async getProvider(id: string, options: VisibilityOptions = {}): Promise<Provider | null> {
    const provider = await this.db.getRepository(Provider).findOneBy({ id });
    return options.includeUnpublished || isPublished(provider) ? provider : null;
  }

  async getProviderBySlug(slug: string, options: VisibilityOptions = {}): Promise<Provider | null> {
    const provider = await this.db.getRepository(Provider).findOneBy({ slug });
    return options.includeUnpublished || isPublished(provider) ? provider : null;
  }

  /** A service; null when unknown or (without includeUnpublished) inactive or of an unpublished provider. */
  async getService(id: string, options: VisibilityOptions = {}): Promise<Service | null> {
    const rows = await this.db
      .getRepository(Service)
      .createQueryBuilder('s')
      .innerJoin(Provider, 'p', 'p.id = s.provider_id')
      .where('s.id = :id', { id })
      .andWhere(options.includeUnpublished ? 'TRUE' : `${publishedProviderSql('p')} AND ${activeServiceSql('s')}`)
      .getMany();
    return rows[0] ?? null;
  }

  /** A provider's service of that name, whatever its status; for seeding data that refers to a listing. */
  serviceNamed(providerId: string, name: string): Promise<Service | null> {
    return this.db.getRepository(Service).findOneBy({ providerId, name });
  }

  /** Providers' names by id, in one statement, published or not: for other domains that name a co-op they already hold. */
  async providerNames(ids: readonly string[]): Promise<Map<string, string>> {
    if (ids.length === 0) return new Map();
    const rows = await this.db.getRepository(Provider).find({ select: { id: true, name: true }, where: { id: In([...new Set(ids)]) } });
    return new Map(rows.map((p) => [p.id, p.name]));
  }

  listCategories(): Promise<ServiceCategory[]> {
    return this.db.getRepository(ServiceCategory).find({ order: { position: 'ASC', name: 'ASC' } });
  }

  listConsortia(): Promise<Consortium[]> {
    return this.db.getRepository(Consortium).find({ order: { name: 'ASC' } });
  }

  async councilExists(id: string): Promise<boolean> {
    return this.db.existsBy(Council, { id });
  }

  getCouncil(id: string): Promise<Council | null> {
    return this.db.getRepository(Council).findOneBy({ id });
  }

  listCouncils(): Promise<Council[]> {
    return this.db.getRepository(Council).find({ order: { name: 'ASC' } });
  }

  /**
   * What a council's spend report says about the providers it paid, whatever their listing's status:
   * whether each is a co-operative, the care workers' pay it publishes, and whether it is based in the
   * council's area (one of its locations has a postcode district of the council's). Unknown ids are left out.
   */
  providersAsSeenByCouncil(
    councilId: string,
    providerIds: readonly string[],
  ): Promise<{ id: string; isCooperative: boolean; careWorkerHourlyPayPence: number | null; basedInCouncilArea: boolean }[]> {
    if (providerIds.length === 0) return Promise.resolve([]);
    return this.db.query(
      `SELECT p.id, p.is_cooperative AS "isCooperative", p.care_worker_hourly_pay_pence AS "careWorkerHourlyPayPence",
              EXISTS (SELECT 1 FROM provider_location l JOIN council c ON c.id = $1
                       WHERE l.provider_id = p.id AND upper(split_part(l.postcode, ' ', 1)) = ANY(c.postcode_districts))
                AS "basedInCouncilArea"
         FROM provider p WHERE p.id = ANY($2::uuid[])`,
      [councilId, providerIds],
    );
  }

  /**
   * The names of these services and of their providers (by service id), whatever their status, for
   * records that name a service chosen earlier (a care plan's supports); unknown ids are left out. One statement.
   */
  async serviceAndProviderNames(serviceIds: readonly string[]): Promise<Map<string, { serviceName: string; providerName: string }>> {
    if (serviceIds.length === 0) return new Map();
    const rows: { id: string; service_name: string; provider_name: string }[] = await this.db.query(
      `SELECT s.id, s.name AS service_name, p.name AS provider_name FROM service s JOIN provider p ON p.id = s.provider_id
        WHERE s.id = ANY($1::uuid[])`,
      [[...new Set(serviceIds)]],
    );
    return new Map(rows.map((r) => [r.id, { serviceName: r.service_name, providerName: r.provider_name }]));
  }

  /** The category of each of the services (by service id), whatever their status; unknown ids are left out. */
  async categoryIdsOfServices(serviceIds: readonly string[]): Promise<Map<string, string>> {
    if (serviceIds.length === 0) return new Map();
    const rows = await this.db.getRepository(Service).find({ select: { id: true, categoryId: true }, where: { id: In([...serviceIds]) } });
    return new Map(rows.map((s) => [s.id, s.categoryId]));
  }

  /**
   * Whether the service reaches the point, by the rule of the `servesPostcode` filter: an area of its
   * provider's or of its own (never a sibling service's), matching the point's district or holding it
   * within its radius. Bookings and quotes ask it of the postcode where care is given.
   */
  async serviceCovers(serviceId: string, at: Pick<GeoLocation, 'outcode' | 'latitude' | 'longitude'>): Promise<boolean> {
    const [row]: [{ covers: boolean }] = await this.db.query(
      `SELECT EXISTS (
         SELECT 1 FROM service s JOIN service_area a ON a.provider_id = s.provider_id AND (a.service_id IS NULL OR a.service_id = s.id)
          WHERE s.id = $1
            AND (a.outcode = $2
                 OR (a.radius_miles IS NOT NULL AND (point(a.longitude, a.latitude) <@> point($3::float8, $4::float8)) <= a.radius_miles))
       ) AS covers`,
      [serviceId, at.outcode, at.longitude, at.latitude],
    );
    return row.covers;
  }

  /**
   * Of the given councils (every council when none are given), those (by id) whose postcode districts the
   * provider is based in or serves; null when there is no such provider. Officers act on listings in their
   * council's area. Given the request's loaders, the lookups of every provider in a list share one statement.
   */
  async councilsServing(
    providerId: string,
    councilIds?: readonly string[],
    loaders: LoaderRegistry = new LoaderRegistry(this.uow),
  ): Promise<string[] | null> {
    const councils = await loaders.get(councilsServingByProviderId).load(providerId);
    return councils && councilIds ? councils.filter((id) => councilIds.includes(id)) : councils;
  }
}
