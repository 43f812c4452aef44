import type { EntityManager } from 'typeorm';
import { type Acting, actingPersonId } from '../auth/actor.js';
import type { AuditService } from '../audit/audit.service.js';
import { decodeCursor, encodeCursor, pageSize, toConnection } from '../common/connection.js';
import type { UnitOfWork } from '../common/unit-of-work.js';
import { TimeLedgerEntry } from './exchange.entity.js';
import { TimeBank, TimeBankMember } from './time-bank.entity.js';
import type { TimeLedgerEntryKind } from './timebank.enums.js';
import { TimeBankException, TimeBankExceptionCode } from './timebank.exception.js';

/** A member's account, summed from the ledger, with what the time bank's rules let them do with it. */
export interface TimeBalance {
  memberId: string;
  providerId: string;
  balanceMinutes: number;
  earnedMinutes: number;
  spentMinutes: number;
  transferredMinutes: number;
  /** Balance and the time bank's overdraft: what help received may still debit. */
  availableToSpendMinutes: number;
  /** What the member may give away: gifts never draw on the overdraft. */
  availableToGiveMinutes: number;
}

/** A line to append: to a member's account, or the pool's when memberId is null. */
export interface NewTimeLine {
  memberId: string | null;
  kind: TimeLedgerEntryKind;
  minutes: number;
}

/** What moved the time: one exchange or one transfer (the ledger's unique indexes move each once). */
export type TimeLineCause = { exchangeId: string } | { transferId: string };

/** A statement line with the account's balance after it. */
export interface StatementLine extends TimeLedgerEntry {
  runningBalanceMinutes: number;
}

interface BalanceRow {
  member_id: string;
  provider_id: string;
  balance_minutes: string;
  earned_minutes: string;
  spent_minutes: string;
  transferred_minutes: string;
  overdraft_minutes: number;
}

/** Balances of the members, in no particular order, in one statement (the ledger service's and the loaders'). */
export async function readTimeBalances(db: Pick<EntityManager, 'query'>, memberIds: readonly string[]): Promise<TimeBalance[]> {
  const rows: BalanceRow[] = await db.query(
    `SELECT b.*, t.overdraft_minutes FROM time_bank_balance b JOIN time_bank t ON t.provider_id = b.provider_id
     WHERE b.member_id = ANY($1::uuid[])`,
    [memberIds],
  );
  return rows.map((r) => {
    const balanceMinutes = Number(r.balance_minutes);
    return {
      memberId: r.member_id,
      providerId: r.provider_id,
      balanceMinutes,
      earnedMinutes: Number(r.earned_minutes),
      spentMinutes: Number(r.spent_minutes),
      transferredMinutes: Number(r.transferred_minutes),
      availableToSpendMinutes: balanceMinutes + r.overdraft_minutes,
      availableToGiveMinutes: Math.max(balanceMinutes, 0),
    };
  });
}

/** The community pools' balances by co-op, in one statement. */
export async function readPoolBalances(db: Pick<EntityManager, 'query'>, providerIds: readonly string[]): Promise<Map<string, number>> {
  const rows: { provider_id: string; balance_minutes: string }[] = await db.query(
    `SELECT provider_id, balance_minutes FROM time_bank_pool_balance WHERE provider_id = ANY($1::uuid[])`,
    [providerIds],
  );
  return new Map(rows.map((r) => [r.provider_id, Number(r.balance_minutes)]));
}

/**
 * The one writer of time_bank_ledger_entry, as brokerage's LedgerService is of budgets'. A caller locks
 * the accounts (lockMembers, then lockPool), reads their balances, decides, and appends here, all in one
 * transaction. The locks are taken in the order the ledger's trigger takes them (members by id, then the
 * pool), so two movements between the same accounts queue rather than deadlock; the trigger refuses any
 * line that would overdraw an account, so a mistake in a caller fails loudly instead of making time.
 */
export class TimeLedgerService {
  constructor(
    private readonly uow: UnitOfWork,
    private readonly audit: AuditService,
  ) {}

  /** The members' rows, locked until the transaction ends: every change to their time queues behind the holder. */
  lockMembers(memberIds: readonly string[]): Promise<TimeBankMember[]> {
    const ids = [...new Set(memberIds)].sort();
    return this.uow.transaction(async (em) => {
      const locked: TimeBankMember[] = [];
      for (const id of ids) {
        const member = await em.getRepository(TimeBankMember).findOne({ where: { id }, lock: { mode: 'for_no_key_update' } });
        if (!member) throw this.inconsistent(`No time-bank member ${id} to lock.`);
        locked.push(member);
      }
      return locked;
    });
  }

  /** The time bank's row, locked: the community pool's changes queue behind the holder. Lock members first. */
  lockPool(providerId: string): Promise<TimeBank> {
    return this.uow.transaction(async (em) => {
      const bank = await em.getRepository(TimeBank).findOne({ where: { providerId }, lock: { mode: 'for_no_key_update' } });
      if (!bank) throw this.inconsistent(`No time bank ${providerId} to lock.`);
      return bank;
    });
  }

  async balanceOf(memberId: string): Promise<TimeBalance> {
    const [balance] = await readTimeBalances(this.uow.manager, [memberId]);
    if (!balance) throw this.inconsistent(`No balance for time-bank member ${memberId}.`);
    return balance;
  }

  async poolBalanceOf(providerId: string): Promise<number> {
    return (await readPoolBalances(this.uow.manager, [providerId])).get(providerId) ?? 0;
  }

  /**
   * Appends one movement's lines and records it in the audit trail, in the caller's transaction. The
   * caller holds the accounts' locks and has checked their balances.
   */
  async append(acting: Acting, providerId: string, cause: TimeLineCause, lines: readonly NewTimeLine[]): Promise<void> {
    await this.uow.transaction(async (em) => {
      const recordedById = actingPersonId(acting.actor);
      const rows = lines.map((line) =>
        em.create(TimeLedgerEntry, {
          ...line,
          providerId,
          exchangeId: 'exchangeId' in cause ? cause.exchangeId : null,
          transferId: 'transferId' in cause ? cause.transferId : null,
          recordedById,
        }),
      );
      // One INSERT: the trigger checks every account the movement touches once, after all its lines.
      await em.createQueryBuilder().insert().into(TimeLedgerEntry).values(rows).execute();
      await this.audit.record(acting, {
        action: 'timebank.ledger',
        objectType: 'TimeBank',
        objectId: providerId,
        providerId,
        summary: { ...cause, lines: lines.map((l) => ({ memberId: l.memberId, kind: l.kind, minutes: l.minutes })) },
      });
    });
  }

  /** A page of the member's lines, newest first, each with the balance after it. Two statements whatever the page size. */
  async statementPage(memberId: string, first: number | null | undefined, after: string | null | undefined) {
    const size = pageSize(first);
    const before = after ? Number(decodeCursor(after, 'timeStatement', ['sequence'])[0]) : null;
    const [count]: { total: string }[] = await this.uow.manager.query(
      `SELECT count(*) AS total FROM time_bank_ledger_entry WHERE member_id = $1`,
      [memberId],
    );
    const raw: (Record<string, unknown> & { running: string })[] = await this.uow.manager.query(
      `SELECT * FROM (
         SELECT e.*, sum(e.minutes) OVER (ORDER BY e.entry_number) AS running FROM time_bank_ledger_entry e WHERE e.member_id = $1
       ) s WHERE $2::bigint IS NULL OR s.entry_number < $2::bigint ORDER BY s.entry_number DESC LIMIT $3`,
      [memberId, before, size + 1],
    );
    const lines: StatementLine[] = raw.map((r) => ({
      id: r.id as string,
      entryNumber: Number(r.entry_number),
      providerId: r.provider_id as string,
      memberId: r.member_id as string | null,
      kind: r.kind as TimeLedgerEntryKind,
      minutes: r.minutes as number,
      exchangeId: r.exchange_id as string | null,
      transferId: r.transfer_id as string | null,
      recordedById: r.recorded_by_id as string | null,
      recordedAt: r.recorded_at as Date,
      runningBalanceMinutes: Number(r.running),
    }));
    return toConnection(lines, size, Number(count!.total), (node) => ({ cursor: encodeCursor('timeStatement', [node.entryNumber]), node }));
  }

  private inconsistent(message: string): TimeBankException {
    return new TimeBankException(TimeBankExceptionCode.LEDGER_INCONSISTENT, message);
  }
}
