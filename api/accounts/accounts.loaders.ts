import DataLoader from 'dataloader';
import { In } from 'typeorm';
import { byKey, groupByKey, type LoaderFactory } from '../common/loaders.js';
import { CapacityAssessment } from './capacity-assessment.entity.js';
import { Person } from './person.entity.js';

export const personById: LoaderFactory<string, Person | null> = (registry) =>
  new DataLoader(async (ids) => {
    const rows = await registry.db.getRepository(Person).findBy({ id: In([...ids]) });
    return byKey(ids, rows, (p) => p.id);
  });

/** A person's capacity decisions, newest first. Not cached: a request's earlier mutation may have recorded or confirmed one. */
export const capacityAssessmentsByPersonId: LoaderFactory<string, CapacityAssessment[]> = ({ db }) =>
  new DataLoader(
    async (ids) =>
      groupByKey(
        ids,
        await db.getRepository(CapacityAssessment).find({ where: { personId: In([...ids]) }, order: { recordedAt: 'DESC', id: 'DESC' } }),
        (a) => a.personId,
      ),
    { cache: false },
  );
