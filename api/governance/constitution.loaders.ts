import DataLoader from 'dataloader';
import { byKey, type LoaderFactory } from '../common/loaders.js';
import type { Constitution } from './constitution.types.js';
import { readConstitutions } from './constitution.service.js';

/** Co-ops' constitutions by provider id, with their classes; null for a co-op with none. Not cached: setConstitution changes them. */
export const constitutionByProviderId: LoaderFactory<string, Constitution | null> = ({ db }) =>
  new DataLoader(
    async (ids) =>
      byKey(
        ids,
        (await readConstitutions(db, ids)).map((c) => c.constitution),
        (c) => c.providerId,
      ),
    { cache: false },
  );
