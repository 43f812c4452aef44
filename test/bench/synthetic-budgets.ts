import type { DataSource } from 'typeorm';

/**
 * `budgetsPerCouncil` council-managed budgets of as many synthetic people in each of `councilIds`,
 * written in SQL (INSERT … SELECT generate_series, not row by row, so a million ledger lines take
 * seconds): each budget an ALLOCATION, then TOP_UPs and small negative ADJUSTMENTs in turn,
 * `linesPerBudget` lines in all, interleaved across budgets as days of many budgets' changes are. No
 * line holds or charges a booking: those need bookings and visits, which the booking scenario makes for
 * real. `tag` keeps two calls' people apart.
 */
export async function generateSyntheticBudgets(
  db: DataSource,
  options: { councilIds: string[]; budgetsPerCouncil: number; linesPerBudget: number; tag: string },
): Promise<{ budgets: number; ledgerLines: number }> {
  const { councilIds, budgetsPerCouncil, linesPerBudget, tag } = options;
  const year = new Date().getUTCFullYear();
  await db.transaction(async (em) => {
    await em.query(
      `WITH people AS (
         INSERT INTO person (email, name)
         SELECT 'synthetic-' || $2 || '-' || k || '-' || i || '@bench.example', 'Synthetic Person ' || k || '-' || i
           FROM generate_series(1, cardinality($3::uuid[])) k CROSS JOIN generate_series(1, $1::int) i
         RETURNING id, email
       )
       INSERT INTO personal_budget (person_id, council_id, kind, care_postcode, period_start, period_end)
       SELECT id, ($3::uuid[])[split_part(email, '-', 3)::int], 'COUNCIL_MANAGED', 'HD1 2TA', make_date($4, 1, 1), make_date($4 + 1, 12, 31)
         FROM people`,
      [budgetsPerCouncil, tag, councilIds, year],
    );
    await em.query(
      `INSERT INTO budget_ledger_entry (budget_id, kind, amount_pence, effective_on, description)
       SELECT b.id,
              (CASE WHEN n = 0 THEN 'ALLOCATION' WHEN n % 2 = 1 THEN 'TOP_UP' ELSE 'ADJUSTMENT' END)::ledger_entry_kind,
              CASE WHEN n = 0 THEN 2000000 WHEN n % 2 = 1 THEN 1000 ELSE -500 END,
              b.period_start + (n % 365),
              'synthetic'
         FROM personal_budget b
         JOIN person p ON p.id = b.person_id AND p.email LIKE 'synthetic-' || $2 || '-%'
         CROSS JOIN generate_series(0, $1::int - 1) n
        ORDER BY n, b.id`,
      [linesPerBudget, tag],
    );
  });
  await db.query('ANALYZE person, personal_budget, budget_ledger_entry');
  const budgets = councilIds.length * budgetsPerCouncil;
  return { budgets, ledgerLines: budgets * linesPerBudget };
}
