import DataLoader from 'dataloader';
import { In } from 'typeorm';
import { groupByKey, type LoaderFactory } from '../common/loaders.js';
import type { VoteChoice } from './governance.enums.js';
import { CoOpMember } from './member.entity.js';

/** How many ballots each motion holds. Not cached: a vote earlier in the request adds one. */
export const ballotsCastByMotionId: LoaderFactory<string, number> = ({ db }) =>
  new DataLoader(
    async (ids) => {
      const rows: { motion_id: string; n: number }[] = await db.query(
        `SELECT motion_id, count(*)::int AS n FROM ballot WHERE motion_id = ANY($1::uuid[]) GROUP BY motion_id`,
        [ids],
      );
      return ids.map((id) => rows.find((r) => r.motion_id === id)?.n ?? 0);
    },
    { cache: false },
  );

export interface CandidateRow {
  id: string;
  memberId: string;
  personId: string;
  nameAsEntered: string | null;
  statement: string | null;
}

/** Each election's candidates, in a stable order (by id: no order is favoured). Candidates never change once a motion opens. */
export const candidatesByMotionId: LoaderFactory<string, CandidateRow[]> = ({ db }) =>
  new DataLoader(async (ids) => {
    const rows: (CandidateRow & { motionId: string })[] = await db.query(
      `SELECT c.id, c.motion_id AS "motionId", c.member_id AS "memberId", m.person_id AS "personId",
              m.name_as_entered AS "nameAsEntered", c.statement
         FROM election_candidate c JOIN co_op_member m ON m.id = c.member_id
        WHERE c.motion_id = ANY($1::uuid[]) ORDER BY c.id`,
      [ids],
    );
    return groupByKey(ids, rows, (r) => r.motionId);
  });

/** Whether each (motion, member) pair has voted, keyed `motionId|memberId`. Not cached: a vote earlier in the request counts. */
export const votedByMotionAndMember: LoaderFactory<string, boolean> = ({ db }) =>
  new DataLoader(
    async (keys) => {
      const pairs = keys.map((k) => k.split('|') as [string, string]);
      const rows: { key: string }[] = await db.query(
        `SELECT v.motion_id || '|' || v.member_id AS key FROM motion_voter v
          JOIN unnest($1::uuid[], $2::uuid[]) AS p(motion_id, member_id) USING (motion_id, member_id)`,
        [pairs.map((p) => p[0]), pairs.map((p) => p[1])],
      );
      const voted = new Set(rows.map((r) => r.key));
      return keys.map((k) => voted.has(k));
    },
    { cache: false },
  );

export interface RecordedVoteRow {
  motionId: string;
  memberId: string;
  personId: string;
  nameAsEntered: string | null;
  choice: VoteChoice | null;
  approved: string[];
}

/** An open motion's votes with their voters, through motion_voter.ballot_id, which a secret motion never sets. */
export const recordedVotesByMotionId: LoaderFactory<string, RecordedVoteRow[]> = ({ db }) =>
  new DataLoader(async (ids) => {
    const rows: RecordedVoteRow[] = await db.query(
      `SELECT v.motion_id AS "motionId", v.member_id AS "memberId", m.person_id AS "personId", m.name_as_entered AS "nameAsEntered",
              b.choice,
              coalesce(array(SELECT a.candidate_id::text FROM ballot_approval a WHERE a.ballot_id = b.id ORDER BY 1), '{}') AS approved
         FROM motion_voter v JOIN ballot b ON b.id = v.ballot_id JOIN co_op_member m ON m.id = v.member_id
        WHERE v.motion_id = ANY($1::uuid[]) ORDER BY v.voted_at, v.member_id`,
      [ids],
    );
    return groupByKey(ids, rows, (r) => r.motionId);
  });

/**
 * Memberships in force at each co-op of the people in the key (`providerId|personId,personId…`): the actor
 * and those who granted them VOTE, read once for every motion of the co-op on the page.
 */
export const votableMembers: LoaderFactory<string, CoOpMember[]> = ({ db }) =>
  new DataLoader(async (keys) => {
    const parsed = keys.map((k) => {
      const [providerId, people] = k.split('|') as [string, string];
      return { providerId, personIds: people.split(',') };
    });
    const rows = await db.getRepository(CoOpMember).find({
      where: { providerId: In(parsed.map((p) => p.providerId)), personId: In(parsed.flatMap((p) => p.personIds)) },
      order: { joinedOn: 'ASC', id: 'ASC' },
    });
    return parsed.map((p) => rows.filter((m) => m.providerId === p.providerId && p.personIds.includes(m.personId) && m.leftAt === null));
  });
