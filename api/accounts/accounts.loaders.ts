import DataLoader from 'dataloader';
import { In } from 'typeorm';
import { byKey, type LoaderFactory } from '../common/loaders.js';
import { isUuid } from '../common/ids.js';
import { Person } from './person.entity.js';

export const personById: LoaderFactory<string, Person | null> = (registry) =>
  new DataLoader(async (ids) => {
    const valid = ids.filter(isUuid);
    const rows = valid.length ? await registry.db.getRepository(Person).findBy({ id: In(valid) }) : [];
    return byKey(ids, rows, (p) => p.id);
  });
