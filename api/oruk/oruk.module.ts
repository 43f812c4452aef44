import { defineModule } from '../common/module.js';
import type { DirectoryReader } from '../directory/directory.reader.js';
import { OrukReader } from './oruk.reader.js';

/** ORUK has no tables or GraphQL of its own: it reads the directory through its reader and serves /oruk (api/oruk/oruk.router.ts). */
export const orukModule = defineModule({
  name: 'oruk',
  entities: [],
  resolvers: [],
  migrations: [],
  services: ({ directoryReader }: { directoryReader: DirectoryReader }) => ({ oruk: new OrukReader(directoryReader) }),
});
