import { LoaderRegistry } from '../common/loaders.js';
import {
  areasByProviderId,
  categoryById,
  locationsByProviderId,
  memberClassesByProviderId,
  openingTimesByServiceId,
  providerById,
} from '../directory/directory.loaders.js';
import type { DirectoryFilter, DirectorySort, PageRequest, SearchPage } from '../directory/directory.search.js';
import { ProviderStatus } from '../directory/directory.enums.js';
import { publishedServiceLocationPair } from '../directory/oruk-queries.js';
import type { Provider, ProviderLocation } from '../directory/provider.entity.js';
import type { ServiceCategory } from '../directory/service-category.entity.js';
import type { Service } from '../directory/service.entity.js';
import type { AppServices } from '../modules.js';
import type { DirectoryBundle } from './oruk.mapping.js';

/** What the ORUK reader needs of the directory and geo domains, all through their public services and loaders. */
export interface DirectoryPort {
  searchServices(filter: DirectoryFilter, sort: DirectorySort, page: PageRequest): Promise<SearchPage<Service>>;
  searchServiceLocations(
    filter: DirectoryFilter,
    sort: DirectorySort,
    page: { first: number; offset: number },
  ): Promise<SearchPage<{ service: Service; location: ProviderLocation }>>;
  publishedService(id: string): Promise<Service | null>;
  categories(): Promise<ServiceCategory[]>;
  locationsOfProviders(providerIds: readonly string[]): Promise<Map<string, readonly ProviderLocation[]>>;
  pointOf(postcode: string): Promise<{ latitude: number; longitude: number }>;
  /** The published service and location a service-at-location id names. */
  findServiceAtLocation(id: string): Promise<{ service: Service; place: ProviderLocation } | null>;
  /** Everything the mapping shows for these published services. */
  bundle(services: readonly Service[]): Promise<DirectoryBundle>;
}

export function directoryPort(services: AppServices): DirectoryPort {
  const { directory, geo, db, uow } = services;
  // Loaders cache for one request only; each call below starts a fresh registry so no stale row outlives it.
  const loaders = () => new LoaderRegistry(uow);

  const port: DirectoryPort = {
    searchServices: (filter, sort, page) => directory.searchServices(filter, sort, page),
    searchServiceLocations: (filter, sort, page) => directory.searchServiceLocations(filter, sort, page),
    publishedService: (id) => directory.getService(id),
    categories: () => directory.listCategories(),
    async locationsOfProviders(providerIds) {
      const lists = await loaders().get(locationsByProviderId).loadMany([...providerIds]);
      return new Map(providerIds.map((id, i) => [id, asList(lists[i])]));
    },
    pointOf: (postcode) => geo.requireLocation(postcode, 'postcode'),
    async findServiceAtLocation(id) {
      const pair = await publishedServiceLocationPair(db, id);
      if (!pair) return null;
      const service = await directory.getService(pair.serviceId);
      if (!service) return null;
      const place = asList(await loaders().get(locationsByProviderId).load(service.providerId)).find((l) => l.id === pair.locationId);
      return place ? { service, place } : null;
    },
    async bundle(rows) {
      const registry = loaders();
      const providerIds = [...new Set(rows.map((s) => s.providerId))];
      const serviceIds = rows.map((s) => s.id);
      const [providers, categories, locations, areas, openingTimes, memberClasses] = await Promise.all([
        registry.get(providerById).loadMany(providerIds),
        registry.get(categoryById).loadMany([...new Set(rows.map((s) => s.categoryId))]),
        registry.get(locationsByProviderId).loadMany(providerIds),
        registry.get(areasByProviderId).loadMany(providerIds),
        registry.get(openingTimesByServiceId).loadMany(serviceIds),
        registry.get(memberClassesByProviderId).loadMany(providerIds),
      ]);
      const published = providers.filter(isPublished);
      // A parent is named only when the public can follow the link to it.
      const parentIds = [...new Set(published.map((p) => p.parentId).filter((id): id is string => id !== null && !providerIds.includes(id)))];
      const parents = (await registry.get(providerById).loadMany(parentIds)).filter(isPublished);
      const areasOf = new Map(providerIds.map((id, i) => [id, asList(areas[i])]));
      return {
        providers: new Map([...published, ...parents].map((p) => [p.id, p])),
        categories: new Map(categories.filter((c): c is ServiceCategory => c !== null && !(c instanceof Error)).map((c) => [c.id, c])),
        locationsByProvider: new Map(providerIds.map((id, i) => [id, asList(locations[i])])),
        areasByService: new Map(
          rows.map((s) => [s.id, (areasOf.get(s.providerId) ?? []).filter((a) => a.serviceId === null || a.serviceId === s.id)]),
        ),
        openingTimesByService: new Map(serviceIds.map((id, i) => [id, asList(openingTimes[i])])),
        memberClassesByProvider: new Map(providerIds.map((id, i) => [id, asList(memberClasses[i])])),
      };
    },
  };
  return port;
}

function isPublished(p: Provider | null | Error): p is Provider {
  return p !== null && !(p instanceof Error) && p.status === ProviderStatus.PUBLISHED;
}

/** `loadMany` reports a failed key as an Error in place; a failed read must fail the request, not show as "none". */
function asList<T>(value: T[] | Error): T[] {
  if (value instanceof Error) throw value;
  return value;
}
