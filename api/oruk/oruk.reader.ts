import type { DirectoryFilter, DirectorySort } from '../directory/directory.search.js';
import { METRES_PER_MILE } from '../directory/directory.search.js';
import type { ProviderLocation } from '../directory/provider.entity.js';
import type { ServiceCategory } from '../directory/service-category.entity.js';
import type { Service } from '../directory/service.entity.js';
import type { AppServices } from '../services.js';
import { directoryPort, type DirectoryPort } from './oruk.directory.js';
import { hasScheduleOrAgeFilter, narrowByScheduleAndAge } from './oruk.filters.js';
import { taxonomyId } from './oruk.ids.js';
import {
  fullService,
  fullServiceAtLocation,
  newestUpdate,
  serviceAtLocationId,
  serviceAtLocationSummary,
  serviceSummary,
  taxonomies,
  taxonomyOfTerm,
  taxonomyTerms,
} from './oruk.mapping.js';
import type { OrukListQuery } from './oruk.params.js';
import { toPage } from './oruk.router.js';
import type { OrukPage, OrukService, OrukServiceAtLocation, OrukTaxonomy, OrukTaxonomyTerm } from './oruk.types.js';

interface Found<T> {
  body: T;
  lastModified?: Date;
}

/** Directory search pages hold at most this many rows; walking a whole result goes this many at a time. */
const SEARCH_PAGE = 100;

/**
 * Reads the directory for the ORUK endpoints: turns ORUK parameters into the directory search's own
 * filter, runs that search, and hands the rows to the mapping. Only published providers' active
 * services ever come back, because the directory search and its reads return nothing else.
 */
export class OrukReader {
  private readonly directory: DirectoryPort;

  constructor(private readonly app: AppServices) {
    this.directory = directoryPort(app);
  }

  async services(query: OrukListQuery): Promise<{ page: OrukPage<OrukService>; lastModified?: Date }> {
    const search = await this.toDirectorySearch(query);
    if (!search) return { page: toPage([], 0, query.page, query.perPage) };
    const offset = (query.page - 1) * query.perPage;
    let rows: Service[];
    let total: number;
    if (hasScheduleOrAgeFilter(query)) {
      const ordered = await this.narrowed(search, query);
      total = ordered.length;
      rows = ordered.slice(offset, offset + query.perPage);
    } else {
      const page = await this.directory.searchServices(search.filter, search.sort, { first: query.perPage, offset });
      total = page.totalCount;
      rows = page.rows.map((r) => r.node);
    }
    const bundle = await this.directory.bundle(rows);
    return {
      page: toPage(
        rows.map((s) => serviceSummary(s, bundle)),
        total,
        query.page,
        query.perPage,
      ),
      lastModified: newestUpdate(rows, bundle),
    };
  }

  /**
   * One row per service and location of its provider, in the directory search's order of services and,
   * within a service, nearest location first (with a postcode) or by location name. Paging is over
   * these rows, so the whole ordered result is walked to count them.
   */
  async serviceAtLocations(query: OrukListQuery): Promise<{ page: OrukPage<OrukServiceAtLocation>; lastModified?: Date }> {
    const search = await this.toDirectorySearch(query);
    if (!search) return { page: toPage([], 0, query.page, query.perPage) };
    const ordered = await this.narrowed(search, query);
    const locations = await this.directory.locationsOfProviders([...new Set(ordered.map((s) => s.providerId))]);
    const origin = search.filter.near ? await this.directory.pointOf(search.filter.near.postcode) : null;
    const pairs: { service: Service; place: ProviderLocation }[] = [];
    for (const service of ordered) {
      const places = [...(locations.get(service.providerId) ?? [])];
      places.sort((a, b) =>
        origin ? squaredDistance(origin, a) - squaredDistance(origin, b) || a.id.localeCompare(b.id) : a.name.localeCompare(b.name) || a.id.localeCompare(b.id),
      );
      for (const place of places) pairs.push({ service, place });
    }
    const offset = (query.page - 1) * query.perPage;
    const slice = pairs.slice(offset, offset + query.perPage);
    const services = [...new Map(slice.map((p) => [p.service.id, p.service])).values()];
    const bundle = await this.directory.bundle(services);
    return {
      page: toPage(
        slice.map((p) => serviceAtLocationSummary(p.service, p.place, bundle)),
        pairs.length,
        query.page,
        query.perPage,
      ),
      lastModified: newestUpdate(services, bundle),
    };
  }

  async service(id: string): Promise<Found<OrukService> | null> {
    const service = await this.directory.publishedService(id);
    if (!service) return null;
    const bundle = await this.directory.bundle([service]);
    return { body: fullService(service, bundle), lastModified: newestUpdate([service], bundle) };
  }

  /** A service-at-location id is derived from its service and location, so it is found through the service's locations. */
  async serviceAtLocation(id: string): Promise<Found<OrukServiceAtLocation> | null> {
    const match = await this.directory.findServiceAtLocation((serviceId, locationId) => serviceAtLocationId(serviceId, locationId) === id);
    if (!match) return null;
    const bundle = await this.directory.bundle([match.service]);
    return { body: fullServiceAtLocation(match.service, match.place, bundle), lastModified: newestUpdate([match.service], bundle) };
  }

  async taxonomies(query: OrukListQuery): Promise<OrukPage<OrukTaxonomy>> {
    return pageOf(taxonomies(), query);
  }

  async taxonomy(id: string): Promise<Found<OrukTaxonomy & { taxonomy_terms: OrukTaxonomyTerm[] }> | null> {
    const taxonomy = taxonomies().find((t) => t.id === id);
    if (!taxonomy) return null;
    const terms = taxonomyTerms(await this.directory.categories()).filter((t) => t.taxonomy_id === id);
    return { body: { ...taxonomy, taxonomy_terms: terms } };
  }

  async taxonomyTerms(query: OrukListQuery): Promise<OrukPage<OrukTaxonomyTerm>> {
    return pageOf(taxonomyTerms(await this.directory.categories()), query);
  }

  async taxonomyTerm(id: string): Promise<Found<OrukTaxonomyTerm> | null> {
    const term = taxonomyTerms(await this.directory.categories()).find((t) => t.id === id);
    if (!term) return null;
    const taxonomy = taxonomyOfTerm(term);
    return { body: taxonomy ? { ...term, taxonomy_detail: taxonomy } : term };
  }

  /**
   * ORUK parameters as the directory's filter. Null when the taxonomy parameters rule everything out:
   * services carry only terms of the service-category taxonomy, so a term or taxonomy from elsewhere
   * (or one that does not exist) matches no service.
   */
  private async toDirectorySearch(query: OrukListQuery): Promise<{ filter: DirectoryFilter; sort: DirectorySort } | null> {
    const filter: DirectoryFilter = {};
    if (query.search) filter.text = query.search;
    if (query.taxonomyId && query.taxonomyId !== taxonomyId('serviceCategories')) return null;
    if (query.taxonomyTermId) {
      const category = (await this.directory.categories()).find((c: ServiceCategory) => c.id === query.taxonomyTermId);
      if (!category) return null;
      filter.categories = [category.slug];
    }
    if (query.postcode) {
      filter.servesPostcode = query.postcode;
      if (query.proximityMetres !== undefined) filter.near = { postcode: query.postcode, radiusMiles: query.proximityMetres / METRES_PER_MILE };
    }
    // RELEVANCE is the directory's own default: rank with text, else distance with `near`, else name.
    return { filter, sort: 'RELEVANCE' };
  }

  /** The whole ordered result of the directory search, narrowed by the filters it has no counterpart for. */
  private async narrowed(search: { filter: DirectoryFilter; sort: DirectorySort }, query: OrukListQuery): Promise<Service[]> {
    const all: Service[] = [];
    for (let offset = 0; ; offset += SEARCH_PAGE) {
      const page = await this.directory.searchServices(search.filter, search.sort, { first: SEARCH_PAGE, offset });
      all.push(...page.rows.map((r) => r.node));
      if (!page.hasNextPage) break;
    }
    const kept = new Set(await narrowByScheduleAndAge(this.app.db, all.map((s) => s.id), query));
    return all.filter((s) => kept.has(s.id));
  }
}

function pageOf<T>(items: T[], query: OrukListQuery): OrukPage<T> {
  const offset = (query.page - 1) * query.perPage;
  return toPage(items.slice(offset, offset + query.perPage), items.length, query.page, query.perPage);
}

/** Enough to order a provider's few locations by nearness; equirectangular, with longitude shrunk by latitude. */
function squaredDistance(origin: { latitude: number; longitude: number }, place: { latitude: number; longitude: number }): number {
  const dLat = place.latitude - origin.latitude;
  const dLon = (place.longitude - origin.longitude) * Math.cos((origin.latitude * Math.PI) / 180);
  return dLat * dLat + dLon * dLon;
}
