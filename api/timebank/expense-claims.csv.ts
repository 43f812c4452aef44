import { stringify } from 'csv-stringify/sync';
import { londonDate } from '../common/london.js';
import { neutralised } from '../common/spreadsheet-cell.js';
import type { ExpenseClaim } from './expense.entity.js';
import { ExpenseKind } from './timebank.enums.js';

const KIND_IN_WORDS: Record<ExpenseKind, string> = {
  [ExpenseKind.TRAVEL]: 'Travel',
  [ExpenseKind.CHILDCARE]: 'Childcare',
  [ExpenseKind.MEALS]: 'Meals',
  [ExpenseKind.OTHER]: 'Other',
};

export interface ApprovedClaimRow {
  claim: ExpenseClaim;
  volunteer: string;
  approvedBy: string;
}

const COLUMNS = [
  'Claim',
  'Volunteer',
  'Kind',
  'Incurred on',
  'Description',
  'Miles',
  'Pence per mile',
  'Amount (£)',
  'Approved on',
  'Approved by',
];

/**
 * The approved claims a treasurer pays from, one row a claim. Names and descriptions were typed by people,
 * so they are guarded against spreadsheet formulas; amounts are pounds with two decimals, dates London dates.
 */
export function approvedClaimsCsv(rows: readonly ApprovedClaimRow[]): string {
  const lines = rows.map(({ claim, volunteer, approvedBy }) => [
    claim.id,
    neutralised(volunteer),
    KIND_IN_WORDS[claim.kind],
    claim.incurredOn,
    neutralised(claim.description),
    claim.miles === null ? '' : claim.miles.toFixed(1),
    claim.pencePerMile === null ? '' : String(claim.pencePerMile),
    (claim.amountPence / 100).toFixed(2),
    claim.decidedAt ? londonDate(claim.decidedAt) : '',
    neutralised(approvedBy),
  ]);
  // A byte-order mark and CRLF lines: what Excel needs to read UTF-8 names and lines rightly.
  return stringify([COLUMNS, ...lines], { bom: true, record_delimiter: 'windows' });
}
