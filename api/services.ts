import type { DataSource } from 'typeorm';

/**
 * The domain services, one instance each per process. They own the logic and the transactions;
 * resolvers reach them through the request context, and one domain reaches another only through here.
 */
export interface AppServices {
  db: DataSource;
}

export function createServices(db: DataSource): AppServices {
  return { db };
}
