import { LoaderRegistry } from '../common/loaders.js';
import type { UnitOfWork } from '../common/unit-of-work.js';
import type { CareNeed } from './care-need.entity.js';
import type { CareNeeds } from './care-needs.js';
import type { DirectorySearchService, ServicePage } from './directory-search.service.js';
import type { DirectoryFilter, DirectorySort, PageRequest, SearchPage } from './directory.filter.js';
import {
  areasByProviderId,
  categoryById,
  locationsByProviderId,
  memberClassesByProviderId,
  openingTimesByServiceId,
  providerById,
} from './directory.loaders.js';
import type { DirectoryService } from './directory.service.js';
import type { Provider, ProviderLocation, ProviderMemberClass } from './provider.entity.js';
import type { Service, ServiceArea, ServiceOpeningTime } from './service.entity.js';
import type { ServiceCategory } from './service-category.entity.js';
import { activeServiceSql, isPublished, publishedProviderSql } from './visibility.js';

/** Everything a published service's public record shows, for a page of services: built by `DirectoryReader.bundle`. */
export interface DirectoryBundle {
  /** Published providers only, including the published parents of the providers on the page. */
  providers: ReadonlyMap<string, Provider>;
  categories: ReadonlyMap<string, ServiceCategory>;
  /** Every care need, by slug, in display order. */
  careNeeds: ReadonlyMap<string, CareNeed>;
  locationsByProvider: ReadonlyMap<string, readonly ProviderLocation[]>;
  /** A service's areas: its provider's general ones and its own. */
  areasByService: ReadonlyMap<string, readonly ServiceArea[]>;
  openingTimesByService: ReadonlyMap<string, readonly ServiceOpeningTime[]>;
  memberClassesByProvider: ReadonlyMap<string, readonly ProviderMemberClass[]>;
}

export interface ServiceAtLocation {
  service: Service;
  location: ProviderLocation;
}

/**
 * The published directory as another domain reads it (the Open Referral UK API today): searches, the
 * public records, and the rows around a page of services, each built here with the directory's own
 * loaders and SQL. Nothing it returns is unpublished or inactive.
 */
export class DirectoryReader {
  constructor(
    private readonly uow: UnitOfWork,
    private readonly directory: DirectoryService,
    private readonly search: DirectorySearchService,
    private readonly needs: CareNeeds,
  ) {}

  searchServices(filter: DirectoryFilter, sort: DirectorySort, page: PageRequest): Promise<ServicePage> {
    return this.search.searchServices(filter, sort, page);
  }

  searchServiceLocations(
    filter: DirectoryFilter,
    sort: DirectorySort,
    page: { first: number; offset: number },
  ): Promise<SearchPage<ServiceAtLocation>> {
    return this.search.searchServiceLocations(filter, sort, page);
  }

  publishedService(id: string): Promise<Service | null> {
    return this.directory.getService(id);
  }

  categories(): Promise<ServiceCategory[]> {
    return this.directory.listCategories();
  }

  /** Every care need, in display order. */
  careNeeds(): Promise<CareNeed[]> {
    return this.needs.all();
  }

  /**
   * The published service and location a service-at-location id names. The database keeps those ids,
   * derived from the (service, location) pair, with their pairs in `service_at_location`, so finding the
   * pair is one primary-key read.
   */
  async serviceAtLocation(id: string): Promise<ServiceAtLocation | null> {
    const [pair]: { service_id: string; location_id: string }[] = await this.uow.manager.query(
      `SELECT sl.service_id, sl.location_id
         FROM service_at_location sl
         JOIN service s ON s.id = sl.service_id AND ${activeServiceSql('s')}
         JOIN provider p ON p.id = s.provider_id AND ${publishedProviderSql('p')}
        WHERE sl.id = $1`,
      [id],
    );
    if (!pair) return null;
    const service = await this.directory.getService(pair.service_id);
    if (!service) return null;
    const location = asList(await this.loaders().get(locationsByProviderId).load(service.providerId)).find(
      (l) => l.id === pair.location_id,
    );
    return location ? { service, location } : null;
  }

  /**
   * Everything the public record of these published services shows, in one statement per kind of row.
   * `primed`: providers and categories already read with the services (a `searchServices` page), not read again.
   */
  async bundle(
    services: readonly Service[],
    primed?: { providers: readonly Provider[]; categories: readonly ServiceCategory[] },
  ): Promise<DirectoryBundle> {
    const registry = this.loaders();
    if (primed) {
      const providerLoader = registry.get(providerById);
      for (const p of primed.providers) providerLoader.prime(p.id, p);
      const categoryLoader = registry.get(categoryById);
      for (const c of primed.categories) categoryLoader.prime(c.id, c);
    }
    const providerIds = [...new Set(services.map((s) => s.providerId))];
    const serviceIds = services.map((s) => s.id);
    const [providers, categories, locations, areas, openingTimes, memberClasses, careNeeds] = await Promise.all([
      registry.get(providerById).loadMany(providerIds),
      registry.get(categoryById).loadMany([...new Set(services.map((s) => s.categoryId))]),
      registry.get(locationsByProviderId).loadMany(providerIds),
      registry.get(areasByProviderId).loadMany(providerIds),
      registry.get(openingTimesByServiceId).loadMany(serviceIds),
      registry.get(memberClassesByProviderId).loadMany(providerIds),
      this.needs.all(),
    ]);
    const published = providers.filter(isPublishedRow);
    // A parent is named only when the public can follow the link to it.
    const parentIds = [...new Set(published.map((p) => p.parentId).filter((id): id is string => id !== null && !providerIds.includes(id)))];
    const parents = (await registry.get(providerById).loadMany(parentIds)).filter(isPublishedRow);
    const areasOf = new Map(providerIds.map((id, i) => [id, asList(areas[i])]));
    return {
      providers: new Map([...published, ...parents].map((p) => [p.id, p])),
      categories: new Map(categories.filter((c): c is ServiceCategory => c !== null && !(c instanceof Error)).map((c) => [c.id, c])),
      careNeeds: new Map(careNeeds.map((n) => [n.slug, n])),
      locationsByProvider: new Map(providerIds.map((id, i) => [id, asList(locations[i])])),
      areasByService: new Map(
        services.map((s) => [s.id, (areasOf.get(s.providerId) ?? []).filter((a) => a.serviceId === null || a.serviceId === s.id)]),
      ),
      openingTimesByService: new Map(serviceIds.map((id, i) => [id, asList(openingTimes[i])])),
      memberClassesByProvider: new Map(providerIds.map((id, i) => [id, asList(memberClasses[i])])),
    };
  }

  /** Loaders cache for one call only: each call starts a fresh registry, so no stale row outlives it. */
  private loaders(): LoaderRegistry {
    return new LoaderRegistry(this.uow);
  }
}

function isPublishedRow(p: Provider | null | Error): p is Provider {
  return !(p instanceof Error) && isPublished(p);
}

/** `loadMany` reports a failed key as an Error in place; a failed read must fail the request, not show as "none". */
function asList<T>(value: T[] | Error): T[] {
  if (value instanceof Error) throw value;
  return value;
}
