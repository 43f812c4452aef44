/** Every TypeORM entity, by domain. */
export const entities: Function[] = [];
