import type { ApolloServerOptions } from '@apollo/server';
import { Kind, parse } from 'graphql';
import type { Context } from '../context.js';

/** What codegen writes to widgets/generated/persisted-documents.json: `sha256:<hex>` → the document it hashes. */
export type PersistedDocumentManifest = Record<string, string>;

type PersistedQueryCache = NonNullable<Exclude<ApolloServerOptions<Context>['persistedQueries'], false>>['cache'];

/**
 * The widgets' operations whose answers are the same for everyone and hold only the published directory:
 * a shared cache may keep them. Nothing that reads a budget, a booking, a plan or the viewer belongs here.
 */
const PUBLIC_DIRECTORY_OPERATIONS = new Set(['ProviderSearchCategories', 'ProviderSearchServices', 'ProviderPage']);

/** The widgets' documents by id, and which ids are public directory reads. */
export interface TrustedDocuments {
  /** sha256 hex (Apollo's `persistedQuery.sha256Hash`) → the document. */
  byId: ReadonlyMap<string, string>;
  publicReadIds: ReadonlySet<string>;
}

export const NO_TRUSTED_DOCUMENTS: TrustedDocuments = { byId: new Map(), publicReadIds: new Set() };

export function trustedDocuments(manifest: PersistedDocumentManifest): TrustedDocuments {
  const byId = new Map<string, string>();
  const publicReadIds = new Set<string>();
  for (const [key, document] of Object.entries(manifest)) {
    const id = key.replace(/^sha256:/, '');
    byId.set(id, document);
    const operations = parse(document).definitions.filter((d) => d.kind === Kind.OPERATION_DEFINITION);
    const only = operations.length === 1 ? operations[0]! : null;
    if (only?.operation === 'query' && only.name && PUBLIC_DIRECTORY_OPERATIONS.has(only.name.value)) publicReadIds.add(id);
  }
  return { byId, publicReadIds };
}

/**
 * Apollo's persisted-query cache, answered from the manifest alone. Apollo would store any document a
 * client sends with its hash (automatic persisted queries); this cache keeps none, so the ids that work
 * without text are exactly the widgets' and a client can neither fill the server's memory nor make an id
 * mean something the widgets never sent. Partners send the text, as they always could.
 */
export function trustedDocumentCache({ byId }: TrustedDocuments): PersistedQueryCache {
  return {
    // Apollo prefixes the keys of the cache it is given (`apq:<hash>`); the hash is hex, so it follows the last colon.
    async get(key) {
      return byId.get(key.slice(key.lastIndexOf(':') + 1));
    },
    async set() {},
    async delete() {
      return false;
    },
  };
}
