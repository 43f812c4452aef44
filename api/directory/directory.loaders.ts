import DataLoader from 'dataloader';
import { In } from 'typeorm';
import { isUuid } from '../common/ids.js';
import { byKey, groupByKey, type LoaderFactory } from '../common/loaders.js';
import { Consortium } from './consortium.entity.js';
import { Council } from './council.entity.js';
import { Provider, ProviderBoardSeat, ProviderLocation, ProviderMemberClass } from './provider.entity.js';
import { ProviderStatusChange } from './provider-status-change.entity.js';
import { Service, ServiceArea, ServiceOpeningTime } from './service.entity.js';
import { ServiceCategory } from './service-category.entity.js';
import { ACTIVE_SERVICE, PUBLISHED_PROVIDER } from './visibility.js';

/** Any status: callers decide what the viewer may see. */
export const providerById: LoaderFactory<string, Provider | null> = ({ db }) =>
  new DataLoader(async (ids) => byKey(ids, await db.getRepository(Provider).findBy({ id: In([...ids]) }), (p) => p.id));

/** Any status: callers decide what the viewer may see. */
export const serviceById: LoaderFactory<string, Service | null> = ({ db }) =>
  new DataLoader(async (ids) => byKey(ids, await db.getRepository(Service).findBy({ id: In([...ids]) }), (s) => s.id));

export const categoryById: LoaderFactory<string, ServiceCategory | null> = ({ db }) =>
  new DataLoader(async (ids) => byKey(ids, await db.getRepository(ServiceCategory).findBy({ id: In([...ids]) }), (c) => c.id));

export const consortiumById: LoaderFactory<string, Consortium | null> = ({ db }) =>
  new DataLoader(async (ids) => byKey(ids, await db.getRepository(Consortium).findBy({ id: In([...ids]) }), (c) => c.id));

/** A provider's active services, by name. */
export const activeServicesByProviderId: LoaderFactory<string, Service[]> = (registry) =>
  new DataLoader(async (ids) => {
    const rows = await registry.db
      .getRepository(Service)
      .find({ where: { providerId: In([...ids]), ...ACTIVE_SERVICE }, order: { name: 'ASC', id: 'ASC' } });
    const byId = registry.get(serviceById);
    for (const s of rows) byId.prime(s.id, s);
    return groupByKey(ids, rows, (s) => s.providerId);
  });

/** Published co-ops a provider helped start. */
export const publishedOffspringByParentId: LoaderFactory<string, Provider[]> = (registry) =>
  new DataLoader(async (ids) => {
    const rows = await registry.db
      .getRepository(Provider)
      .find({ where: { parentId: In([...ids]), ...PUBLISHED_PROVIDER }, order: { name: 'ASC', id: 'ASC' } });
    const byId = registry.get(providerById);
    for (const p of rows) byId.prime(p.id, p);
    return groupByKey(ids, rows, (p) => p.parentId!);
  });

export const publishedMembersByConsortiumId: LoaderFactory<string, Provider[]> = (registry) =>
  new DataLoader(async (ids) => {
    const rows = await registry.db
      .getRepository(Provider)
      .find({ where: { consortiumId: In([...ids]), ...PUBLISHED_PROVIDER }, order: { name: 'ASC', id: 'ASC' } });
    const byId = registry.get(providerById);
    for (const p of rows) byId.prime(p.id, p);
    return groupByKey(ids, rows, (p) => p.consortiumId!);
  });

export const locationsByProviderId: LoaderFactory<string, ProviderLocation[]> = ({ db }) =>
  new DataLoader(async (ids) =>
    groupByKey(
      ids,
      await db.getRepository(ProviderLocation).find({ where: { providerId: In([...ids]) }, order: { name: 'ASC', id: 'ASC' } }),
      (l) => l.providerId,
    ),
  );

/** Every area of a provider, its general ones (serviceId null) and its services' own. */
export const areasByProviderId: LoaderFactory<string, ServiceArea[]> = ({ db }) =>
  new DataLoader(async (ids) =>
    groupByKey(
      ids,
      await db
        .getRepository(ServiceArea)
        .find({ where: { providerId: In([...ids]) }, order: { outcode: 'ASC', radiusMiles: 'ASC', id: 'ASC' } }),
      (a) => a.providerId,
    ),
  );

export const memberClassesByProviderId: LoaderFactory<string, ProviderMemberClass[]> = ({ db }) =>
  new DataLoader(async (ids) =>
    groupByKey(
      ids,
      await db.getRepository(ProviderMemberClass).find({ where: { providerId: In([...ids]) }, order: { memberClass: 'ASC' } }),
      (m) => m.providerId,
    ),
  );

export const boardSeatsByProviderId: LoaderFactory<string, ProviderBoardSeat[]> = ({ db }) =>
  new DataLoader(async (ids) =>
    groupByKey(
      ids,
      await db.getRepository(ProviderBoardSeat).find({ where: { providerId: In([...ids]) }, order: { memberClass: 'ASC' } }),
      (b) => b.providerId,
    ),
  );

const DAY_ORDER = ['MONDAY', 'TUESDAY', 'WEDNESDAY', 'THURSDAY', 'FRIDAY', 'SATURDAY', 'SUNDAY'];

export const openingTimesByServiceId: LoaderFactory<string, ServiceOpeningTime[]> = ({ db }) =>
  new DataLoader(async (ids) => {
    const rows = await db.getRepository(ServiceOpeningTime).find({ where: { serviceId: In([...ids]) } });
    rows.sort((a, b) => DAY_ORDER.indexOf(a.dayOfWeek) - DAY_ORDER.indexOf(b.dayOfWeek) || a.opens.localeCompare(b.opens));
    return groupByKey(ids, rows, (o) => o.serviceId);
  });

/**
 * Every council (by id) whose postcode districts the provider is based in or serves; null when there is
 * no such provider. Not cached: permission checks hang on it, and a request's earlier mutation may have
 * moved the provider's areas.
 */
export const councilsServingByProviderId: LoaderFactory<string, string[] | null> = ({ db }) =>
  new DataLoader(
    async (ids) => {
      // Callers outside GraphQL may hold any string: only a UUID may reach the uuid cast. Postgres answers in lower case.
      const keys = ids.map((id) => id.toLowerCase());
      const uuids = keys.filter(isUuid);
      const rows: { id: string; councils: string[] }[] = uuids.length
        ? await db.query(
            `SELECT p.id,
                    array(SELECT c.id::text FROM council c
                           WHERE EXISTS (SELECT 1 FROM service_area a
                                          WHERE a.provider_id = p.id AND a.outcode = ANY(c.postcode_districts))
                              OR EXISTS (SELECT 1 FROM provider_location l
                                          WHERE l.provider_id = p.id AND upper(split_part(l.postcode, ' ', 1)) = ANY(c.postcode_districts))
                           ORDER BY c.id) AS councils
               FROM provider p WHERE p.id = ANY($1::uuid[])`,
            [uuids],
          )
        : [];
      return byKey(keys, rows, (r) => r.id).map((r) => r?.councils ?? null);
    },
    { cache: false },
  );

/** A listing's publishes and suspensions, newest first. Not cached: a request's earlier mutation may have added one. */
export const statusChangesByProviderId: LoaderFactory<string, ProviderStatusChange[]> = ({ db }) =>
  new DataLoader(
    async (ids) =>
      groupByKey(
        ids,
        await db
          .getRepository(ProviderStatusChange)
          .find({ where: { providerId: In([...ids]) }, order: { changedAt: 'DESC', id: 'DESC' } }),
        (c) => c.providerId,
      ),
    { cache: false },
  );

export const councilById: LoaderFactory<string, Council | null> = ({ db }) =>
  new DataLoader(async (ids) => byKey(ids, await db.getRepository(Council).findBy({ id: In([...ids]) }), (c) => c.id));
