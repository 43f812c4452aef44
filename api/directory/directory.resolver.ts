import { Arg, Args, Ctx, FieldResolver, Query, Resolver, Root } from 'type-graphql';
import { ID } from '../graphql/scalars.js';
import { PageArgs } from '../common/connection.js';
import type { Context } from '../context.js';
import { CareNeed } from './care-need.entity.js';
import { Council } from './council.entity.js';
import { Consortium } from './consortium.entity.js';
import { invalidInput } from './directory.exception.js';
import type { SearchPage } from './directory.filter.js';
import {
  activeServicesByProviderId,
  areasByProviderId,
  boardSeatsByProviderId,
  categoryById,
  consortiumById,
  locationsByProviderId,
  memberClassesByProviderId,
  openingTimesByServiceId,
  providerById,
  publishedMembersByConsortiumId,
  publishedOffspringByParentId,
  serviceById,
} from './directory.loaders.js';
import { ProviderConnection, ProviderFilter, ProviderSort, ServiceConnection, ServiceFilter, ServiceSort } from './directory.types.js';
import { Provider, ProviderBoardSeat, ProviderLocation, ProviderMemberClass } from './provider.entity.js';
import { Service, ServiceArea, ServiceOpeningTime } from './service.entity.js';
import { ServiceCategory } from './service-category.entity.js';
import { isPublished } from './visibility.js';

function toConnectionOf<T>(page: SearchPage<T>) {
  const edges = page.rows.map((r) => ({ cursor: r.cursor, node: r.node, distanceMiles: r.distanceMiles }));
  return {
    edges,
    totalCount: page.totalCount,
    pageInfo: {
      hasNextPage: page.hasNextPage,
      hasPreviousPage: false,
      startCursor: edges[0]?.cursor ?? null,
      endCursor: edges.at(-1)?.cursor ?? null,
    },
  };
}

@Resolver()
export class DirectoryQueryResolver {
  @Query(() => ProviderConnection, { description: 'Published providers matching the filter.' })
  async providers(
    @Ctx() ctx: Context,
    @Args(() => PageArgs) page: PageArgs,
    @Arg('filter', () => ProviderFilter, { nullable: true, description: 'Which providers; left out, every published one.' })
    filter?: ProviderFilter | null,
    @Arg('sort', () => ProviderSort, { nullable: true, description: 'The order of the results; RELEVANCE when left out.' })
    sort?: ProviderSort | null,
  ): Promise<ProviderConnection> {
    const result = await ctx.services.directorySearch.searchProviders(filter ?? {}, sort ?? ProviderSort.RELEVANCE, page);
    const byId = ctx.loaders.get(providerById);
    for (const r of result.rows) byId.prime(r.node.id, r.node);
    return toConnectionOf(result) as ProviderConnection;
  }

  @Query(() => Provider, { nullable: true, description: 'A published provider, by id or slug (give one).' })
  async provider(
    @Ctx() ctx: Context,
    @Arg('id', () => ID, { nullable: true, description: 'The provider’s id (Provider.id); give this or slug, not both.' })
    id?: string | null,
    @Arg('slug', () => String, {
      nullable: true,
      description: 'The provider’s slug (Provider.slug), e.g. `colne-valley-care`; give this or id, not both.',
    })
    slug?: string | null,
  ): Promise<Provider | null> {
    // Presence, not truthiness: `slug: ""` is a slug no provider has, not a missing argument.
    if ((id != null ? 1 : 0) + (slug != null ? 1 : 0) !== 1) throw invalidInput('Give either id or slug.', id != null ? 'slug' : 'id');
    return id != null ? ctx.services.directory.getProvider(id) : ctx.services.directory.getProviderBySlug(slug!);
  }

  @Query(() => ServiceConnection, { description: 'Active services of published providers matching the filter.' })
  async services(
    @Ctx() ctx: Context,
    @Args(() => PageArgs) page: PageArgs,
    @Arg('filter', () => ServiceFilter, {
      nullable: true,
      description: 'Which services; left out, every active service of a published provider.',
    })
    filter?: ServiceFilter | null,
    @Arg('sort', () => ServiceSort, { nullable: true, description: 'The order of the results; RELEVANCE when left out.' })
    sort?: ServiceSort | null,
  ): Promise<ServiceConnection> {
    const result = await ctx.services.directorySearch.searchServices(filter ?? {}, sort ?? ServiceSort.RELEVANCE, page);
    // The search statement loaded each row's provider and category too: their fields need no statement.
    const services = ctx.loaders.get(serviceById);
    for (const r of result.rows) services.prime(r.node.id, r.node);
    const providers = ctx.loaders.get(providerById);
    for (const p of result.providers) providers.prime(p.id, p);
    const categories = ctx.loaders.get(categoryById);
    for (const c of result.categories) categories.prime(c.id, c);
    return toConnectionOf(result) as ServiceConnection;
  }

  @Query(() => Service, {
    nullable: true,
    description: 'An active service of a published provider, by id; null when there is no such service or it is not public.',
  })
  service(
    @Ctx() ctx: Context,
    @Arg('id', () => ID, { description: 'The service’s id (Service.id, also its id in the ORUK API).' }) id: string,
  ): Promise<Service | null> {
    return ctx.services.directory.getService(id);
  }

  @Query(() => [ServiceCategory], {
    description: 'Every term of the service taxonomy, by position then name; `parent` links a term to the broader one.',
  })
  serviceCategories(@Ctx() ctx: Context): Promise<ServiceCategory[]> {
    return ctx.services.directory.listCategories();
  }

  @Query(() => [CareNeed], {
    description: 'The needs and conditions services can say they support, in display order: the slugs `supports` filters take.',
  })
  careNeeds(@Ctx() ctx: Context): Promise<CareNeed[]> {
    return ctx.services.careNeeds.all();
  }

  @Query(() => [Consortium], { description: 'Every consortium, by name; `members` lists each one’s published providers.' })
  consortia(@Ctx() ctx: Context): Promise<Consortium[]> {
    return ctx.services.directory.listConsortia();
  }

  @Query(() => [Council], { description: 'Commissioning councils.' })
  councils(@Ctx() ctx: Context): Promise<Council[]> {
    return ctx.services.directory.listCouncils();
  }
}

@Resolver(() => Provider)
export class ProviderResolver {
  @FieldResolver(() => Consortium, { nullable: true, description: 'The consortium the provider belongs to; null when none.' })
  consortium(@Root() p: Provider, @Ctx() ctx: Context) {
    return p.consortiumId ? ctx.loaders.get(consortiumById).load(p.consortiumId) : null;
  }

  @FieldResolver(() => Provider, { nullable: true, description: 'The co-op that helped start this one, when published.' })
  async parent(@Root() p: Provider, @Ctx() ctx: Context) {
    const parent = p.parentId ? await ctx.loaders.get(providerById).load(p.parentId) : null;
    return isPublished(parent) ? parent : null;
  }

  @FieldResolver(() => [Provider], { description: 'Published co-ops this one helped start.' })
  offspring(@Root() p: Provider, @Ctx() ctx: Context) {
    return ctx.loaders.get(publishedOffspringByParentId).load(p.id);
  }

  @FieldResolver(() => [Service], { description: 'Active services, by name.' })
  services(@Root() p: Provider, @Ctx() ctx: Context) {
    return ctx.loaders.get(activeServicesByProviderId).load(p.id);
  }

  @FieldResolver(() => [ProviderLocation], {
    description: 'Every place the provider works from, by name; distances (`distanceMiles`) are measured from the nearest.',
  })
  locations(@Root() p: Provider, @Ctx() ctx: Context) {
    return ctx.loaders.get(locationsByProviderId).load(p.id);
  }

  @FieldResolver(() => [ServiceArea], { description: 'Areas the provider as a whole covers (each service may add its own).' })
  async serviceAreas(@Root() p: Provider, @Ctx() ctx: Context) {
    return (await ctx.loaders.get(areasByProviderId).load(p.id)).filter((a) => a.serviceId === null);
  }

  @FieldResolver(() => [ProviderMemberClass], {
    description: 'How many members of each class the co-operative has, one entry per class recorded; empty when none are.',
  })
  memberClasses(@Root() p: Provider, @Ctx() ctx: Context) {
    return ctx.loaders.get(memberClassesByProviderId).load(p.id);
  }

  @FieldResolver(() => [ProviderBoardSeat], {
    description: 'Board seats reserved for each class of member, one entry per class recorded; empty when none are.',
  })
  boardSeats(@Root() p: Provider, @Ctx() ctx: Context) {
    return ctx.loaders.get(boardSeatsByProviderId).load(p.id);
  }
}

@Resolver(() => Service)
export class ServiceResolver {
  @FieldResolver(() => Provider, { description: 'The provider offering the service.' })
  async provider(@Root() s: Service, @Ctx() ctx: Context) {
    return ctx.loaders.get(providerById).load(s.providerId);
  }

  @FieldResolver(() => ServiceCategory, { description: 'The taxonomy term the service is listed under (upsertService’s `category`).' })
  category(@Root() s: Service, @Ctx() ctx: Context) {
    return ctx.loaders.get(categoryById).load(s.categoryId);
  }

  @FieldResolver(() => [ServiceArea], { description: "The provider's general areas plus this service's own." })
  async areasServed(@Root() s: Service, @Ctx() ctx: Context) {
    return (await ctx.loaders.get(areasByProviderId).load(s.providerId)).filter((a) => a.serviceId === null || a.serviceId === s.id);
  }

  @FieldResolver(() => [ServiceArea], {
    description: 'Areas this service covers beyond its provider’s (what upsertService’s `areas` sets).',
  })
  async ownAreas(@Root() s: Service, @Ctx() ctx: Context) {
    return (await ctx.loaders.get(areasByProviderId).load(s.providerId)).filter((a) => a.serviceId === s.id);
  }

  @FieldResolver(() => [CareNeed], {
    description: 'The needs and conditions the service says it supports, in display order (upsertService’s `supports`).',
  })
  supports(@Root() s: Service, @Ctx() ctx: Context) {
    // From the cached list, not a statement a row: a page of 100 services costs what a page of 5 does.
    return ctx.services.careNeeds.named(s.supports);
  }

  @FieldResolver(() => [ServiceOpeningTime], { description: 'Weekly schedule, Monday first.' })
  openingTimes(@Root() s: Service, @Ctx() ctx: Context) {
    return ctx.loaders.get(openingTimesByServiceId).load(s.id);
  }
}

@Resolver(() => ServiceCategory)
export class ServiceCategoryResolver {
  @FieldResolver(() => ServiceCategory, {
    nullable: true,
    description: 'The broader term this one belongs to; null for a top-level term. Filtering by a parent includes its children.',
  })
  parent(@Root() c: ServiceCategory, @Ctx() ctx: Context) {
    return c.parentId ? ctx.loaders.get(categoryById).load(c.parentId) : null;
  }
}

@Resolver(() => Consortium)
export class ConsortiumResolver {
  @FieldResolver(() => [Provider], { description: 'Published member providers.' })
  members(@Root() c: Consortium, @Ctx() ctx: Context) {
    return ctx.loaders.get(publishedMembersByConsortiumId).load(c.id);
  }
}

export const directoryResolvers = [
  DirectoryQueryResolver,
  ProviderResolver,
  ServiceResolver,
  ServiceCategoryResolver,
  ConsortiumResolver,
] as const;
