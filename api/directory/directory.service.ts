import { In, QueryFailedError, type DataSource, type EntityManager } from 'typeorm';
import { ApiError, badUserInput, DomainException, ErrorCode, forbidden, notFound } from '../common/errors.js';
import { inUk, normaliseOutcode, normalisePostcode, UK_BOUNDS } from '../geo/postcode.js';
import { Council } from './council.entity.js';
import { Consortium } from './consortium.entity.js';
import { CqcRating, DayOfWeek, LegalForm, MemberClass, ProviderStatus, ServiceStatus } from './directory.enums.js';
import {
  checkFilter,
  cursorFor,
  DEFAULT_RADIUS_MILES,
  effectiveSort,
  MAX_RADIUS_MILES,
  boundingBox,
  Params,
  planPage,
  ratingsAtLeast,
  resolveAgeAndOpening,
  searchableText,
  type DirectoryFilter,
  type DirectorySort,
  type PageRequest,
  type ResolvedFilter,
  type SearchPage,
} from './directory.search.js';
import { Provider, ProviderBoardSeat, ProviderLocation, ProviderMemberClass } from './provider.entity.js';
import { Service, ServiceArea, ServiceOpeningTime } from './service.entity.js';
import { ServiceCategory } from './service-category.entity.js';
import { isUuid } from '../common/ids.js';

/** What the directory needs from geo: a postcode argument turned into a point, or a typed error. */
export interface PostcodeLocator {
  requireLocation(
    input: string,
    argument: string,
  ): Promise<{ postcode: string; outcode: string; sector: string | null; latitude: number; longitude: number }>;
}

export enum DirectoryErrorCode {
  SEARCH_RESULT_VANISHED = 'SEARCH_RESULT_VANISHED',
}
export class DirectoryException extends DomainException<DirectoryErrorCode> {
  get failure() {
    return null;
  }
}

export interface LocationInput {
  name: string;
  addressLine1: string;
  addressLine2?: string | null;
  town: string;
  postcode: string;
  latitude: number;
  longitude: number;
}

/** A postcode district, or a radius (miles, at most 100) around a point. */
export type AreaInput = { outcode: string } | { latitude: number; longitude: number; radiusMiles: number };

/** An area as a client gives it: either `outcode`, or all of latitude, longitude and radiusMiles; checked into an AreaInput. */
export interface AreaSpec {
  outcode?: string | null;
  latitude?: number | null;
  longitude?: number | null;
  radiusMiles?: number | null;
}

/**
 * A provider's location as its coordinator gives it: with `id`, that location changed in place (so its id,
 * and the ORUK service-at-location ids made from it, stay); without, a new one. Without latitude and
 * longitude, the point is the postcode's.
 */
export interface LocationUpsert {
  id?: string | null;
  name: string;
  addressLine1: string;
  addressLine2?: string | null;
  town: string;
  postcode: string;
  latitude?: number | null;
  longitude?: number | null;
}

export interface OpeningTimeSpec {
  dayOfWeek: DayOfWeek;
  /** HH:MM, 24-hour. */
  opens: string;
  closes: string;
}

/** The sets a provider's update may replace; each left out stays as it is, [] clears it. */
export interface ProviderSets {
  memberClasses?: { memberClass: MemberClass; memberCount: number }[];
  boardSeats?: { memberClass: MemberClass; seats: number }[];
  /** The provider's general areas (not its services' own). */
  serviceAreas?: AreaSpec[];
  /** Every location the provider keeps: those given by id are changed, those without added, the rest removed. */
  locations?: LocationUpsert[];
}

/** The sets a service's update may replace; each left out stays as it is, [] clears it. */
export interface ServiceSets {
  openingTimes?: OpeningTimeSpec[];
  /** The service's own areas, beyond its provider's. */
  areas?: AreaSpec[];
}

/** How many of a provider's locations an update added, changed and removed. */
export interface LocationChanges {
  added: number;
  updated: number;
  removed: number;
}

export interface CreateProviderInput {
  name: string;
  slug: string;
  summary?: string;
  description?: string;
  legalForm: LegalForm;
  isCooperative: boolean;
  registrationNumber?: string | null;
  contactEmail?: string | null;
  contactPhone?: string | null;
  website?: string | null;
  cqcLocationId?: string | null;
  cqcRating?: CqcRating;
  paysRealLivingWage?: boolean;
  staffTurnoverPercent?: number | null;
  status?: ProviderStatus;
  consortiumId?: string | null;
  parentId?: string | null;
  locations?: LocationInput[];
  areas?: AreaInput[];
  memberClasses?: { memberClass: MemberClass; memberCount: number }[];
  boardSeats?: { memberClass: MemberClass; seats: number }[];
}

export type ProviderPatch = Partial<Omit<CreateProviderInput, 'locations' | 'areas' | 'memberClasses' | 'boardSeats'>>;

export interface CreateServiceInput {
  providerId: string;
  /** Category slug. */
  category: string;
  name: string;
  description?: string;
  hourlyRatePence: number;
  minimumVisitMinutes?: number;
  travelChargePencePerVisit?: number;
  cancellationNoticeHours?: number;
  acceptsDirectPayments?: boolean;
  acceptsCouncilManagedBudgets?: boolean;
  acceptsIndividualServiceFunds?: boolean;
  languages?: string[];
  minimumAge?: number | null;
  maximumAge?: number | null;
  status?: ServiceStatus;
  /** Times as HH:MM. */
  openingTimes?: OpeningTimeSpec[];
  /** Areas this service covers beyond its provider's. */
  areas?: AreaSpec[];
}

/** Fields of an existing service to change; those left out stay as they are. `category` is a slug. */
export type ServicePatch = Partial<Omit<CreateServiceInput, 'providerId' | 'openingTimes' | 'areas'>>;

/** What a write did, for callers that audit it: the row as saved, and a copy of it as it was before. */
export interface Written<T> {
  saved: T;
  previous: T;
}

/** Ages are whole years; nobody is older than this. */
export const MAX_AGE = 150;
/** A week's schedule: at most this many openings a day. */
export const MAX_OPENINGS_PER_DAY = 4;
/** Areas one provider or service may list; more is a mistake, not a service area. */
export const MAX_AREAS = 200;
/** Locations one provider may list. */
export const MAX_LOCATIONS = 100;
/** HH:MM, 24-hour: a schedule is in minutes, and HH:MM strings compare in time order. */
const TIME_OF_DAY = /^([01]\d|2[0-3]):[0-5]\d$/;
const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

interface VisibilityOptions {
  /** Include DRAFT and SUSPENDED providers (and inactive services): for callers that have checked the viewer may see them. */
  includeUnpublished?: boolean;
}

interface MatchedRow {
  id: string;
  miles: number | null;
  [key: string]: unknown;
}

/** The provider directory: search, reads, and the write paths listings are edited through. */
export class DirectoryService {
  constructor(
    private readonly db: DataSource,
    private readonly geo: PostcodeLocator,
  ) {}

  // ---- search ------------------------------------------------------------------------------------

  /**
   * Published, active services matching the filter, in the given order, one page of them, with the
   * total across pages and (with `near`) each one's distance. Bad input throws ApiError (BAD_USER_INPUT,
   * INVALID_POSTCODE, POSTCODE_NOT_FOUND). Statements: one per postcode given, one for category slugs
   * when given, one search, one load of the page's rows.
   */
  async searchServices(filter: DirectoryFilter = {}, sort: DirectorySort = 'RELEVANCE', page: PageRequest = {}): Promise<SearchPage<Service>> {
    return this.searchWithAnyWordFallback(filter, async (resolved) => {
      const params = new Params();
      const plan = planPage(page, effectiveSort(sort, resolved), params);
      const sql = `WITH ${this.matchedServices(resolved, params)} ${this.pageSelect(plan)}`;
      const found = await this.runSearch(sql, params, plan, Service);
      return { page: found, matched: found.totalCount };
    });
  }

  /**
   * Runs a text search in up to three steps, each only when the one before matched nothing:
   *
   * 1. Every word, as `directory_query` corrects it. For speed it leaves alone any word the index has
   *    ever held, without asking whether a public document still uses it.
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
    search: (resolved: ResolvedFilter) => Promise<{ page: R; matched: number }>,
  ): Promise<R> {
    const resolved = await this.resolveFilter(filter);
    const fast = await search(resolved);
    if (fast.matched > 0 || !resolved.text) return fast.page;
    const checked = await this.textQueries(resolved.text, 'directory_query_public');
    let last = fast;
    if (checked.allWords !== resolved.textQuery) {
      last = await search({ ...resolved, textQuery: checked.allWords });
      if (last.matched > 0) return last.page;
    }
    if (checked.anyWord === checked.allWords) return last.page;
    return (await search({ ...resolved, textQuery: checked.anyWord })).page;
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
    return this.searchWithAnyWordFallback(filter, (resolved) => this.pageServiceLocations(resolved, sort, page));
  }

  private async pageServiceLocations(
    resolved: ResolvedFilter,
    sort: DirectorySort,
    page: { first?: number | null; offset?: number | null },
  ): Promise<{ page: SearchPage<{ service: Service; location: ProviderLocation }>; matched: number }> {
    const params = new Params();
    const plan = planPage({ first: page.first, offset: page.offset }, effectiveSort(sort, resolved), params);
    const locationKey = resolved.near
      ? `point(l.longitude, l.latitude) <@> point(${params.add(resolved.near.longitude)}::float8, ${params.add(resolved.near.latitude)}::float8)`
      : 'lower(l.name)';
    const orderBy = `${plan.orderBy}, location_key, location_id`;
    const sql = `WITH ${this.matchedServices(resolved, params)}, pairs AS (
        SELECT m.*, l.id AS location_id, ${locationKey} AS location_key
          FROM matched m JOIN provider_location l ON l.provider_id = m.provider_id)
      SELECT (SELECT count(*) FROM pairs)::int AS total, (SELECT count(*) FROM matched)::int AS services,
        (SELECT coalesce(json_agg(page ORDER BY ${orderBy}), '[]'::json)
           FROM (SELECT * FROM pairs ORDER BY ${orderBy} LIMIT ${plan.first + 1} OFFSET ${plan.offset}) page) AS rows`;
    const [{ total, services: matched, rows }]: [{ total: number; services: number; rows: (MatchedRow & { location_id: string })[] }] = await this.db.query(sql, params.values);
    const pageRows = rows.slice(0, plan.first);
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
      matched,
      page: {
        totalCount: total,
        hasNextPage: rows.length > plan.first,
        first: plan.first,
        rows: pageRows.map((row) => {
          const service = serviceById.get(row.id);
          const location = locationById.get(row.location_id);
          if (!service || !location) throw new DirectoryException(DirectoryErrorCode.SEARCH_RESULT_VANISHED, 'A search result was deleted mid-request.');
          return { node: { service, location }, distanceMiles: row.miles, cursor: cursorFor(plan, row) };
        }),
      },
    };
  }

  /** The CTEs of a service search, ending with `matched`: one row per published, active service that matches. */
  private matchedServices(resolved: ResolvedFilter, params: Params): string {
    const { ctes, joins, where, rank, miles } = this.sqlParts(resolved, params, 'service');
    return [
      ...ctes,
      `matched AS (
        SELECT s.id, s.provider_id, lower(s.name) AS sort_name, s.hourly_rate_pence, ${miles} AS miles, ${rank} AS rank
          FROM service s JOIN provider p ON p.id = s.provider_id ${joins.join(' ')}
         WHERE ${["p.status = 'PUBLISHED'", "s.status = 'ACTIVE'", ...where].join(' AND ')})`,
    ].join(', ');
  }

  /** Published providers matching the filter: as `searchServices`; service-level filters ask for a matching active service. */
  async searchProviders(filter: DirectoryFilter = {}, sort: Exclude<DirectorySort, 'PRICE'> = 'RELEVANCE', page: PageRequest = {}): Promise<SearchPage<Provider>> {
    if ((sort as DirectorySort) === 'PRICE') throw badUserInput('Providers cannot be sorted by PRICE.', 'sort');
    return this.searchWithAnyWordFallback(filter, async (resolved) => {
      const params = new Params();
      const plan = planPage(page, effectiveSort(sort, resolved), params);
      const { ctes, joins, where, rank, miles } = this.sqlParts(resolved, params, 'provider');
      const sql = `WITH ${[...ctes, `matched AS (
          SELECT p.id, lower(p.name) AS sort_name, ${miles} AS miles, ${rank} AS rank
            FROM provider p ${joins.join(' ')}
           WHERE ${["p.status = 'PUBLISHED'", ...where].join(' AND ')})`].join(', ')}
        ${this.pageSelect(plan)}`;
      const found = await this.runSearch(sql, params, plan, Provider);
      return { page: found, matched: found.totalCount };
    });
  }

  /** Checks a filter and resolves its postcodes and category slugs (statements run side by side). */
  async resolveFilter(filter: DirectoryFilter): Promise<ResolvedFilter> {
    checkFilter(filter);
    const ratings = ratingsAtLeast(filter.cqcRatingAtLeast);
    const ageAndOpening = resolveAgeAndOpening(filter);
    const text = searchableText(filter.text);
    const [textQuery, near, serves, categoryIds] = await Promise.all([
      text ? this.textQueries(text, 'directory_query') : null,
      // Given-but-empty strings are checked too: `servesPostcode: ""` is an invalid postcode, not "no filter".
      filter.near != null ? this.geo.requireLocation(filter.near.postcode, 'filter.near.postcode') : null,
      filter.servesPostcode != null ? this.geo.requireLocation(filter.servesPostcode, 'filter.servesPostcode') : null,
      filter.categories != null && filter.categories.length > 0 ? this.categoryIdsFor(filter.categories) : null,
    ]);
    return {
      text,
      textQuery: textQuery?.allWords ?? null,
      near: near && {
        latitude: near.latitude,
        longitude: near.longitude,
        radiusMiles: filter.near?.radiusMiles ?? DEFAULT_RADIUS_MILES,
      },
      serves: serves && { latitude: serves.latitude, longitude: serves.longitude, outcode: serves.outcode },
      categoryIds,
      ratings,
      cooperativesOnly: filter.cooperativesOnly === true,
      livingWageOnly: filter.livingWageOnly === true,
      acceptsDirectPayments: filter.acceptsDirectPayments === true,
      ...ageAndOpening,
    };
  }

  /**
   * The text as a tsquery, misspelt words widened to their nearest known words (by `directory_query`, or
   * by `directory_query_public`, which checks known words too), in two forms: every word (the search) and
   * any word (its fallback). Resolved in a statement of its own so the search is planned
   * with the real query: PostgreSQL cannot estimate how many documents an opaque tsquery matches, and
   * guessing wrong sends a near-me search through every document.
   */
  private async textQueries(text: string, fn: 'directory_query' | 'directory_query_public'): Promise<{ allWords: string; anyWord: string }> {
    // directory_query joins a word's spellings with | and the words with &: swapping the &s asks for any word.
    const [row]: [{ allWords: string; anyWord: string }] = await this.db.query(
      `SELECT q::text AS "allWords", replace(q::text, ' & ', ' | ') AS "anyWord" FROM ${fn}($1) AS q`,
      [text],
    );
    return row;
  }

  /** The category ids the slugs name, with their descendants; BAD_USER_INPUT naming any unknown slug. */
  private async categoryIdsFor(slugs: readonly string[]): Promise<string[]> {
    const all: { id: string; slug: string; parent_id: string | null }[] = await this.db.query(
      'SELECT id, slug, parent_id FROM service_category',
    );
    const unknown = slugs.filter((slug) => !all.some((c) => c.slug === slug));
    if (unknown.length > 0) {
      throw badUserInput(`Unknown service categor${unknown.length > 1 ? 'ies' : 'y'}: ${unknown.slice(0, 5).join(', ')}.`, 'filter.categories');
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

  private sqlParts(f: ResolvedFilter, params: Params, subject: 'service' | 'provider') {
    const ctes: string[] = [];
    const joins: string[] = [];
    const where: string[] = [];
    let rank = 'NULL::float8';
    let miles = 'NULL::float8';
    const providerRef = subject === 'service' ? 's.provider_id' : 'p.id';
    if (f.text) {
      const query = `${params.add(f.textQuery ?? '')}::tsquery`;
      if (subject === 'service') {
        // A service's document has the service's id.
        joins.push('JOIN directory_search ds ON ds.id = s.id');
        where.push(`ds.document @@ ${query}`);
        rank = `ts_rank(ds.document, ${query})::float8`;
      } else {
        joins.push(`JOIN (SELECT ds.provider_id, max(ts_rank(ds.document, ${query}))::float8 AS rank
                     FROM directory_search ds LEFT JOIN service sv ON sv.id = ds.service_id
                    WHERE ds.document @@ ${query} AND (ds.service_id IS NULL OR sv.status = 'ACTIVE')
                    GROUP BY ds.provider_id) h ON h.provider_id = p.id`);
        rank = 'h.rank';
      }
    }
    if (f.near) {
      const origin = `point(${params.add(f.near.longitude)}::float8, ${params.add(f.near.latitude)}::float8)`;
      // The GiST index on point(longitude, latitude) answers the box; the exact distance trims its corners.
      ctes.push(`dist AS (
        SELECT x.provider_id, min(x.miles) AS miles
          FROM (SELECT l.provider_id, point(l.longitude, l.latitude) <@> ${origin} AS miles
                  FROM provider_location l
                 WHERE point(l.longitude, l.latitude) <@ ${params.add(boundingBox(f.near, f.near.radiusMiles))}::box) x
         WHERE x.miles <= ${params.add(f.near.radiusMiles)}::float8
         GROUP BY x.provider_id)`);
      joins.push(`JOIN dist d ON d.provider_id = ${providerRef}`);
      miles = 'd.miles';
    }
    const serviceConditions: string[] = [];
    if (f.serves) {
      const point = `point(${params.add(f.serves.longitude)}::float8, ${params.add(f.serves.latitude)}::float8)`;
      // Radius areas are at most 100 miles, so a 100-mile box around the point bounds the candidates (partial GiST index).
      // An inactive service's own areas serve nobody.
      ctes.push(`serving AS (
        SELECT DISTINCT a.provider_id, a.service_id FROM service_area a LEFT JOIN service sa ON sa.id = a.service_id
         WHERE (a.service_id IS NULL OR sa.status = 'ACTIVE')
           AND (a.outcode = ${params.add(f.serves.outcode)}
                OR (a.radius_miles IS NOT NULL
                    AND point(a.longitude, a.latitude) <@ ${params.add(boundingBox(f.serves, MAX_RADIUS_MILES))}::box
                    AND (point(a.longitude, a.latitude) <@> ${point}) <= a.radius_miles)))`);
      // A service serves its provider's general areas and its own, never a sibling service's.
      serviceConditions.push('EXISTS (SELECT 1 FROM serving v WHERE v.provider_id = s.provider_id AND (v.service_id IS NULL OR v.service_id = s.id))');
    }
    if (f.ratings) where.push(`p.cqc_rating = ANY(${params.add(f.ratings)}::cqc_rating[])`);
    if (f.cooperativesOnly) where.push('p.is_cooperative');
    if (f.livingWageOnly) where.push('p.pays_real_living_wage');
    if (f.categoryIds) serviceConditions.push(`s.category_id = ANY(${params.add(f.categoryIds)}::uuid[])`);
    if (f.acceptsDirectPayments) serviceConditions.push('s.accepts_direct_payments');
    if (f.ageYears !== null) {
      const age = `${params.add(f.ageYears)}::numeric`;
      serviceConditions.push(`coalesce(s.minimum_age, 0) <= ${age} AND coalesce(s.maximum_age, ${MAX_AGE}) >= ${age}`);
    }
    if (f.minimumAgeAtLeast !== null) serviceConditions.push(`coalesce(s.minimum_age, 0) >= ${params.add(f.minimumAgeAtLeast)}::numeric`);
    if (f.maximumAgeAtMost !== null) serviceConditions.push(`s.maximum_age <= ${params.add(f.maximumAgeAtMost)}::numeric`);
    if (f.opening) {
      // Every bound is about the same opening; (day_of_week, opens, closes, service_id) answers this from the index alone.
      const conditions = ['o.service_id = s.id'];
      if (f.opening.day) conditions.push(`o.day_of_week = ${params.add(f.opening.day)}::day_of_week`);
      for (const b of f.opening.bounds) conditions.push(`o.${b.column} ${b.op} ${params.add(b.time)}::time`);
      serviceConditions.push(`EXISTS (SELECT 1 FROM service_opening_time o WHERE ${conditions.join(' AND ')})`);
    }
    if (subject === 'service') where.push(...serviceConditions);
    else if (serviceConditions.length > 0) {
      // One active service must meet every service-level condition at once: a provider whose only
      // personal-care service serves elsewhere does not offer personal care here.
      where.push(`EXISTS (SELECT 1 FROM service s WHERE s.provider_id = p.id AND s.status = 'ACTIVE' AND ${serviceConditions.join(' AND ')})`);
    }
    return { ctes, joins, where, rank, miles };
  }

  /** One row: the total across pages and the page (LIMIT first + 1, to tell whether a next page exists) as JSON. */
  private pageSelect(plan: ReturnType<typeof planPage>): string {
    return `SELECT (SELECT count(*) FROM matched)::int AS total,
      (SELECT coalesce(json_agg(page ORDER BY ${plan.orderBy}), '[]'::json)
         FROM (SELECT * FROM matched ${plan.after ? `WHERE ${plan.after}` : ''}
                ORDER BY ${plan.orderBy} LIMIT ${plan.first + 1} OFFSET ${plan.offset}) page) AS rows`;
  }

  private async runSearch<T extends Service | Provider>(
    sql: string,
    params: Params,
    plan: ReturnType<typeof planPage>,
    entity: new () => T,
  ): Promise<SearchPage<T>> {
    const [{ total, rows }]: [{ total: number; rows: MatchedRow[] }] = await this.db.query(sql, params.values);
    const pageRows = rows.slice(0, plan.first);
    const nodes = pageRows.length > 0 ? await this.db.getRepository(entity).findBy({ id: In(pageRows.map((r) => r.id)) } as never) : [];
    const byId = new Map(nodes.map((n) => [n.id, n]));
    return {
      totalCount: total,
      hasNextPage: rows.length > plan.first,
      first: plan.first,
      rows: pageRows.map((row) => {
        const node = byId.get(row.id);
        // Deleted between the two statements: rare enough to fail the request rather than return a hole.
        if (!node) throw new DirectoryException(DirectoryErrorCode.SEARCH_RESULT_VANISHED, 'A search result was deleted mid-request.');
        return { node, distanceMiles: row.miles, cursor: cursorFor(plan, row) };
      }),
    };
  }

  // ---- reads ---------------------------------------------------------------------------------------

  /** A provider by id or slug; null when unknown or (without includeUnpublished) not PUBLISHED. */
  async getProvider(id: string, options: VisibilityOptions = {}): Promise<Provider | null> {
    if (!isUuid(id)) return null;
    const provider = await this.db.getRepository(Provider).findOneBy({ id });
    return provider && (options.includeUnpublished || provider.status === ProviderStatus.PUBLISHED) ? provider : null;
  }

  async getProviderBySlug(slug: string, options: VisibilityOptions = {}): Promise<Provider | null> {
    const provider = await this.db.getRepository(Provider).findOneBy({ slug });
    return provider && (options.includeUnpublished || provider.status === ProviderStatus.PUBLISHED) ? provider : null;
  }

  /** A service; null when unknown or (without includeUnpublished) inactive or of an unpublished provider. */
  async getService(id: string, options: VisibilityOptions = {}): Promise<Service | null> {
    if (!isUuid(id)) return null;
    const rows = await this.db
      .getRepository(Service)
      .createQueryBuilder('s')
      .innerJoin(Provider, 'p', 'p.id = s.provider_id')
      .where('s.id = :id', { id })
      .andWhere(options.includeUnpublished ? 'TRUE' : "p.status = 'PUBLISHED' AND s.status = 'ACTIVE'")
      .getMany();
    return rows[0] ?? null;
  }

  listCategories(): Promise<ServiceCategory[]> {
    return this.db.getRepository(ServiceCategory).find({ order: { position: 'ASC', name: 'ASC' } });
  }

  listConsortia(): Promise<Consortium[]> {
    return this.db.getRepository(Consortium).find({ order: { name: 'ASC' } });
  }

  listCouncils(): Promise<Council[]> {
    return this.db.getRepository(Council).find({ order: { name: 'ASC' } });
  }

  async getCouncil(id: string): Promise<Council | null> {
    return isUuid(id) ? this.db.getRepository(Council).findOneBy({ id }) : null;
  }

  /** Published co-operatives with their towns and categories, for the plain council page. */
  async publishedCooperativesSummary(): Promise<{ name: string; slug: string; towns: string[]; categories: string[]; cqcRating: CqcRating }[]> {
    return this.db.query(
      `SELECT p.name, p.slug, p.cqc_rating AS "cqcRating",
              coalesce((SELECT array_agg(DISTINCT l.town ORDER BY l.town) FROM provider_location l WHERE l.provider_id = p.id), '{}') AS towns,
              coalesce((SELECT array_agg(DISTINCT c.name ORDER BY c.name) FROM service s JOIN service_category c ON c.id = s.category_id
                         WHERE s.provider_id = p.id AND s.status = 'ACTIVE'), '{}') AS categories
         FROM provider p WHERE p.status = 'PUBLISHED' AND p.is_cooperative ORDER BY lower(p.name), p.id`,
    );
  }

  // ---- writes (authorization is the caller's) ------------------------------------------------------
  //
  // The only code that writes providers and services. Each write checks its input, then runs in the
  // caller's transaction when given `em` (so a caller can authorize and audit in the same transaction),
  // else in one of its own.

  async createCouncil(input: { name: string; slug: string; onsCode: string; postcodeDistricts: string[] }): Promise<Council> {
    checkSlug(input.slug);
    const postcodeDistricts = input.postcodeDistricts.map((d) => checkedOutcode(d, 'postcodeDistricts'));
    return this.within(undefined, (tx) => tx.save(tx.create(Council, { ...input, postcodeDistricts })));
  }

  async createConsortium(input: { name: string; slug: string; description?: string; sharedResources?: string[]; website?: string | null }): Promise<Consortium> {
    checkSlug(input.slug);
    return this.within(undefined, (tx) => tx.save(tx.create(Consortium, input)));
  }

  /** A provider with its locations, areas, member classes and board seats. */
  async createProvider(input: CreateProviderInput, em?: EntityManager): Promise<Provider> {
    const { locations = [], areas = [], memberClasses = [], boardSeats = [], ...rest } = input;
    const fields = checkedProviderFields(rest);
    const places = checkedLocations(locations);
    const checkedAreas = checkedAreaInputs(areas, 'areas');
    checkMemberCounts(memberClasses, 'memberCount', 'memberClasses');
    checkMemberCounts(boardSeats, 'seats', 'boardSeats');
    return this.within(em, async (tx) => {
      const provider = await tx.getRepository(Provider).save(tx.getRepository(Provider).create(fields));
      if (places.length) await tx.getRepository(ProviderLocation).insert(places.map((l) => ({ ...l, providerId: provider.id })));
      await this.insertAreas(tx, provider.id, null, checkedAreas);
      if (memberClasses.length) await tx.getRepository(ProviderMemberClass).insert(memberClasses.map((m) => ({ ...m, providerId: provider.id })));
      if (boardSeats.length) await tx.getRepository(ProviderBoardSeat).insert(boardSeats.map((b) => ({ ...b, providerId: provider.id })));
      return provider;
    });
  }

  /**
   * Changes a provider's own fields (row locked) and replaces the sets given (member classes, board
   * seats, general areas, locations); NOT_FOUND when there is no such provider. Every check, postcode
   * lookups included, runs before the first write.
   */
  async updateProvider(id: string, patch: ProviderPatch & ProviderSets, em?: EntityManager): Promise<Written<Provider> & { locations?: LocationChanges }> {
    const { memberClasses, boardSeats, serviceAreas, locations, ...own } = patch;
    const fields = checkedProviderFields(own);
    if (fields.parentId && fields.parentId === id) throw badUserInput('A provider cannot be its own parent.', 'parentId');
    if (memberClasses) checkMemberCounts(memberClasses, 'memberCount', 'memberClasses');
    if (boardSeats) checkMemberCounts(boardSeats, 'seats', 'boardSeats');
    const areas = serviceAreas && checkedAreaInputs(serviceAreas, 'serviceAreas');
    const places = locations && checkedLocationUpserts(locations);
    // Gazetteer lookups before the row lock, so the lock is held only for the writes.
    const located = places && (await this.locatePlaces(places));
    return this.within(em, async (tx) => {
      const provider = isUuid(id) ? await tx.findOne(Provider, { where: { id }, lock: { mode: 'pessimistic_write' } }) : null;
      if (!provider) throw notFound('There is no such provider.');
      const existingLocationIds = located ? (await tx.find(ProviderLocation, { select: { id: true }, where: { providerId: id } })).map((l) => l.id) : [];
      if (located?.some((l) => l.id && !existingLocationIds.includes(l.id))) throw badUserInput('A location id is not one of this provider’s locations.', 'locations');

      const previous = tx.create(Provider, { ...provider });
      Object.assign(provider, fields);
      // A changed set changes the listing: its last-modified time (ORUK's) moves even when no own field did.
      if (memberClasses || boardSeats || areas || located) provider.updatedAt = new Date();
      const saved = await tx.save(provider);
      if (memberClasses) {
        await tx.delete(ProviderMemberClass, { providerId: id });
        if (memberClasses.length) await tx.insert(ProviderMemberClass, memberClasses.map((m) => ({ memberClass: m.memberClass, memberCount: m.memberCount, providerId: id })));
      }
      if (boardSeats) {
        await tx.delete(ProviderBoardSeat, { providerId: id });
        if (boardSeats.length) await tx.insert(ProviderBoardSeat, boardSeats.map((b) => ({ memberClass: b.memberClass, seats: b.seats, providerId: id })));
      }
      if (areas) {
        await tx.createQueryBuilder().delete().from(ServiceArea).where('provider_id = :id AND service_id IS NULL', { id }).execute();
        await this.insertAreas(tx, id, null, areas);
      }
      let locationChanges: LocationChanges | undefined;
      if (located) {
        const kept = new Set(located.flatMap((l) => (l.id ? [l.id] : [])));
        const removed = existingLocationIds.filter((l) => !kept.has(l));
        // Deleting a location cascades to its service_at_location rows; changing one in place keeps them (and their ids).
        if (removed.length) await tx.delete(ProviderLocation, { id: In(removed) });
        for (const { id: locationId, ...place } of located) {
          if (locationId) await tx.update(ProviderLocation, { id: locationId }, place);
        }
        const added = located.filter((l) => !l.id);
        if (added.length) await tx.insert(ProviderLocation, added.map(({ id: _none, ...place }) => ({ ...place, providerId: id })));
        locationChanges = { added: added.length, updated: located.length - added.length, removed: removed.length };
      }
      return { saved, previous, locations: locationChanges };
    });
  }

  /** Each place's postcode normalised, and its point taken from the postcode when not given. */
  private async locatePlaces(places: CheckedLocationUpsert[]): Promise<(CheckedLocationUpsert & { latitude: number; longitude: number })[]> {
    const located = [];
    for (const [i, place] of places.entries()) {
      if (place.latitude != null && place.longitude != null) {
        located.push({ ...place, latitude: place.latitude, longitude: place.longitude });
        continue;
      }
      const found = await this.geo.requireLocation(place.postcode, `locations[${i}].postcode`);
      if (!inUk(found.latitude, found.longitude)) throw badUserInput(`A location is in the UK: ${UK_BOUNDS_TEXT}.`, 'locations');
      located.push({ ...place, postcode: found.postcode, latitude: found.latitude, longitude: found.longitude });
    }
    return located;
  }

  setProviderStatus(id: string, status: ProviderStatus, em?: EntityManager): Promise<Written<Provider>> {
    return this.updateProvider(id, { status }, em);
  }

  /**
   * Of the given councils, those (by id) whose postcode districts the provider is based in or serves;
   * null when there is no such provider. Officers act on listings in their council's area.
   */
  async councilsServing(providerId: string, councilIds: readonly string[], em?: EntityManager): Promise<string[] | null> {
    if (!isUuid(providerId)) return null;
    const rows: { councils: string[] }[] = await (em ?? this.db.manager).query(
      `SELECT array(SELECT c.id::text FROM council c
                     WHERE c.id = ANY($2::uuid[])
                       AND (EXISTS (SELECT 1 FROM service_area a WHERE a.provider_id = p.id AND a.outcode = ANY(c.postcode_districts))
                         OR EXISTS (SELECT 1 FROM provider_location l WHERE l.provider_id = p.id
                                     AND upper(split_part(l.postcode, ' ', 1)) = ANY(c.postcode_districts)))
                     ORDER BY c.id) AS councils
         FROM provider p WHERE p.id = $1`,
      [providerId, councilIds.filter(isUuid)],
    );
    return rows[0]?.councils ?? null;
  }

  /** A service with its opening times and own areas; NOT_FOUND for an unknown provider, BAD_USER_INPUT for an unknown category. */
  async createService(input: CreateServiceInput, em?: EntityManager): Promise<Service> {
    const { providerId, category, openingTimes = [], areas = [], ...rest } = input;
    const fields = checkedServiceFields(rest);
    checkAgeRange(fields.minimumAge, fields.maximumAge);
    const times = checkedOpeningTimes(openingTimes);
    const checkedAreas = checkedAreaInputs(areas, 'areas');
    return this.within(em, async (tx) => {
      const categoryId = await this.categoryIdOf(tx, category);
      if (!isUuid(providerId) || !(await tx.existsBy(Provider, { id: providerId }))) throw notFound('There is no such provider.');
      const service = await tx.save(tx.create(Service, { ...fields, providerId, categoryId }));
      if (times.length) await tx.getRepository(ServiceOpeningTime).insert(times.map((o) => ({ ...o, serviceId: service.id })));
      await this.insertAreas(tx, providerId, service.id, checkedAreas);
      return service;
    });
  }

  /**
   * Changes a service of the provider `providerId` (row locked). A service stays with its provider:
   * naming another provider's service is FORBIDDEN, since it would edit that provider's listing.
   */
  async updateService(id: string, providerId: string, patch: ServicePatch & ServiceSets, em?: EntityManager): Promise<Written<Service>> {
    const { category, openingTimes, areas, ...rest } = patch;
    const fields = checkedServiceFields(rest);
    const times = openingTimes && checkedOpeningTimes(openingTimes);
    const ownAreas = areas && checkedAreaInputs(areas, 'areas');
    return this.within(em, async (tx) => {
      const categoryId = category === undefined ? undefined : await this.categoryIdOf(tx, category);
      const service = isUuid(id) ? await tx.findOne(Service, { where: { id }, lock: { mode: 'pessimistic_write' } }) : null;
      if (!service) throw notFound('There is no such service.');
      if (service.providerId !== providerId) throw forbidden('This service belongs to another provider.');
      const previous = tx.create(Service, { ...service });
      Object.assign(service, fields, categoryId === undefined ? {} : { categoryId });
      checkAgeRange(service.minimumAge, service.maximumAge);
      if (times || ownAreas) service.updatedAt = new Date();
      const saved = await tx.save(service);
      if (times) {
        await tx.delete(ServiceOpeningTime, { serviceId: id });
        if (times.length) await tx.insert(ServiceOpeningTime, times.map((o) => ({ ...o, serviceId: id })));
      }
      if (ownAreas) {
        await tx.delete(ServiceArea, { serviceId: id });
        await this.insertAreas(tx, providerId, id, ownAreas);
      }
      return { saved, previous };
    });
  }

  /** Runs `work` in the caller's transaction or one of its own; a unique violation becomes a typed error naming the field. */
  private async within<T>(em: EntityManager | undefined, work: (tx: EntityManager) => Promise<T>): Promise<T> {
    try {
      return await (em ? work(em) : this.db.transaction(work));
    } catch (error) {
      throw uniqueViolationAsApiError(error) ?? error;
    }
  }

  private async categoryIdOf(tx: EntityManager, slug: string): Promise<string> {
    const found = await tx.findOneBy(ServiceCategory, { slug });
    if (!found) throw badUserInput(`Unknown service category: ${slug.slice(0, 60)}.`, 'category');
    return found.id;
  }

  /** Inserts areas already checked by `checkedAreaInputs` (outcodes normalised). */
  private async insertAreas(tx: EntityManager, providerId: string, serviceId: string | null, areas: AreaInput[]): Promise<void> {
    if (areas.length === 0) return;
    await tx.getRepository(ServiceArea).insert(
      areas.map((a) =>
        'outcode' in a
          ? { providerId, serviceId, outcode: a.outcode }
          : { providerId, serviceId, latitude: a.latitude, longitude: a.longitude, radiusMiles: a.radiusMiles },
      ),
    );
  }
}

// ---- input checks, one place for every write ------------------------------------------------------

/** Trims strings, then checks lengths, ranges and the website; the checked copy is what gets written. */
function checkedProviderFields<T extends ProviderPatch>(input: T): T {
  const fields = { ...input };
  for (const [k, v] of Object.entries(fields)) if (typeof v === 'string') (fields as Record<string, unknown>)[k] = v.trim();
  if (fields.slug !== undefined) checkSlug(fields.slug);
  if (fields.name !== undefined && (!fields.name || fields.name.length > 200)) throw badUserInput('A name of 1 to 200 characters is needed.', 'name');
  if (fields.summary != null && fields.summary.length > 500) throw badUserInput('The summary is at most 500 characters.', 'summary');
  if (fields.description != null && fields.description.length > 10_000) throw badUserInput('The description is at most 10,000 characters.', 'description');
  const turnover = fields.staffTurnoverPercent;
  if (turnover != null && !(Number.isFinite(turnover) && turnover >= 0 && turnover <= 100)) {
    throw badUserInput('staffTurnoverPercent is between 0 and 100.', 'staffTurnoverPercent');
  }
  // The limits keep a pasted document out of a contact field (and out of the audit trail that shows it).
  for (const [k, max] of [['registrationNumber', 100], ['contactPhone', 100], ['contactEmail', 320], ['website', 2_000]] as const) {
    const v = fields[k];
    if (v != null && v.length > max) throw badUserInput(`${k} is at most ${max.toLocaleString('en-GB')} characters.`, k);
  }
  // The shape Open Referral output (api/oruk/oruk.mapping.ts) and account emails accept.
  if (fields.contactEmail && !EMAIL.test(fields.contactEmail)) throw badUserInput('contactEmail is an email address, e.g. "office@example.org".', 'contactEmail');
  if (fields.website && !isWebAddress(fields.website)) throw badUserInput('The website must be a web address starting with http:// or https://.', 'website');
  return fields;
}

function isWebAddress(value: string): boolean {
  if (/\s/.test(value)) return false;
  try {
    const url = new URL(value);
    return (url.protocol === 'http:' || url.protocol === 'https:') && url.hostname !== '';
  } catch {
    return false;
  }
}

type ServiceFields = Omit<CreateServiceInput, 'providerId' | 'category' | 'openingTimes' | 'areas'>;

function checkedServiceFields<T extends Partial<ServiceFields>>(input: T): T {
  const fields = { ...input };
  if (fields.name !== undefined) {
    fields.name = fields.name.trim();
    if (!fields.name || fields.name.length > 200) throw badUserInput('A name of 1 to 200 characters is needed.', 'name');
  }
  // Long descriptions are cut rather than refused: they come from pasted leaflets, and the start is what matters.
  if (fields.description != null) fields.description = fields.description.slice(0, 10_000);
  const rate = fields.hourlyRatePence;
  if (rate !== undefined && (!Number.isInteger(rate) || rate < 0 || rate > 100_000)) {
    throw badUserInput('hourlyRatePence is a whole number of pence from 0 to 100000.', 'hourlyRatePence');
  }
  for (const k of ['minimumVisitMinutes', 'travelChargePencePerVisit', 'cancellationNoticeHours'] as const) {
    const v = fields[k];
    if (v != null && (!Number.isInteger(v) || v < 0 || v > 10_000)) throw badUserInput(`${k} is a whole number from 0 to 10000.`, k);
  }
  for (const k of ['minimumAge', 'maximumAge'] as const) {
    const v = fields[k];
    if (v != null && (!Number.isInteger(v) || v < 0 || v > MAX_AGE)) throw badUserInput(`${k} is a whole number of years from 0 to ${MAX_AGE}.`, k);
  }
  return fields;
}

function checkAgeRange(minimumAge: number | null | undefined, maximumAge: number | null | undefined): void {
  if (minimumAge != null && maximumAge != null && minimumAge > maximumAge) throw badUserInput('minimumAge must not be above maximumAge.', 'minimumAge');
}

/**
 * A weekly schedule checked: known days, HH:MM times, each opening closing after it opens, no two
 * openings of a day overlapping (one may start when another ends), at most MAX_OPENINGS_PER_DAY a day.
 */
function checkedOpeningTimes(times: readonly OpeningTimeSpec[]): OpeningTimeSpec[] {
  const byDay = new Map<DayOfWeek, OpeningTimeSpec[]>();
  const days = Object.values(DayOfWeek) as string[];
  const checked = times.map((o) => {
    if (!days.includes(o.dayOfWeek)) throw badUserInput('dayOfWeek is a day of the week, e.g. MONDAY.', 'openingTimes');
    if (!TIME_OF_DAY.test(o.opens) || !TIME_OF_DAY.test(o.closes)) throw badUserInput('Opening times are HH:MM, 24-hour.', 'openingTimes');
    if (o.opens >= o.closes) throw badUserInput('A service closes after it opens.', 'openingTimes');
    const day = byDay.get(o.dayOfWeek) ?? [];
    if (day.length >= MAX_OPENINGS_PER_DAY) throw badUserInput(`At most ${MAX_OPENINGS_PER_DAY} openings a day.`, 'openingTimes');
    byDay.set(o.dayOfWeek, [...day, o]);
    return { dayOfWeek: o.dayOfWeek, opens: o.opens, closes: o.closes };
  });
  for (const [day, openings] of byDay) {
    const sorted = [...openings].sort((a, b) => (a.opens < b.opens ? -1 : a.opens > b.opens ? 1 : 0));
    for (let i = 1; i < sorted.length; i++) {
      if (sorted[i]!.opens < sorted[i - 1]!.closes) throw badUserInput(`Two openings on ${day} overlap or repeat.`, 'openingTimes');
    }
  }
  return checked;
}

/** Lower-case words of letters and digits joined by single hyphens: safe in a URL path as it is. */
const SLUG = /^[a-z0-9]+(-[a-z0-9]+)*$/;
export const MAX_SLUG_LENGTH = 100;

function checkSlug(slug: string): void {
  if (!SLUG.test(slug) || slug.length > MAX_SLUG_LENGTH) {
    throw badUserInput(`A slug is up to ${MAX_SLUG_LENGTH} lower-case letters and digits in words joined by single hyphens, e.g. "colne-valley-care".`, 'slug');
  }
}

const UK_BOUNDS_TEXT = `latitude ${UK_BOUNDS.minLat} to ${UK_BOUNDS.maxLat} and longitude ${UK_BOUNDS.minLon} to ${UK_BOUNDS.maxLon}`;

/** Locations trimmed and checked: names and address, and a point in the UK. */
function checkedLocations(locations: readonly LocationInput[]): LocationInput[] {
  return locations.map((l) => {
    const place = { ...l, name: l.name.trim(), addressLine1: l.addressLine1.trim(), town: l.town.trim(), postcode: l.postcode.trim().toUpperCase() };
    if (!place.name || !place.addressLine1 || !place.town || !place.postcode) {
      throw badUserInput('A location needs a name, a first address line, a town and a postcode.', 'locations');
    }
    if (!inUk(place.latitude, place.longitude)) throw badUserInput(`A location is in the UK: ${UK_BOUNDS_TEXT}.`, 'locations');
    return place;
  });
}

/** Areas checked, outcodes normalised: a real-shaped postcode district, or a radius around a point in the UK. */
function checkedAreaInputs(areas: readonly AreaSpec[], argument: string): AreaInput[] {
  if (areas.length > MAX_AREAS) throw badUserInput(`At most ${MAX_AREAS} areas.`, argument);
  const seen = new Set<string>();
  return areas.map((a) => {
    const area = checkedArea(a, argument);
    const key = 'outcode' in area ? `district ${area.outcode}` : `radius ${area.latitude} ${area.longitude} ${area.radiusMiles}`;
    if (seen.has(key)) throw badUserInput('Each area appears once (the same district, or the same centre and radius).', argument);
    seen.add(key);
    return area;
  });
}

function checkedArea(a: AreaSpec, argument: string): AreaInput {
  const radius = a.latitude != null || a.longitude != null || a.radiusMiles != null;
  if (a.outcode != null && !radius) return { outcode: checkedOutcode(a.outcode, argument) };
  if (a.outcode != null || a.latitude == null || a.longitude == null || a.radiusMiles == null) {
    throw badUserInput('An area is either a postcode district (outcode) or latitude, longitude and radiusMiles.', argument);
  }
  if (!(a.radiusMiles > 0 && a.radiusMiles <= MAX_RADIUS_MILES)) {
    throw badUserInput(`An area is a postcode district or a radius of more than 0 and at most ${MAX_RADIUS_MILES} miles.`, argument);
  }
  if (!inUk(a.latitude, a.longitude)) throw badUserInput(`An area's centre is in the UK: ${UK_BOUNDS_TEXT}.`, argument);
  return { latitude: a.latitude, longitude: a.longitude, radiusMiles: a.radiusMiles };
}

type CheckedLocationUpsert = Omit<LocationUpsert, 'addressLine2'> & { addressLine2: string | null };

/**
 * Locations to keep, checked before any lookup: names and address, ids given once, a well-formed full
 * postcode (normalised), and a point in the UK when one is given (both coordinates or neither).
 */
function checkedLocationUpserts(locations: readonly LocationUpsert[]): CheckedLocationUpsert[] {
  if (locations.length > MAX_LOCATIONS) throw badUserInput(`At most ${MAX_LOCATIONS} locations.`, 'locations');
  const ids = new Set<string>();
  return locations.map((l) => {
    if (l.id != null) {
      if (!isUuid(l.id)) throw badUserInput('A location id is not one of this provider’s locations.', 'locations');
      if (ids.has(l.id)) throw badUserInput('Each location appears once in locations.', 'locations');
      ids.add(l.id);
    }
    const place = {
      id: l.id ?? null,
      name: l.name.trim(),
      addressLine1: l.addressLine1.trim(),
      addressLine2: l.addressLine2?.trim() || null,
      town: l.town.trim(),
      postcode: normalisePostcode(l.postcode) ?? '',
      latitude: l.latitude ?? null,
      longitude: l.longitude ?? null,
    };
    if (!place.name || !place.addressLine1 || !place.town) throw badUserInput('A location needs a name, a first address line and a town.', 'locations');
    for (const [k, max] of [['name', 200], ['addressLine1', 200], ['addressLine2', 200], ['town', 100]] as const) {
      if ((place[k]?.length ?? 0) > max) throw badUserInput(`A location's ${k} is at most ${max} characters.`, 'locations');
    }
    if (!place.postcode) {
      throw new ApiError(ErrorCode.INVALID_POSTCODE, 'A location needs a full UK postcode, such as "HD7 5AB".', { argument: 'locations' });
    }
    if ((place.latitude == null) !== (place.longitude == null)) throw badUserInput('Give a location both latitude and longitude, or neither.', 'locations');
    if (place.latitude != null && !inUk(place.latitude, place.longitude!)) throw badUserInput(`A location is in the UK: ${UK_BOUNDS_TEXT}.`, 'locations');
    return place;
  });
}

function checkedOutcode(input: string, argument: string): string {
  const outcode = normaliseOutcode(input);
  if (!outcode) throw badUserInput(`"${input.slice(0, 20)}" is not a postcode district (outcode) such as "HD7".`, argument);
  return outcode;
}

function checkMemberCounts<K extends string>(rows: readonly ({ memberClass: MemberClass } & Record<K, number>)[], key: K, argument: string): void {
  const seen = new Set<MemberClass>();
  for (const row of rows) {
    const n = row[key];
    if (!Number.isInteger(n) || n < 0 || n > 10_000_000) throw badUserInput(`${key} is a whole number from 0.`, argument);
    if (seen.has(row.memberClass)) throw badUserInput(`Each member class appears once in ${argument}.`, argument);
    seen.add(row.memberClass);
  }
}

/** Unique constraints a write can run into, by name, as the field a client fixes. */
const UNIQUE_FIELDS: Record<string, { argument: string; message: string }> = {
  UQ_a9d01e452a9f508360cba79a429: { argument: 'slug', message: 'Another provider already has this slug.' },
  UQ_c0c3702e2f29739a8b433950d5d: { argument: 'slug', message: 'Another consortium already has this slug.' },
  UQ_13a79cfc360d24e733eda967403: { argument: 'slug', message: 'Another council already has this slug.' },
  UQ_5eddc98742d36f26821d3980e0a: { argument: 'onsCode', message: 'Another council already has this ONS code.' },
};

/** A unique violation (SQLSTATE 23505) as CONFLICT naming the field; null for any other error. */
function uniqueViolationAsApiError(error: unknown): ApiError | null {
  if (!(error instanceof QueryFailedError)) return null;
  const driver = error.driverError as { code?: string; constraint?: string };
  if (driver.code !== '23505') return null;
  const known = driver.constraint ? UNIQUE_FIELDS[driver.constraint] : undefined;
  return new ApiError(ErrorCode.CONFLICT, known?.message ?? 'This would duplicate an existing record.', known ? { argument: known.argument } : {});
}

