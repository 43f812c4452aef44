import { type EntityManager, In, QueryFailedError } from 'typeorm';
import { markChanged } from '../common/bounded-cache.js';
import type { UnitOfWork } from '../common/unit-of-work.js';
import type { GeoService } from '../geo/geo.service.js';
import type { CareNeeds } from './care-needs.js';
import { Consortium } from './consortium.entity.js';
import { Council } from './council.entity.js';
import {
  type BoardSeatInput,
  givenProviderFields,
  givenServiceFields,
  type NewProvider,
  type MemberClassCountInput,
  type NewService,
  type ProviderChanges,
  type ServiceChanges,
} from './curation.inputs.js';
import type { ProviderStatus } from './directory.enums.js';
import { DirectoryException, DirectoryExceptionCode, invalidInput } from './directory.exception.js';
import {
  type Area,
  checkAgeRange,
  checkedAreas,
  checkedLocations,
  checkedOpeningTimes,
  checkedOutcode,
  checkedProviderFields,
  checkedServiceFields,
  checkInUk,
  checkMemberCounts,
  checkSlug,
  type CheckedLocation,
} from './directory.validation.js';
import { Provider, ProviderBoardSeat, ProviderLocation, ProviderMemberClass } from './provider.entity.js';
import { Service, ServiceArea, ServiceOpeningTime } from './service.entity.js';
import { ServiceCategory } from './service-category.entity.js';

/** What a write did, for callers that audit it: the row as saved, and a copy of it as it was before. */
export interface Written<T> {
  saved: T;
  previous: T;
}

/** How many of a provider's locations an update added, changed and removed. */
export interface LocationChanges {
  added: number;
  updated: number;
  removed: number;
}

type LocatedPlace = CheckedLocation & { latitude: number; longitude: number };

const providerNotFound = () => new DirectoryException(DirectoryExceptionCode.PROVIDER_NOT_FOUND, 'There is no such provider.');
const notThisProvidersLocation = () => invalidInput('A location id is not one of this provider’s locations.', 'locations');

/** What a listing write marks its transaction as changing (bounded-cache.ts). */
export const LISTINGS_TOPIC = 'listings';

/**
 * The only code that writes councils, consortia, providers and services. Private to the directory: the
 * application reaches it through DirectoryCurationService, which authorizes and audits each change in
 * the same unit of work; seeding and the domain's test builders (fixtures/) use it directly. Each write
 * checks its whole input (directory.validation.ts), postcode lookups included, before its first
 * statement, and joins the caller's transaction when one is open.
 */
export class ListingsWriter {
  constructor(
    private readonly uow: UnitOfWork,
    private readonly geo: Pick<GeoService, 'locate'>,
    private readonly careNeeds: CareNeeds,
  ) {}

  async createCouncil(input: { name: string; slug: string; onsCode: string; postcodeDistricts: string[] }): Promise<Council> {
    checkSlug(input.slug);
    const postcodeDistricts = input.postcodeDistricts.map((d) => checkedOutcode(d, 'postcodeDistricts'));
    return this.write((tx) => tx.save(tx.create(Council, { ...input, postcodeDistricts })));
  }

  async createConsortium(input: {
    name: string;
    slug: string;
    description?: string;
    sharedResources?: string[];
    website?: string | null;
  }): Promise<Consortium> {
    checkSlug(input.slug);
    return this.write((tx) => tx.save(tx.create(Consortium, input)));
  }

  /** A provider with its locations, areas, member classes and board seats. */
  async createProvider(input: NewProvider): Promise<Provider> {
    const { locations, serviceAreas, memberClasses, boardSeats, ...own } = input;
    const fields = checkedProviderFields(givenProviderFields(own));
    const areas = checkedAreas(serviceAreas ?? [], 'serviceAreas');
    checkMemberCounts(memberClasses ?? [], 'memberCount', 'memberClasses');
    checkMemberCounts(boardSeats ?? [], 'seats', 'boardSeats');
    const places = await this.locate(checkedLocations(locations ?? []));
    if (places.some((p) => p.id)) throw notThisProvidersLocation();
    return this.write(async (tx) => {
      const provider = await tx.save(tx.create(Provider, fields));
      if (places.length)
        await tx.insert(
          ProviderLocation,
          places.map(({ id: _none, ...place }) => ({ ...place, providerId: provider.id })),
        );
      await this.insertAreas(tx, provider.id, null, areas);
      await this.insertMembers(tx, provider.id, memberClasses ?? [], boardSeats ?? []);
      return provider;
    });
  }

  /**
   * Changes a provider's own fields (row locked) and replaces the sets given (member classes, board
   * seats, general areas, locations); PROVIDER_NOT_FOUND when there is no such provider.
   */
  async updateProvider(id: string, changes: ProviderChanges): Promise<Written<Provider> & { locations?: LocationChanges }> {
    const { memberClasses, boardSeats, serviceAreas, locations, ...own } = changes;
    const fields = checkedProviderFields(givenProviderFields(own));
    if (fields.parentId && fields.parentId === id) throw invalidInput('A provider cannot be its own parent.', 'parentId');
    if (memberClasses) checkMemberCounts(memberClasses, 'memberCount', 'memberClasses');
    if (boardSeats) checkMemberCounts(boardSeats, 'seats', 'boardSeats');
    const areas = serviceAreas && checkedAreas(serviceAreas, 'serviceAreas');
    // Gazetteer lookups before the row lock, so the lock is held only for the writes.
    const located = locations && (await this.locate(checkedLocations(locations)));
    return this.write(async (tx) => {
      const provider = await tx.findOne(Provider, { where: { id }, lock: { mode: 'pessimistic_write' } });
      if (!provider) throw providerNotFound();
      if (provider.memberFactsFromRegister && (memberClasses || boardSeats))
        throw invalidInput(
          'Member classes and board seats come from the co-op’s register and constitution now: change those instead.',
          memberClasses ? 'memberClasses' : 'boardSeats',
        );
      const existingLocationIds = located
        ? (await tx.find(ProviderLocation, { select: { id: true }, where: { providerId: id } })).map((l) => l.id)
        : [];
      if (located?.some((l) => l.id && !existingLocationIds.includes(l.id))) throw notThisProvidersLocation();

      const previous = tx.create(Provider, { ...provider });
      Object.assign(provider, fields);
      // A changed set changes the listing: its last-modified time (ORUK's) moves even when no own field did.
      if (memberClasses || boardSeats || areas || located) provider.updatedAt = new Date();
      const saved = await tx.save(provider);
      if (memberClasses) await tx.delete(ProviderMemberClass, { providerId: id });
      if (boardSeats) await tx.delete(ProviderBoardSeat, { providerId: id });
      await this.insertMembers(tx, id, memberClasses ?? [], boardSeats ?? []);
      if (areas) {
        await tx.createQueryBuilder().delete().from(ServiceArea).where('provider_id = :id AND service_id IS NULL', { id }).execute();
        await this.insertAreas(tx, id, null, areas);
      }
      return { saved, previous, locations: located ? await this.replaceLocations(tx, id, existingLocationIds, located) : undefined };
    });
  }

  /**
   * The co-op's member classes and board seats as its register and constitution count them, replacing what
   * was typed in; from then on its coordinators' own edits of them are refused. In the caller's transaction.
   */
  async replaceMemberFactsFromRegister(
    id: string,
    facts: { memberClasses: readonly MemberClassCountInput[]; boardSeats: readonly BoardSeatInput[] },
  ): Promise<void> {
    checkMemberCounts(facts.memberClasses, 'memberCount', 'memberClasses');
    checkMemberCounts(facts.boardSeats, 'seats', 'boardSeats');
    await this.write(async (tx) => {
      const updated = await tx.update(Provider, { id }, { memberFactsFromRegister: true, updatedAt: new Date() });
      if (!updated.affected) throw providerNotFound();
      await tx.delete(ProviderMemberClass, { providerId: id });
      await tx.delete(ProviderBoardSeat, { providerId: id });
      await this.insertMembers(tx, id, facts.memberClasses, facts.boardSeats);
    });
  }

  setProviderStatus(id: string, status: ProviderStatus): Promise<Written<Provider>> {
    return this.updateProvider(id, { status });
  }

  /** A service with its opening times and own areas; PROVIDER_NOT_FOUND for an unknown provider, UNKNOWN_CATEGORY for an unknown slug. */
  async createService(input: NewService): Promise<Service> {
    const { providerId, category, openingTimes, areas, ...rest } = input;
    const fields = checkedServiceFields(givenServiceFields(rest));
    checkAgeRange(fields.minimumAge, fields.maximumAge);
    const times = checkedOpeningTimes(openingTimes ?? []);
    const ownAreas = checkedAreas(areas ?? [], 'areas');
    return this.write(async (tx) => {
      const categoryId = await this.categoryIdOf(tx, category);
      if (fields.supports?.length) await this.careNeeds.check(fields.supports, 'supports');
      if (!(await tx.existsBy(Provider, { id: providerId }))) throw providerNotFound();
      const service = await tx.save(tx.create(Service, { ...fields, providerId, categoryId }));
      if (times.length)
        await tx.insert(
          ServiceOpeningTime,
          times.map((o) => ({ ...o, serviceId: service.id })),
        );
      await this.insertAreas(tx, providerId, service.id, ownAreas);
      return service;
    });
  }

  /**
   * Changes a service of the provider `providerId` (row locked). A service stays with its provider:
   * naming another provider's service is SERVICE_OF_ANOTHER_PROVIDER.
   */
  async updateService(id: string, providerId: string, changes: ServiceChanges): Promise<Written<Service>> {
    // Null, like absence, leaves a set or the category as it is.
    const { category, openingTimes, areas, ...rest } = changes;
    const fields = checkedServiceFields(givenServiceFields(rest));
    const times = openingTimes && checkedOpeningTimes(openingTimes);
    const ownAreas = areas && checkedAreas(areas, 'areas');
    return this.write(async (tx) => {
      const categoryId = category == null ? undefined : await this.categoryIdOf(tx, category);
      if (fields.supports?.length) await this.careNeeds.check(fields.supports, 'supports');
      const service = await tx.findOne(Service, { where: { id }, lock: { mode: 'pessimistic_write' } });
      if (!service) throw new DirectoryException(DirectoryExceptionCode.SERVICE_NOT_FOUND, 'There is no such service.');
      if (service.providerId !== providerId)
        throw new DirectoryException(DirectoryExceptionCode.SERVICE_OF_ANOTHER_PROVIDER, 'This service belongs to another provider.');
      const previous = tx.create(Service, { ...service });
      Object.assign(service, fields, categoryId === undefined ? {} : { categoryId });
      checkAgeRange(service.minimumAge, service.maximumAge);
      if (times || ownAreas) service.updatedAt = new Date();
      const saved = await tx.save(service);
      if (times) {
        await tx.delete(ServiceOpeningTime, { serviceId: id });
        if (times.length)
          await tx.insert(
            ServiceOpeningTime,
            times.map((o) => ({ ...o, serviceId: id })),
          );
      }
      if (ownAreas) {
        await tx.delete(ServiceArea, { serviceId: id });
        await this.insertAreas(tx, providerId, id, ownAreas);
      }
      return { saved, previous };
    });
  }

  /**
   * Runs `work` in the open unit of work or one of its own, marked as changing listings (the search's
   * caches forget once it commits); a unique violation becomes ALREADY_EXISTS naming the field.
   */
  private async write<T>(work: (tx: EntityManager) => Promise<T>): Promise<T> {
    try {
      return await this.uow.transaction((tx) => {
        markChanged(tx, LISTINGS_TOPIC);
        return work(tx);
      });
    } catch (error) {
      throw uniqueViolation(error) ?? error;
    }
  }

  /** Each place's point: as given, or its postcode's from the gazetteer (whose postcode form is kept). */
  private async locate(places: CheckedLocation[]): Promise<LocatedPlace[]> {
    const located: LocatedPlace[] = [];
    for (const [i, place] of places.entries()) {
      if (place.latitude != null && place.longitude != null) {
        located.push({ ...place, latitude: place.latitude, longitude: place.longitude });
        continue;
      }
      const found = await this.geo.locate(place.postcode, `locations[${i}].postcode`);
      checkInUk(found.latitude, found.longitude);
      located.push({ ...place, postcode: found.postcode, latitude: found.latitude, longitude: found.longitude });
    }
    return located;
  }

  /** Keeps the locations given by id (changed in place), adds those without, removes the rest. */
  private async replaceLocations(
    tx: EntityManager,
    providerId: string,
    existingIds: string[],
    located: LocatedPlace[],
  ): Promise<LocationChanges> {
    const kept = new Set(located.flatMap((l) => (l.id ? [l.id] : [])));
    const removed = existingIds.filter((l) => !kept.has(l));
    // Deleting a location cascades to its service_at_location rows; changing one in place keeps them (and their ids).
    if (removed.length) await tx.delete(ProviderLocation, { id: In(removed) });
    for (const { id: locationId, ...place } of located) {
      if (locationId) await tx.update(ProviderLocation, { id: locationId }, place);
    }
    const added = located.filter((l) => !l.id);
    if (added.length)
      await tx.insert(
        ProviderLocation,
        added.map(({ id: _none, ...place }) => ({ ...place, providerId })),
      );
    return { added: added.length, updated: located.length - added.length, removed: removed.length };
  }

  private async categoryIdOf(tx: EntityManager, slug: string): Promise<string> {
    const found = await tx.findOneBy(ServiceCategory, { slug });
    if (!found)
      throw new DirectoryException(DirectoryExceptionCode.UNKNOWN_CATEGORY, `Unknown service category: ${slug.slice(0, 60)}.`, {
        argument: 'category',
      });
    return found.id;
  }

  private async insertMembers(
    tx: EntityManager,
    providerId: string,
    memberClasses: readonly MemberClassCountInput[],
    boardSeats: readonly BoardSeatInput[],
  ): Promise<void> {
    if (memberClasses.length)
      await tx.insert(
        ProviderMemberClass,
        memberClasses.map((m) => ({ memberClass: m.memberClass, memberCount: m.memberCount, providerId })),
      );
    if (boardSeats.length)
      await tx.insert(
        ProviderBoardSeat,
        boardSeats.map((b) => ({ memberClass: b.memberClass, seats: b.seats, providerId })),
      );
  }

  private async insertAreas(tx: EntityManager, providerId: string, serviceId: string | null, areas: Area[]): Promise<void> {
    if (areas.length === 0) return;
    await tx.insert(
      ServiceArea,
      areas.map((a) =>
        'outcode' in a
          ? { providerId, serviceId, outcode: a.outcode }
          : { providerId, serviceId, latitude: a.latitude, longitude: a.longitude, radiusMiles: a.radiusMiles },
      ),
    );
  }
}

/** Unique constraints a write can run into, by name, as the field a client fixes. */
const UNIQUE_FIELDS: Record<string, { argument: string; message: string }> = {
  UQ_a9d01e452a9f508360cba79a429: { argument: 'slug', message: 'Another provider already has this slug.' },
  UQ_c0c3702e2f29739a8b433950d5d: { argument: 'slug', message: 'Another consortium already has this slug.' },
  UQ_13a79cfc360d24e733eda967403: { argument: 'slug', message: 'Another council already has this slug.' },
  UQ_5eddc98742d36f26821d3980e0a: { argument: 'onsCode', message: 'Another council already has this ONS code.' },
};

/** A unique violation (SQLSTATE 23505) as ALREADY_EXISTS naming the field; null for any other error. */
function uniqueViolation(error: unknown): DirectoryException | null {
  if (!(error instanceof QueryFailedError)) return null;
  const driver = error.driverError as { code?: string; constraint?: string };
  if (driver.code !== '23505') return null;
  const known = driver.constraint ? UNIQUE_FIELDS[driver.constraint] : undefined;
  return new DirectoryException(
    DirectoryExceptionCode.ALREADY_EXISTS,
    known?.message ?? 'This would duplicate an existing record.',
    known ? { argument: known.argument } : {},
  );
}
