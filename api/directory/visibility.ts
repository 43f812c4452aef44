import { ProviderStatus, ServiceStatus } from './directory.enums.js';
import type { Provider } from './provider.entity.js';

/**
 * What the public sees of the directory: PUBLISHED providers and, of theirs, the ACTIVE services. Every
 * public read asks here (the search's SQL, the reads, the loaders, the reader ORUK uses), in whichever
 * of the three forms it speaks. The search index's SQL functions (migrations) apply the same rule to
 * the words they offer as corrections.
 */

/** SQL: the provider row `alias` is public. */
export const publishedProviderSql = (alias: string) => `${alias}.status = '${ProviderStatus.PUBLISHED}'`;

/** SQL: the service row `alias` is active (public when its provider is). */
export const activeServiceSql = (alias: string) => `${alias}.status = '${ServiceStatus.ACTIVE}'`;

/** TypeORM `where` parts, for loaders. */
export const PUBLISHED_PROVIDER = { status: ProviderStatus.PUBLISHED } as const;
export const ACTIVE_SERVICE = { status: ServiceStatus.ACTIVE } as const;

export function isPublished(provider: Provider | null | undefined): provider is Provider {
  return provider?.status === ProviderStatus.PUBLISHED;
}
