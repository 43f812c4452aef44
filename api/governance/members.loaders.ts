import DataLoader from 'dataloader';
import { In } from 'typeorm';
import { londonDate } from '../common/london.js';
import { byKey, groupByKey, type LoaderFactory } from '../common/loaders.js';
import { BoardTerm } from './board.entity.js';
import { MemberOffice } from './governance.enums.js';
import { CoOpMember } from './member.entity.js';

/** Not cached: a mutation earlier in the request may have admitted the member, or recorded them leaving. */
export const coOpMemberById: LoaderFactory<string, CoOpMember | null> = ({ db }) =>
  new DataLoader(async (ids) => byKey(ids, await db.findBy(CoOpMember, { id: In([...ids]) }), (m) => m.id), { cache: false });

/** Each person's memberships of co-ops, in force and past, oldest first, in one statement; primes the by-id loader. */
export const coOpMembershipsByPersonId: LoaderFactory<string, CoOpMember[]> = (registry) =>
  new DataLoader(
    async (ids) => {
      const rows = await registry.db.find(CoOpMember, {
        where: { personId: In([...ids]) },
        order: { joinedOn: 'ASC', enteredAt: 'ASC', id: 'ASC' },
      });
      const byId = registry.get(coOpMemberById);
      for (const m of rows) byId.prime(m.id, m);
      return groupByKey(ids, rows, (m) => m.personId);
    },
    { cache: false },
  );

/** Each member's board terms, past, present and to come, earliest first. */
export const boardTermsByMemberId: LoaderFactory<string, BoardTerm[]> = ({ db }) =>
  new DataLoader(
    async (ids) =>
      groupByKey(
        ids,
        await db.find(BoardTerm, { where: { memberId: In([...ids]) }, order: { startsOn: 'ASC', id: 'ASC' } }),
        (b) => b.memberId,
      ),
    { cache: false },
  );

/** The terms in force today (London) on each co-op's board, by class then start; primes nothing, as members load by id. */
export const boardInForceByProviderId: LoaderFactory<string, BoardTerm[]> = ({ db }) =>
  new DataLoader(
    async (ids) =>
      groupByKey(
        ids,
        await db
          .createQueryBuilder(BoardTerm, 'b')
          .where('b.provider_id = ANY(CAST(:ids AS uuid[]))', { ids: [...ids] })
          .andWhere('b.starts_on <= CAST(:today AS date) AND CAST(:today AS date) < coalesce(b.ended_on, b.ends_on)', {
            today: londonDate(),
          })
          .orderBy('b.member_class', 'ASC')
          .addOrderBy('b.starts_on', 'ASC')
          .addOrderBy('b.id', 'ASC')
          .getMany(),
        (b) => b.providerId,
      ),
    { cache: false },
  );

/** Each co-op's secretary in force, if any: who, besides coordinators and admins, reads a member's share. */
export const secretaryByProviderId: LoaderFactory<string, CoOpMember | null> = ({ db }) =>
  new DataLoader(
    async (ids) =>
      byKey(ids, await db.findBy(CoOpMember, { providerId: In([...ids]), office: MemberOffice.SECRETARY }), (m) => m.providerId),
    { cache: false },
  );
