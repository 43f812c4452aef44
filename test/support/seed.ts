import type { EntityManager } from 'typeorm';
import { seedDemoData } from '../../api/demo/seed.js';
import { buildProvider, buildService } from '../../api/directory/fixtures/builders.js';
import { LegalForm, ProviderStatus } from '../../api/directory/directory.enums.js';
import type { CreateProviderInput, CreateServiceInput } from '../../api/directory/directory.service.js';
import type { DirectoryFilter } from '../../api/directory/directory.search.js';
import { seedGazetteer } from '../../api/geo/gazetteer.js';
import type { AppServices } from '../../api/services.js';
import { seedSyntheticDirectory as seedSynthetic, type SyntheticDirectory } from '../fixtures/oruk/synthetic.js';

/**
 * Directory set-up and the directory service's own API, for what has no public API (creating councils,
 * consortia and providers, writing around curation, the search as the directory computes it). The one
 * place tests call the directory and seeding functions of api/: when they change, only this file does.
 */

type Directory = Pick<AppServices, 'db' | 'directory' | 'geo'>;
type ProviderStatusName = keyof typeof ProviderStatus;

/** The demo postcodes (Kirklees and neighbours). */
export async function seedDemoGazetteer(services: Pick<AppServices, 'db'>): Promise<void> {
  await seedGazetteer(services);
}

/** The whole Kirklees demo (gazetteer, directory, demo accounts), as `npm start` seeds it. */
export async function seedDemo(services: AppServices): Promise<{ summary: string }> {
  return seedDemoData(services);
}

/** The synthetic ORUK directory (test/fixtures/oruk/synthetic.ts): 30 providers, what each filter should find is known. */
export function seedSyntheticDirectory(services: Pick<AppServices, 'db'>, providerCount = 30): Promise<SyntheticDirectory> {
  return seedSynthetic(services.db, providerCount);
}

export function createCouncil(services: Directory, input: { name: string; slug: string; onsCode: string; postcodeDistricts: string[] }) {
  return services.directory.createCouncil(input);
}

export function createConsortium(services: Directory, input: { name: string; slug: string }) {
  return services.directory.createConsortium(input);
}

/** A co-operative society (DRAFT unless told), nothing else filled in. */
export function createProvider(
  services: Directory,
  input: Omit<Partial<CreateProviderInput>, 'legalForm' | 'status'> & { name: string; slug: string; status?: ProviderStatusName },
) {
  const { status, ...rest } = input;
  return services.directory.createProvider({ legalForm: LegalForm.CO_OPERATIVE_SOCIETY, isCooperative: true, ...rest, ...(status ? { status: ProviderStatus[status] } : {}) });
}

/** A published co-operative in Huddersfield town centre (HD1 2TA), covering HD1; override anything. */
export function addProvider(services: Directory, overrides: Partial<CreateProviderInput> = {}) {
  return buildProvider(services, overrides);
}

/** An active personal-care service, open weekdays; override anything. */
export function addService(services: Directory, providerId: string, overrides: Partial<CreateServiceInput> = {}) {
  return buildService(services, providerId, overrides);
}

/** The directory service's writes as every caller reaches them (they check their own input). */
export function directoryWrites(services: Directory) {
  const { directory } = services;
  return {
    createProvider: (input: CreateProviderInput) => directory.createProvider(input),
    updateProvider: (id: string, patch: Parameters<typeof directory.updateProvider>[1], em?: EntityManager) => directory.updateProvider(id, patch, em),
    updateService: (id: string, providerId: string, patch: Parameters<typeof directory.updateService>[2]) => directory.updateService(id, providerId, patch),
    setProviderStatus: (id: string, status: ProviderStatusName, em?: EntityManager) => directory.setProviderStatus(id, ProviderStatus[status], em),
    createCouncil: (input: Parameters<typeof directory.createCouncil>[0]) => directory.createCouncil(input),
    createConsortium: (input: Parameters<typeof directory.createConsortium>[0]) => directory.createConsortium(input),
    councilsServing: (providerId: string, councilIds: string[]) => directory.councilsServing(providerId, councilIds),
  };
}

/** Every service id the directory's own search gives for a filter, in its order (what ORUK must agree with). */
export async function directorySearchOrder(services: Directory, filter: DirectoryFilter): Promise<string[]> {
  const ids: string[] = [];
  for (let offset = 0; ; offset += 100) {
    const page = await services.directory.searchServices(filter, 'RELEVANCE', { first: 100, offset });
    ids.push(...page.rows.map((r) => r.node.id));
    if (!page.hasNextPage) return ids;
  }
}

export type Refusal = { code?: string; argument?: string };

/** The GraphQL error extensions a directory write (called directly) was refused with; throws if it was not. */
export async function refusal(work: Promise<unknown>): Promise<Refusal> {
  try {
    await work;
  } catch (error) {
    return (error as { extensions?: Refusal }).extensions ?? { code: `not an ApiError: ${String(error)}` };
  }
  throw new Error('expected the call to be refused');
}
