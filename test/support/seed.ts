import type { NewProvider, NewService } from '../../api/directory/curation.inputs.js';
import { seedDemoData } from '../../api/demo/seed.js';
import { buildProvider, buildService, listings } from '../../api/directory/fixtures/builders.js';
import { LegalForm, ProviderStatus } from '../../api/directory/directory.enums.js';
import type { DirectoryFilter } from '../../api/directory/directory.filter.js';
import { DomainException } from '../../api/common/exceptions.js';
import { seedGazetteer } from '../../api/geo/gazetteer.js';
import type { AppServices } from '../../api/modules.js';
import { seedSyntheticDirectory as seedSynthetic, type SyntheticDirectory } from '../fixtures/oruk/synthetic.js';

/**
 * Directory set-up and the directory service's own API, for what has no public API (creating councils,
 * consortia and providers, writing around curation, the search as the directory computes it). The one
 * place tests call the directory and seeding functions of api/: when they change, only this file does.
 */

type Directory = Pick<AppServices, 'db' | 'uow' | 'geo' | 'directory' | 'directorySearch' | 'careNeeds'>;
type ProviderStatusName = keyof typeof ProviderStatus;

/** The demo postcodes (Kirklees and neighbours). */
export async function seedDemoGazetteer(services: Pick<AppServices, 'db'>): Promise<void> {
  await seedGazetteer(services);
}

/** The whole Kirklees demo (gazetteer, directory, demo accounts), as `npm start` seeds it. */
export async function seedDemo(services: AppServices): Promise<{ summary: string }> {
  return seedDemoData(services);
}

/**
 * What `npm start` does to a demo database when coopcare listens on `port`: seeds what is missing, and
 * brings the demo partner key's origins to that port's.
 */
export async function seedDemoStart(services: AppServices, port: number): Promise<{ summary: string }> {
  return seedDemoData({ ...services, config: { ...services.config, port } });
}

/** The synthetic ORUK directory (test/fixtures/oruk/synthetic.ts): 30 providers, what each filter should find is known. */
export function seedSyntheticDirectory(services: Pick<AppServices, 'db'>, providerCount = 30): Promise<SyntheticDirectory> {
  return seedSynthetic(services.db, providerCount);
}

export function createCouncil(services: Directory, input: { name: string; slug: string; onsCode: string; postcodeDistricts: string[] }) {
  return listings(services).createCouncil(input);
}

export function createConsortium(services: Directory, input: { name: string; slug: string }) {
  return listings(services).createConsortium(input);
}

/** A co-operative society (DRAFT unless told), nothing else filled in. */
export function createProvider(
  services: Directory,
  input: Omit<Partial<NewProvider>, 'legalForm' | 'status'> & { name: string; slug: string; status?: ProviderStatusName },
) {
  const { status, ...rest } = input;
  return listings(services).createProvider({
    legalForm: LegalForm.CO_OPERATIVE_SOCIETY,
    isCooperative: true,
    ...rest,
    ...(status ? { status: ProviderStatus[status] } : {}),
  });
}

/** A published co-operative in Huddersfield town centre (HD1 2TA), covering HD1; override anything. */
export function addProvider(services: Directory, overrides: Partial<NewProvider> = {}) {
  return buildProvider(services, overrides);
}

/** An active personal-care service, open weekdays; override anything. */
export function addService(services: Directory, providerId: string, overrides: Partial<NewService> = {}) {
  return buildService(services, providerId, overrides);
}

/** The listings writer's writes, around curation (no actor, no audit); each checks its own input. */
export function directoryWrites(services: Directory) {
  const writer = listings(services);
  return {
    createProvider: (input: NewProvider) => writer.createProvider(input),
    updateProvider: (id: string, changes: Parameters<typeof writer.updateProvider>[1]) => writer.updateProvider(id, changes),
    updateService: (id: string, providerId: string, changes: Parameters<typeof writer.updateService>[2]) =>
      writer.updateService(id, providerId, changes),
    setProviderStatus: (id: string, status: ProviderStatusName) => writer.setProviderStatus(id, ProviderStatus[status]),
    createCouncil: (input: Parameters<typeof writer.createCouncil>[0]) => writer.createCouncil(input),
    createConsortium: (input: Parameters<typeof writer.createConsortium>[0]) => writer.createConsortium(input),
    councilsServing: (providerId: string, councilIds: string[]) => services.directory.councilsServing(providerId, councilIds),
  };
}

/** Every service id the directory's own search gives for a filter, in its order (what ORUK must agree with). */
export async function directorySearchOrder(services: Directory, filter: DirectoryFilter): Promise<string[]> {
  const ids: string[] = [];
  for (let offset = 0; ; offset += 100) {
    const page = await services.directorySearch.searchServices(filter, 'RELEVANCE', { first: 100, offset });
    ids.push(...page.rows.map((r) => r.node.id));
    if (!page.hasNextPage) return ids;
  }
}

export type Refusal = { code?: string; argument?: string };

/** What a directory write (called directly) was refused with, as a client would be told; throws if it was not. */
export async function refusal(work: Promise<unknown>): Promise<Refusal> {
  try {
    await work;
  } catch (error) {
    if (error instanceof DomainException && error.failure) return { code: error.failure, ...error.details };
    return { code: `not a client failure: ${String(error)}` };
  }
  throw new Error('expected the call to be refused');
}
