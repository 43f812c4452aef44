import type { UnitOfWork } from '../common/unit-of-work.js';
import type { MemberClass } from '../directory/directory.enums.js';
import type { DirectoryCurationService } from '../directory/curation.service.js';
import { lockRegister } from './register-lock.js';

/**
 * The directory's member facts for a co-op that keeps its register here: members in force by class, and
 * the board seats its constitution gives each class. Called after every change to the register or the
 * constitution, in that change's transaction. The listing switches to them at the register's first member,
 * not at the constitution: until then the facts its coordinators typed are all it has, and an empty
 * register would show a co-op without members. Once switched it stays so, as members are never deleted.
 */
export class MemberFactsService {
  constructor(
    private readonly uow: UnitOfWork,
    private readonly curation: Pick<DirectoryCurationService, 'replaceMemberFactsFromRegister'>,
  ) {}

  refresh(providerId: string): Promise<void> {
    return this.uow.transaction(async (em) => {
      // Counted under the register's lock, so an admission committing meanwhile is waited for, not missed.
      await lockRegister(em, providerId);
      const [ever]: { entered: boolean }[] = await em.query(
        'SELECT EXISTS (SELECT 1 FROM co_op_member WHERE provider_id = $1) AS entered',
        [providerId],
      );
      if (!ever?.entered) return;
      const classes: { member_class: MemberClass; n: number }[] = await em.query(
        `SELECT member_class, count(*)::int AS n FROM co_op_member WHERE provider_id = $1 AND left_at IS NULL
         GROUP BY member_class ORDER BY member_class`,
        [providerId],
      );
      const seats: { member_class: MemberClass; seats: number }[] = await em.query(
        `SELECT member_class, board_seats AS seats FROM co_op_class_rule WHERE provider_id = $1 AND board_seats > 0 ORDER BY member_class`,
        [providerId],
      );
      await this.curation.replaceMemberFactsFromRegister(providerId, {
        memberClasses: classes.map((c) => ({ memberClass: c.member_class, memberCount: c.n })),
        boardSeats: seats.map((s) => ({ memberClass: s.member_class, seats: s.seats })),
      });
    });
  }
}
