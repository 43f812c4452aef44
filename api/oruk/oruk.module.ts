import { defineModule } from '../common/module.js';

/** ORUK has no tables or GraphQL of its own: it reads the directory and serves /oruk (api/oruk/oruk.router.ts). */
export const orukModule = defineModule({
  name: 'oruk',
  entities: [],
  resolvers: [],
  migrations: [],
  services: () => ({}),
});
