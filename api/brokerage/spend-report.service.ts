import { type Acting, isAdmin, isOfficerOf, officerCouncilIds, requirePerson } from '../auth/actor.js';
import { forbidden } from '../auth/auth.exception.js';
import type { UnitOfWork } from '../common/unit-of-work.js';
import type { DirectoryService } from '../directory/directory.service.js';
import { brokerageInvalidInput, brokerageNotFound } from './brokerage.exception.js';
import { formatPence } from './pricing.js';
import type { CareWorkerPayShare, SpendByCategory, SpendByProvider, SpendReport, SpendTotals } from './spend-report.types.js';

/** Three years and a leap day: a council compares financial years, and the report stays a bounded scan. */
const MAX_WINDOW_DAYS = 3 * 365 + 1;

/**
 * One group of the council's money in the window: a budget's lines and outstanding visits for one booked
 * hourly rate of one service. Rows without a booking are refunds tied to none (they count in totals only).
 */
interface Row {
  person_id: string;
  budget_id: string;
  service_id: string | null;
  provider_id: string | null;
  hourly_rate_pence: number | null;
  spent: string;
  charged: string;
  committed: string;
  visits: string;
  minutes: string;
}

/**
 * The money of every budget the council commissioned, grouped in one statement. Spent: CHARGE less REFUND
 * lines recorded in the window, each tied to its booking through the line, its visit or its invoice.
 * Committed: visits starting in the window with no CHARGE or RELEASE line yet (each visit's share of its
 * booking's hold is settled by exactly one such line), which is how the balance view's committed adds up.
 */
const SPEND_SQL = `
  WITH budget AS MATERIALIZED (SELECT id, person_id FROM personal_budget WHERE council_id = $1)
  SELECT x.person_id, x.budget_id, k.service_id, k.provider_id, k.hourly_rate_pence,
         sum(x.spent) AS spent, sum(x.charged) AS charged, sum(x.committed) AS committed,
         sum(x.visits) AS visits, sum(x.minutes) AS minutes
    FROM (
      SELECT b.person_id, b.id AS budget_id, coalesce(e.booking_id, v.booking_id, i.booking_id) AS booking_id,
             CASE WHEN e.kind = 'CHARGE' THEN e.amount_pence ELSE -e.amount_pence END AS spent,
             CASE WHEN e.kind = 'CHARGE' THEN e.amount_pence ELSE 0 END AS charged,
             0 AS committed,
             CASE WHEN e.kind = 'CHARGE' THEN 1 ELSE 0 END AS visits,
             CASE WHEN e.kind = 'CHARGE' THEN coalesce(v.minutes, 0) ELSE 0 END AS minutes
        FROM budget b
        JOIN budget_ledger_entry e
          ON e.budget_id = b.id AND e.kind IN ('CHARGE', 'REFUND') AND e.recorded_at >= $2 AND e.recorded_at < $3
        LEFT JOIN booking_visit v ON v.id = e.visit_id
        LEFT JOIN invoice i ON i.id = e.invoice_id
      UNION ALL
      SELECT b.person_id, b.id, k.id, 0, 0, v.price_pence, 0, 0
        FROM budget b
        JOIN booking k ON k.budget_id = b.id
        JOIN booking_visit v ON v.booking_id = k.id AND v.starts_at >= $2 AND v.starts_at < $3
       WHERE NOT EXISTS (SELECT 1 FROM budget_ledger_entry s WHERE s.visit_id = v.id AND s.kind IN ('CHARGE', 'RELEASE'))
    ) x
    LEFT JOIN booking k ON k.id = x.booking_id
   GROUP BY x.person_id, x.budget_id, k.service_id, k.provider_id, k.hourly_rate_pence`;

/** The largest GraphQL Int. */
const MAX_INT = 2 ** 31 - 1;

interface Group {
  row: Row;
  spent: number;
  charged: number;
  committed: number;
  visits: number;
  minutes: number;
}

/** A percentage to one decimal place; null when there is nothing to divide by. */
function percent(part: number, whole: number): number | null {
  return whole > 0 ? Math.round((part * 1000) / whole) / 10 : null;
}

function sum<T>(items: readonly T[], of: (item: T) => number): number {
  return items.reduce((total, item) => total + of(item), 0);
}

/** Money in and out of the groups, largest spend first, then largest commitment, then by id for a stable order. */
function tally<K extends string>(groups: readonly Group[], keyOf: (g: Group) => string | null, key: K) {
  const byKey = new Map<string, { spentPence: number; committedPence: number }>();
  for (const g of groups) {
    const id = keyOf(g);
    if (id === null) continue;
    const t = byKey.get(id) ?? { spentPence: 0, committedPence: 0 };
    t.spentPence += g.spent;
    t.committedPence += g.committed;
    byKey.set(id, t);
  }
  return [...byKey]
    .map(([id, t]) => ({ [key]: id, ...t }) as Record<K, string> & { spentPence: number; committedPence: number })
    .sort((a, b) => b.spentPence - a.spentPence || b.committedPence - a.committedPence || a[key].localeCompare(b[key]));
}

/**
 * The council's view of its personal-budget money (story 9): for its officers and admins. The
 * sums come from the ledger in one grouped statement; the directory says, in two more, what each provider
 * is (co-operative, local, publishing its pay) and each service's category.
 */
export class SpendReportService {
  constructor(
    private readonly uow: UnitOfWork,
    private readonly directory: DirectoryService,
    private readonly fairPriceFloorPence: number,
  ) {}

  async report(acting: Acting, councilId: string, from: Date, to: Date): Promise<SpendReport> {
    const actor = requirePerson(acting.actor);
    if (!isAdmin(actor) && officerCouncilIds(actor).length === 0) throw forbidden('Only council officers may see spend reports.');
    if (!(await this.directory.councilExists(councilId))) throw brokerageNotFound('No council has that id.');
    if (!isAdmin(actor) && !isOfficerOf(actor, councilId)) throw forbidden('Only officers of this council may see its spend report.');
    if (to.getTime() <= from.getTime()) throw brokerageInvalidInput('`to` must be after `from`.', 'to');
    if (to.getTime() - from.getTime() > MAX_WINDOW_DAYS * 86_400_000)
      throw brokerageInvalidInput(`A report covers at most ${MAX_WINDOW_DAYS} days (three years).`, 'to');

    const rows: Row[] = await this.uow.manager.query(SPEND_SQL, [councilId, from, to]);
    const groups: Group[] = rows.map((row) => ({
      row,
      spent: Number(row.spent),
      charged: Number(row.charged),
      committed: Number(row.committed),
      visits: Number(row.visits),
      minutes: Number(row.minutes),
    }));
    const serviceIds = [...new Set(groups.flatMap((g) => (g.row.service_id ? [g.row.service_id] : [])))];
    const providerIds = [...new Set(groups.flatMap((g) => (g.row.provider_id ? [g.row.provider_id] : [])))];
    const categoryOf = await this.directory.categoryIdsOfServices(serviceIds);
    const providers = new Map((await this.directory.providersAsSeenByCouncil(councilId, providerIds)).map((p) => [p.id, p]));

    const spentPence = sum(groups, (g) => g.spent);
    // Money is Int pence in the schema (a contract): every figure is at most one of these three, so a window
    // whose totals pass 2^31 - 1 is refused rather than failing as a field GraphQL cannot serialise.
    if (
      Math.max(
        spentPence,
        sum(groups, (g) => g.charged),
        sum(groups, (g) => g.committed),
      ) > MAX_INT
    ) {
      throw brokerageInvalidInput(
        `The council's figures for this window pass ${formatPence(MAX_INT)}, more than the report carries: ask for a shorter window.`,
        'to',
      );
    }
    const charged = groups.filter((g) => g.visits > 0);
    const minutesCharged = sum(charged, (g) => g.minutes);
    const rateMinutes = sum(charged, (g) => (g.row.hourly_rate_pence ?? 0) * g.minutes);
    const totals: SpendTotals = {
      spentPence,
      committedPence: sum(groups, (g) => g.committed),
      budgets: new Set(groups.map((g) => g.row.budget_id)).size,
      people: new Set(groups.map((g) => g.row.person_id)).size,
      visitsCharged: sum(groups, (g) => g.visits),
      minutesCharged,
      hoursCharged: Math.round(minutesCharged / 6) / 10,
    };
    const byProvider: SpendByProvider[] = tally(groups, (g) => g.row.provider_id, 'providerId').map((t) => {
      const p = providers.get(t.providerId);
      return {
        ...t,
        isCooperative: p?.isCooperative ?? false,
        basedInCouncilArea: p?.basedInCouncilArea ?? false,
        careWorkerHourlyPayPence: p?.careWorkerHourlyPayPence ?? null,
      };
    });
    const byCategory: SpendByCategory[] = tally(
      groups,
      (g) => (g.row.service_id ? (categoryOf.get(g.row.service_id) ?? null) : null),
      'categoryId',
    );
    const below = charged.filter((g) => g.row.hourly_rate_pence !== null && g.row.hourly_rate_pence < this.fairPriceFloorPence);
    return {
      councilId,
      from,
      to,
      totals,
      byCategory,
      byProvider,
      cooperativeSharePercent: percent(
        sum(
          byProvider.filter((p) => p.isCooperative),
          (p) => p.spentPence,
        ),
        spentPence,
      ),
      localSharePercent: percent(
        sum(
          byProvider.filter((p) => p.basedInCouncilArea),
          (p) => p.spentPence,
        ),
        spentPence,
      ),
      averageHourlyRatePence: minutesCharged > 0 ? Math.round(rateMinutes / minutesCharged) : null,
      fairPriceFloorPence: this.fairPriceFloorPence,
      visitsBelowFairPriceFloor: { visits: sum(below, (g) => g.visits), chargedPence: sum(below, (g) => g.charged) },
      careWorkerPayShare: this.payShare(charged, byProvider, providers),
    };
  }

  /** Pay over rate, weighted by minutes charged, over providers that publish their pay; the rest counted apart. */
  private payShare(
    charged: readonly Group[],
    byProvider: readonly SpendByProvider[],
    providers: ReadonlyMap<string, { careWorkerHourlyPayPence: number | null }>,
  ): CareWorkerPayShare {
    const payOf = (g: Group) => (g.row.provider_id ? (providers.get(g.row.provider_id)?.careWorkerHourlyPayPence ?? null) : null);
    const paying = charged.filter((g) => payOf(g) !== null);
    const publishing = byProvider.filter((p) => p.careWorkerHourlyPayPence !== null);
    const unpublished = byProvider.filter((p) => p.careWorkerHourlyPayPence === null);
    return {
      percent: percent(
        sum(paying, (g) => (payOf(g) ?? 0) * g.minutes),
        sum(paying, (g) => (g.row.hourly_rate_pence ?? 0) * g.minutes),
      ),
      publishingProviders: publishing.filter((p) => charged.some((g) => g.row.provider_id === p.providerId)).length,
      publishingSpentPence: sum(publishing, (p) => p.spentPence),
      unpublishedProviders: unpublished.filter((p) => charged.some((g) => g.row.provider_id === p.providerId)).length,
      unpublishedSpentPence: sum(unpublished, (p) => p.spentPence),
    };
  }
}
