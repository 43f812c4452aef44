import DataLoader from 'dataloader';
import { In } from 'typeorm';
import { byKey, type LoaderFactory } from '../common/loaders.js';
import { Person } from './person.entity.js';

export const personById: LoaderFactory<string, Person | null> = (registry) =>
  new DataLoader(async (ids) => {
    const rows = await registry.db.getRepository(Person).findBy({ id: In([...ids]) });
    return byKey(ids, rows, (p) => p.id);
  });
