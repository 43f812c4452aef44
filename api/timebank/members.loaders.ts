import DataLoader from 'dataloader';
import { In } from 'typeorm';
import { londonDate } from '../common/london.js';
import { byKey, groupByKey, type LoaderFactory } from '../common/loaders.js';
import { BackgroundCheck, TimeBankMember } from './time-bank.entity.js';
import { qualifyingCheck } from './time-banks.reader.js';

/** Not cached: a mutation earlier in the request may have approved, refused or ended the membership. */
export const timeBankMemberById: LoaderFactory<string, TimeBankMember | null> = ({ db }) =>
  new DataLoader(async (ids) => byKey(ids, await db.getRepository(TimeBankMember).findBy({ id: In([...ids]) }), (m) => m.id), {
    cache: false,
  });

/** Each person's memberships, oldest first, in one statement. Not cached: a mutation earlier in the request may join or end one. */
export const membershipsByPersonId: LoaderFactory<string, TimeBankMember[]> = ({ db }) =>
  new DataLoader(
    async (ids) =>
      groupByKey(
        ids,
        await db.getRepository(TimeBankMember).find({ where: { personId: In([...ids]) }, order: { askedAt: 'ASC', id: 'ASC' } }),
        (m) => m.personId,
      ),
    { cache: false },
  );

/** A member's checks, newest first. Not cached: recordBackgroundCheck adds one within the request. */
export const backgroundChecksByMemberId: LoaderFactory<string, BackgroundCheck[]> = ({ db }) =>
  new DataLoader(
    async (ids) =>
      groupByKey(
        ids,
        await db
          .getRepository(BackgroundCheck)
          .find({ where: { memberId: In([...ids]) }, order: { checkedOn: 'DESC', recordedAt: 'DESC' } }),
        (c) => c.memberId,
      ),
    { cache: false },
  );

/**
 * Whether each member has a check that opens help with a person alone at home today (London):
 * TimeBanksReader.hasQualifyingCheck's rule, for a list.
 */
export const hasCheckInDateByMemberId: LoaderFactory<string, boolean> = ({ db }) =>
  new DataLoader(
    async (ids) => {
      const rows: { member_id: string }[] = await db.query(
        `SELECT DISTINCT c.member_id FROM time_bank_background_check c WHERE ${qualifyingCheck('c', 'ANY($1::uuid[])', '$2::date')}`,
        [ids, londonDate()],
      );
      const found = new Set(rows.map((r) => r.member_id));
      return ids.map((id) => found.has(id));
    },
    { cache: false },
  );
