import { type EntityManager, In } from 'typeorm';
import { type CacheStatistics, LoadingCache, onCommitOf } from '../common/bounded-cache.js';
import { entityFromJson } from '../common/entity-rows.js';
import type { UnitOfWork } from '../common/unit-of-work.js';
import type { GeoService } from '../geo/geo.service.js';
import type { CareNeeds } from './care-needs.js';
import { DirectoryException, DirectoryExceptionCode, invalidInput } from './directory.exception.js';
import {
  checkFilter,
  DEFAULT_RADIUS_MILES,
  type DirectoryFilter,
  type DirectorySort,
  type PageRequest,
  ratingsAtLeast,
  resolveAgeAndOpening,
  type ResolvedFilter,
  type SearchPage,
  searchableText,
  type TextRanking,
} from './directory.filter.js';
import {
  cursorFor,
  effectiveSort,
  type MatchedRow,
  type PageRow,
  type PagePlan,
  Params,
  planPage,
  providerPageSql,
  servicePageSql,
  serviceLocationPageSql,
  textQueriesSql,
} from './directory.search.js';
import { languageNames, languagesIn } from './languages.js';
import { LISTINGS_TOPIC } from './listings.writer.js';
import { Provider, ProviderLocation } from './provider.entity.js';
import { Service } from './service.entity.js';
import { ServiceCategory } from './service-category.entity.js';

/** One page of a search, and how many services (or providers) matched, which decides the any-word fallback. */
interface Attempt<R> {
  page: R;
  matched: number;
}

const vanished = () => new DirectoryException(DirectoryExceptionCode.SEARCH_RESULT_VANISHED, 'A search result was deleted mid-request.');

/** A page of services with the providers and categories its rows name, loaded by the same statement. */
export interface ServicePage extends SearchPage<Service> {
  providers: Provider[];
  categories: ServiceCategory[];
}

/**
 * Texts residents search for, and their corrections: a query for a few words runs to one to three
 * kilobytes, so bytes bound the cache as well as entries.
 */
const TEXT_QUERIES_CACHED = 10_000;
const TEXT_QUERIES_MAX_BYTES = 8 * 1024 * 1024;
/** JavaScript strings take two bytes a UTF-16 unit. */
const textQueryBytes = (value: TextQueries, key: string) =>
  2 *
  (key.length +
    value.allWords.length +
    value.anyWord.length +
    value.exact.length +
    value.exactAny.length +
    (value.rest?.length ?? 0) +
    value.languages.join('').length);
/**
 * A text's query depends on the words listings use: this instance forgets every query when a listing
 * write commits; another instance's write shows here within this long.
 */
const TEXT_QUERY_TTL_MS = 60_000;
/** The taxonomy changes only by migration; a slug not yet known is looked up alone before it is refused. */
const CATEGORY_TTL_MS = 10 * 60_000;

/** directory_text_query's answer for a text (textQueriesSql). */
/** A text's tsqueries (textQueriesSql) and the languages it names, worked out together and cached together. */
type TextQueries = { allWords: string; anyWord: string; exact: string; exactAny: string; rest: string | null; languages: string[] };
type CategoryRow = { id: string; slug: string; parent_id: string | null };

/**
 * Runs the directory search (directory.search.ts builds its SQL): only published providers and their
 * active services. Bad input throws DirectoryException (BAD_USER_INPUT, UNKNOWN_NEED, UNKNOWN_LANGUAGE),
 * InputException (paging) or GeoException (INVALID_POSTCODE, POSTCODE_NOT_FOUND, PLACE_NOT_FOUND,
 * AMBIGUOUS_PLACE). Statements: one per postcode or place name given (two for an unknown place: its
 * suggestions), one for category slugs when given, one for the care needs when given, one for the
 * text's query when given (each answered from memory once seen: bounded LRUs, GeoService's for
 * postcodes, CareNeeds' list), and one search that returns the page with its rows. Languages are
 * checked against the registry in memory.
 */
export class DirectorySearchService {
  private readonly textQueriesCache = new LoadingCache<TextQueries>(TEXT_QUERIES_CACHED, TEXT_QUERY_TTL_MS, {
    maxBytes: TEXT_QUERIES_MAX_BYTES,
    bytes: textQueryBytes,
  });
  private readonly categories = new LoadingCache<CategoryRow[]>(1, CATEGORY_TTL_MS);

  constructor(
    private readonly uow: UnitOfWork,
    private readonly geo: Pick<GeoService, 'locatePostcodeOrPlace'>,
    private readonly careNeeds: CareNeeds,
  ) {
    onCommitOf(uow.db, LISTINGS_TOPIC, () => this.textQueriesCache.forget());
  }

  /** How often text queries and the taxonomy were answered from memory. */
  cacheStatistics(): { textQuery: CacheStatistics; categories: CacheStatistics } {
    return { textQuery: this.textQueriesCache.statistics(), categories: this.categories.statistics() };
  }

  private get db(): EntityManager {
    return this.uow.manager;
  }

  /** Published, active services matching the filter, in the given order, one page of them, with the total and (with `near`) distances. */
  async searchServices(filter: DirectoryFilter = {}, sort: DirectorySort = 'RELEVANCE', page: PageRequest = {}): Promise<ServicePage> {
    return this.searchWithAnyWordFallback(filter, async (resolved) => {
      const params = new Params();
      const plan = planPage(page, effectiveSort(sort, resolved), params);
      const found = await this.runSearch(servicePageSql(resolved, plan, params), params);
      const paged = this.pageOf(found, plan);
      const rows = paged.rows.map((r) => r.node);
      const servicePage: ServicePage = {
        ...withNodes(paged, (row) => entityFromJson(this.uow.db, Service, row.service)),
        providers: rows.map((row) => entityFromJson(this.uow.db, Provider, row.provider)),
        categories: rows.map((row) => entityFromJson(this.uow.db, ServiceCategory, row.category)),
      };
      return { page: servicePage, matched: found.total };
    });
  }

  /** Published providers matching the filter: as `searchServices`; service-level filters ask for a matching active service. */
  async searchProviders(
    filter: DirectoryFilter = {},
    sort: Exclude<DirectorySort, 'PRICE'> = 'RELEVANCE',
    page: PageRequest = {},
  ): Promise<SearchPage<Provider>> {
    if ((sort as DirectorySort) === 'PRICE') throw invalidInput('Providers cannot be sorted by PRICE.', 'sort');
    return this.searchWithAnyWordFallback(filter, async (resolved) => {
      const params = new Params();
      const plan = planPage(page, effectiveSort(sort, resolved), params);
      const found = await this.runSearch(providerPageSql(resolved, plan, params), params);
      return {
        page: withNodes(this.pageOf(found, plan), (row) => entityFromJson(this.uow.db, Provider, row.provider)),
        matched: found.total,
      };
    });
  }

  /**
   * Each service `searchServices` finds at each of its provider's locations (Open Referral's "service at
   * location"): the services in the same order, and a service's locations nearest first (with `near`) or
   * by name; paged by offset, with the total number of pairs. Statements: as `searchServices`, plus one
   * for the page's locations.
   */
  async searchServiceLocations(
    filter: DirectoryFilter = {},
    sort: DirectorySort = 'RELEVANCE',
    page: { first?: number | null; offset?: number | null } = {},
  ): Promise<SearchPage<{ service: Service; location: ProviderLocation }>> {
    return this.searchWithAnyWordFallback(filter, async (resolved) => {
      const params = new Params();
      const plan = planPage({ first: page.first, offset: page.offset }, effectiveSort(sort, resolved), params);
      const [found]: [{ total: number; services: number; rows: (MatchedRow & { location_id: string })[] }] = await this.db.query(
        serviceLocationPageSql(resolved, plan, params),
        params.values,
      );
      const paged = this.pageOf(found, plan);
      const pageRows = paged.rows.map((r) => r.node);
      const [services, locations] =
        pageRows.length > 0
          ? await Promise.all([
              this.db.getRepository(Service).findBy({ id: In([...new Set(pageRows.map((r) => r.id))]) }),
              this.db.getRepository(ProviderLocation).findBy({ id: In(pageRows.map((r) => r.location_id)) }),
            ])
          : [[], []];
      const serviceById = new Map(services.map((n) => [n.id, n]));
      const locationById = new Map(locations.map((n) => [n.id, n]));
      return {
        matched: found.services,
        page: withNodes(paged, (row) => {
          const service = serviceById.get(row.id);
          const location = locationById.get(row.location_id);
          if (!service || !location) throw vanished();
          return { service, location };
        }),
      };
    });
  }

  /**
   * Runs a text search in up to three steps, each only when the one before matched nothing:
   *
   * 1. Every word, as `directory_query` corrects it and the care vocabulary widens it
   *    (directory_text_query). For speed it leaves alone any word the index has ever held, without
   *    asking whether a public document still uses it.
   * 2. Every word, as `directory_query_public` corrects it: a word only drafts, inactive services or
   *    since-edited text used is corrected like an unknown one. Without this step a misspelling would
   *    stop being corrected for good once anyone had typed it into a listing.
   * 3. Any word of step 2's query, best first ("help with shopping": no shopping service says "help"),
   *    rather than answer a resident with an empty page.
   *
   * `search` reports how many services (or providers) matched, which decides the step: not how many rows
   * the page counts, so the service-at-location list falls back exactly when the service list does. A
   * cursor replays the same choice, as the earlier steps still find nothing.
   */
  private async searchWithAnyWordFallback<R>(
    filter: DirectoryFilter,
    search: (resolved: ResolvedFilter) => Promise<Attempt<R>>,
  ): Promise<R> {
    const resolved = await this.resolveFilter(filter);
    const fast = await search(resolved);
    if (fast.matched > 0 || !resolved.text) return fast.page;
    const checked = await this.textQueries(resolved.text, true);
    const textRanking = rankingOf(checked);
    let last = fast;
    if (checked.allWords !== resolved.textQuery) {
      last = await search({ ...resolved, textQuery: checked.allWords, textRanking });
      if (last.matched > 0) return last.page;
    }
    if (checked.anyWord === checked.allWords) return last.page;
    // No document matched every word, so none has every word as typed: the tiers would only lift a
    // document sharing one word ("someone", "get") above one answering more of the text through the vocabulary.
    const byTextRank = { ...textRanking, exact: '', exactAny: '' };
    return (await search({ ...resolved, textQuery: checked.anyWord, textRanking: byTextRank })).page;
  }

  /** Checks a filter and resolves its postcodes and category slugs (statements run side by side). */
  private async resolveFilter(filter: DirectoryFilter): Promise<ResolvedFilter> {
    checkFilter(filter);
    const ratings = ratingsAtLeast(filter.cqcRatingAtLeast);
    const ageAndOpening = resolveAgeAndOpening(filter);
    const text = searchableText(filter.text);
    const languages = filter.languages != null && filter.languages.length > 0 ? languageNames(filter.languages, 'filter.languages') : null;
    const supports = filter.supports != null && filter.supports.length > 0 ? [...new Set(filter.supports)] : null;
    // Given-but-empty strings are checked too: `servesPostcode: ""` is an invalid postcode, not "no filter".
    const near = filter.near != null ? this.geo.locatePostcodeOrPlace(filter.near.postcode, 'filter.near.postcode') : null;
    // ORUK's `postcode` is both: one lookup (neither a misspelt town nor one inside a transaction is cached).
    const serves =
      filter.servesPostcode == null
        ? null
        : near && filter.servesPostcode === filter.near?.postcode
          ? near
          : this.geo.locatePostcodeOrPlace(filter.servesPostcode, 'filter.servesPostcode');
    const [textQuery, nearPoint, servesPoint, categoryIds] = await Promise.all([
      text ? this.textQueries(text, false) : null,
      near,
      serves,
      filter.categories != null && filter.categories.length > 0 ? this.categoryIdsFor(filter.categories) : null,
      supports && this.careNeeds.check(supports, 'filter.supports'),
    ]);
    return {
      text,
      textQuery: textQuery?.allWords ?? null,
      textRanking: textQuery && rankingOf(textQuery),
      near: nearPoint && {
        latitude: nearPoint.latitude,
        longitude: nearPoint.longitude,
        radiusMiles: filter.near?.radiusMiles ?? DEFAULT_RADIUS_MILES,
      },
      serves: servesPoint && { latitude: servesPoint.latitude, longitude: servesPoint.longitude, outcodes: servesPoint.districts },
      categoryIds,
      supports,
      // Every service works in English (ORUK publishes it for each, services store only the others): asking for it asks nothing.
      languages: languages?.includes('English') ? null : languages,
      ratings,
      cooperativesOnly: filter.cooperativesOnly === true,
      livingWageOnly: filter.livingWageOnly === true,
      acceptsDirectPayments: filter.acceptsDirectPayments === true,
      ...ageAndOpening,
    };
  }

  /**
   * The text's tsqueries (textQueriesSql), in a statement of its own so the search is planned with the
   * real query: PostgreSQL cannot estimate how many documents an opaque tsquery matches, and guessing
   * wrong sends a near-me search through every document.
   */
  private async textQueries(text: string, publicWords: boolean): Promise<TextQueries> {
    const load = async () => {
      const { languages, rest } = languagesIn(text);
      const [row]: [Omit<TextQueries, 'languages'>] = await this.db.query(textQueriesSql(publicWords), [
        text,
        languages.length > 0 && rest !== '' ? rest : null,
      ]);
      return { ...row, languages: languages.map((l) => l.name) };
    };
    return this.uow.inTransaction ? load() : this.textQueriesCache.get(`${publicWords ? 'public' : 'listed'}:${text}`, load);
  }

  private async categoryRows(): Promise<CategoryRow[]> {
    const load = (): Promise<CategoryRow[]> => this.db.query('SELECT id, slug, parent_id FROM service_category');
    return this.uow.inTransaction ? load() : this.categories.get('all', load);
  }

  /** The category ids the slugs name, with their descendants; BAD_USER_INPUT naming any unknown slug. */
  private async categoryIdsFor(slugs: readonly string[]): Promise<string[]> {
    const unknownIn = (rows: CategoryRow[]) => slugs.filter((slug) => !rows.some((c) => c.slug === slug));
    let all = await this.categoryRows();
    let unknown = unknownIn(all);
    // Only cached rows can be stale (inside a transaction the rows were just read), and only a slug that now
    // exists empties the cache: a stream of unknown slugs must not keep it empty for everyone.
    if (
      unknown.length > 0 &&
      !this.uow.inTransaction &&
      (await this.db.query('SELECT 1 FROM service_category WHERE slug = ANY($1) LIMIT 1', [unknown])).length > 0
    ) {
      this.categories.forget();
      all = await this.categoryRows();
      unknown = unknownIn(all);
    }
    if (unknown.length > 0) {
      throw new DirectoryException(
        DirectoryExceptionCode.UNKNOWN_CATEGORY,
        `Unknown service categor${unknown.length > 1 ? 'ies' : 'y'}: ${unknown.slice(0, 5).join(', ')}.`,
        { argument: 'filter.categories' },
      );
    }
    const ids = new Set(all.filter((c) => slugs.includes(c.slug)).map((c) => c.id));
    for (let grew = true; grew; ) {
      grew = false;
      for (const c of all) {
        if (c.parent_id && ids.has(c.parent_id) && !ids.has(c.id)) {
          ids.add(c.id);
          grew = true;
        }
      }
    }
    return [...ids];
  }

  /** One search statement: the total, and the page (one row more, to tell a next page) with each row's own rows as JSON. */
  private async runSearch(sql: string, params: Params): Promise<{ total: number; rows: PageRow[] }> {
    const [found]: [{ total: number; rows: PageRow[] }] = await this.db.query(sql, params.values);
    return found;
  }

  /**
   * The page `found` holds (it read one row more, to tell a next page), the database rows still its nodes:
   * a caller reads the page's rows (for their locations, providers, categories) before `withNodes` makes them nodes.
   */
  private pageOf<R extends MatchedRow>(found: { total: number; rows: R[] }, plan: PagePlan): SearchPage<R> {
    return {
      totalCount: found.total,
      hasNextPage: found.rows.length > plan.first,
      first: plan.first,
      rows: found.rows.slice(0, plan.first).map((row) => ({ node: row, distanceMiles: row.miles, cursor: cursorFor(plan, row) })),
    };
  }
}

/** What ranks a text's matches: its own words (textQueriesSql), the languages it names and the rest of it. */
function rankingOf(queries: TextQueries): TextRanking {
  return {
    exact: queries.exact,
    exactAny: queries.exactAny,
    languages: queries.languages,
    rest: queries.rest ?? '',
  };
}

function withNodes<R, T>(page: SearchPage<R>, node: (row: R) => T): SearchPage<T> {
  return { ...page, rows: page.rows.map((r) => ({ ...r, node: node(r.node) })) };
}
