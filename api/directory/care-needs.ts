import { LoadingCache } from '../common/bounded-cache.js';
import type { UnitOfWork } from '../common/unit-of-work.js';
import { CareNeed } from './care-need.entity.js';
import { DirectoryExceptionCode, unknownValues } from './directory.exception.js';

/** The list changes only by migration. */
const CARE_NEEDS_TTL_MS = 10 * 60_000;

/**
 * The needs and conditions services can say they support (`care_need`), a small fixed list: read once
 * and kept, so showing a page of services' needs or checking a filter costs no statement. Inside a
 * transaction it is read afresh, as the directory's other caches are.
 */
export class CareNeeds {
  private readonly cache = new LoadingCache<CareNeed[]>(1, CARE_NEEDS_TTL_MS);

  constructor(private readonly uow: UnitOfWork) {}

  /** Every need, by position. */
  all(): Promise<CareNeed[]> {
    const load = () => this.uow.manager.getRepository(CareNeed).find({ order: { position: 'ASC', name: 'ASC' } });
    return this.uow.inTransaction ? load() : this.cache.get('all', load);
  }

  /** The needs the slugs name, in the list's order; slugs that name none are skipped (the database refuses storing them). */
  async named(slugs: readonly string[]): Promise<CareNeed[]> {
    if (slugs.length === 0) return [];
    return (await this.all()).filter((n) => slugs.includes(n.slug));
  }

  /** The slugs, checked: UNKNOWN_NEED naming `argument` and the unknown ones. */
  async check(slugs: readonly string[], argument: string): Promise<void> {
    const known = new Set((await this.all()).map((n) => n.slug));
    const unknown = slugs.filter((s) => !known.has(s));
    if (unknown.length > 0) throw unknownValues(DirectoryExceptionCode.UNKNOWN_NEED, 'need', argument, unknown);
  }
}
