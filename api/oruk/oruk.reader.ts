import { type DirectoryFilter, type DirectorySort, METRES_PER_MILE } from '../directory/directory.filter.js';
import type { DirectoryReader } from '../directory/directory.reader.js';
import { taxonomyId } from './oruk.ids.js';
import { careNeedTerm, taxonomies, taxonomyOfTerm, taxonomyTerms } from './oruk.attributes.js';
import { fullService, fullServiceAtLocation, serviceAtLocationSummary, serviceSummary } from './oruk.mapping.js';
import { pageOf, toPage } from './oruk.page.js';
import { InvalidParameters, type OrukListQuery } from './oruk.params.js';
import type { OrukPage, OrukService, OrukServiceAtLocation, OrukTaxonomy, OrukTaxonomyTerm } from './oruk.types.js';

interface Found<T> {
  body: T;
}

/**
 * Reads the directory for the ORUK endpoints: turns ORUK parameters into the directory search's own
 * filter, runs that search, and hands the rows to the mapping. Only published providers' active
 * services ever come back, because the directory search and its reads return nothing else.
 */
export class OrukReader {
  constructor(private readonly directory: DirectoryReader) {}

  async services(query: OrukListQuery): Promise<{ page: OrukPage<OrukService> }> {
    const search = await this.toDirectorySearch(query);
    if (!search) return { page: toPage([], 0, query.page, query.perPage) };
    const found = await this.directory.searchServices(search.filter, search.sort, {
      first: query.perPage,
      offset: (query.page - 1) * query.perPage,
    });
    const rows = found.rows.map((r) => r.node);
    const bundle = await this.directory.bundle(rows, { providers: found.providers, categories: found.categories });
    return {
      page: toPage(
        rows.map((s) => serviceSummary(s, bundle)),
        found.totalCount,
        query.page,
        query.perPage,
      ),
    };
  }

  /**
   * One row per service and location of its provider, in the directory search's order of services and,
   * within a service, nearest location first (with a proximity) or by location name; the directory pages
   * over these pairs itself.
   */
  async serviceAtLocations(query: OrukListQuery): Promise<{ page: OrukPage<OrukServiceAtLocation> }> {
    const search = await this.toDirectorySearch(query);
    if (!search) return { page: toPage([], 0, query.page, query.perPage) };
    const found = await this.directory.searchServiceLocations(search.filter, search.sort, {
      first: query.perPage,
      offset: (query.page - 1) * query.perPage,
    });
    const pairs = found.rows.map((r) => r.node);
    const services = [...new Map(pairs.map((p) => [p.service.id, p.service])).values()];
    const bundle = await this.directory.bundle(services);
    return {
      page: toPage(
        pairs.map((p) => serviceAtLocationSummary(p.service, p.location, bundle)),
        found.totalCount,
        query.page,
        query.perPage,
      ),
    };
  }

  async service(id: string): Promise<Found<OrukService> | null> {
    const service = await this.directory.publishedService(id);
    if (!service) return null;
    const bundle = await this.directory.bundle([service]);
    return { body: fullService(service, bundle) };
  }

  async serviceAtLocation(id: string): Promise<Found<OrukServiceAtLocation> | null> {
    const match = await this.directory.serviceAtLocation(id);
    if (!match) return null;
    const bundle = await this.directory.bundle([match.service]);
    return { body: fullServiceAtLocation(match.service, match.location, bundle) };
  }

  async taxonomies(query: OrukListQuery): Promise<OrukPage<OrukTaxonomy>> {
    return pageOf(taxonomies(), query);
  }

  async taxonomy(id: string): Promise<Found<OrukTaxonomy & { taxonomy_terms: OrukTaxonomyTerm[] }> | null> {
    const taxonomy = taxonomies().find((t) => t.id === id);
    if (!taxonomy) return null;
    const terms = (await this.terms()).filter((t) => t.taxonomy_id === id);
    return { body: { ...taxonomy, taxonomy_terms: terms } };
  }

  async taxonomyTerms(query: OrukListQuery): Promise<OrukPage<OrukTaxonomyTerm>> {
    return pageOf(await this.terms(), query);
  }

  async taxonomyTerm(id: string): Promise<Found<OrukTaxonomyTerm> | null> {
    const term = (await this.terms()).find((t) => t.id === id);
    if (!term) return null;
    const taxonomy = taxonomyOfTerm(term);
    return { body: taxonomy ? { ...term, taxonomy_detail: taxonomy } : term };
  }

  private async terms(): Promise<OrukTaxonomyTerm[]> {
    const [categories, needs] = await Promise.all([this.directory.categories(), this.directory.careNeeds()]);
    return taxonomyTerms(categories, needs);
  }

  /**
   * ORUK parameters as the directory's filter. Null when the taxonomy parameters rule everything out:
   * services carry terms of the service-category and care-needs taxonomies only, so a term or taxonomy
   * from elsewhere (or one that does not exist) matches no service. The care-needs taxonomy alone
   * selects services that state any need.
   *
   * Readings of the profile's one-line definitions of the age and schedule parameters:
   * - `minimum_age`: the service's minimum age is at least the value (no minimum counts as 0);
   * - `maximum_age`: the service's maximum age is at most the value (no maximum never qualifies);
   * - `day`, `start_time`, `end_time`: one opening of the service is on that day, opens at or after
   *   `start_time` and closes at or before `end_time` — all three about the same opening, AND-combined.
   */
  private async toDirectorySearch(query: OrukListQuery): Promise<{ filter: DirectoryFilter; sort: DirectorySort } | null> {
    const filter: DirectoryFilter = {};
    if (query.search) filter.text = query.search;
    const needsTaxonomy = taxonomyId('careNeeds');
    if (query.taxonomyId && query.taxonomyId !== taxonomyId('serviceCategories') && query.taxonomyId !== needsTaxonomy) return null;
    if (query.taxonomyTermId) {
      const [categories, needs] = await Promise.all([this.directory.categories(), this.directory.careNeeds()]);
      const category = categories.find((c) => c.id === query.taxonomyTermId);
      const need = needs.find((n) => careNeedTerm(n).id === query.taxonomyTermId);
      if (category && query.taxonomyId !== needsTaxonomy) filter.categories = [category.slug];
      else if (need && query.taxonomyId !== taxonomyId('serviceCategories')) {
        // Both are "any of" lists of needs: one asked inside the other has no clear meaning.
        if (query.supports)
          throw new InvalidParameters([{ parameter: 'supports', message: 'give it or a need as taxonomy_term_id, not both' }]);
        filter.supports = [need.slug];
      } else return null;
    } else if (query.taxonomyId === needsTaxonomy && !query.supports) {
      filter.supports = (await this.directory.careNeeds()).map((n) => n.slug);
    }
    if (query.postcode) {
      filter.servesPostcode = query.postcode;
      if (query.proximityMetres !== undefined)
        filter.near = { postcode: query.postcode, radiusMiles: query.proximityMetres / METRES_PER_MILE };
    }
    if (query.supports) filter.supports = query.supports;
    if (query.languages) filter.languages = query.languages;
    if (query.minimumAge !== undefined) filter.minimumAgeAtLeast = query.minimumAge;
    if (query.maximumAge !== undefined) filter.maximumAgeAtMost = query.maximumAge;
    if (query.day !== undefined || query.startTime !== undefined || query.endTime !== undefined) {
      filter.openingWithin = { day: query.day, opensFrom: query.startTime, closesBy: query.endTime };
    }
    // RELEVANCE is the directory's own default: rank with text, else distance with `near`, else name.
    return { filter, sort: 'RELEVANCE' };
  }
}
