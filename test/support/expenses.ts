import type { TestApp } from '../harness.js';

/**
 * Receipts and expense claims for tests: real small files made here, the upload over HTTP, and claims
 * written as set-up where a test is about what follows them.
 */

/** A 1×1 PNG: a real image by its signature, as a phone's screenshot of a receipt would be. */
export const PNG = Buffer.from(
  'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==',
  'base64',
);

/** A one-page PDF, as a scanned or emailed receipt would be. */
export const PDF = Buffer.from(
  [
    '%PDF-1.4',
    '1 0 obj << /Type /Catalog /Pages 2 0 R >> endobj',
    '2 0 obj << /Type /Pages /Kids [3 0 R] /Count 1 >> endobj',
    '3 0 obj << /Type /Page /Parent 2 0 R /MediaBox [0 0 200 200] >> endobj',
    'trailer << /Root 1 0 R >>',
    '%%EOF',
  ].join('\n'),
);

/** The start of a HEIC photo: its ftyp box is what identifies it. */
export const HEIC = Buffer.concat([
  Buffer.from([0, 0, 0, 0x18]),
  Buffer.from('ftypheic'),
  Buffer.alloc(4),
  Buffer.from('mif1heic'),
  Buffer.alloc(40),
]);

export const MAX_RECEIPT = 5 * 1024 * 1024;

export const CLAIM = `mutation($i: ClaimExpenseInput!) { claimExpense(input: $i) {
  __typename
  ... on ExpenseClaim { id kind incurredOn description miles pencePerMile amountPence status receiptUrl waitingTooLong volunteerName }
  ... on ErrorResult { code message } } }`;
export const APPROVE = `mutation($id: ID!) { approveExpenseClaim(claimId: $id) {
  __typename ... on ExpenseClaim { id status decidedAt } ... on ErrorResult { code message } } }`;
export const REJECT = `mutation($i: RejectExpenseClaimInput!) { rejectExpenseClaim(input: $i) {
  __typename ... on ExpenseClaim { id status rejectionReason decidedAt } ... on ErrorResult { code message } } }`;
export const PAY = `mutation($id: ID!) { markExpenseClaimPaid(claimId: $id) {
  __typename ... on ExpenseClaim { id status paidAt } ... on ErrorResult { code message } } }`;

/** `POST /timebank/receipts` with the bytes as the body (Content-Length set), as `headers`. */
export function uploadReceipt(
  t: Pick<TestApp, 'url'>,
  bytes: Buffer,
  headers: Record<string, string>,
  contentType = 'application/octet-stream',
) {
  return fetch(`${t.url}/timebank/receipts`, {
    method: 'POST',
    headers: { 'content-type': contentType, ...headers },
    body: new Uint8Array(bytes),
  });
}

/** Uploads the bytes and returns the receipt's id; fails the test unless it was kept. */
export async function receiptOf(t: Pick<TestApp, 'url'>, bytes: Buffer, headers: Record<string, string>): Promise<string> {
  const res = await uploadReceipt(t, bytes, headers);
  if (res.status !== 201) throw new Error(`upload refused ${res.status}: ${await res.text()}`);
  return ((await res.json()) as { id: string }).id;
}

/** A travel claim of the member's, written as set-up (in the state given, submitted `daysAgo` days ago); returns its id. */
export async function travelClaim(
  t: Pick<TestApp, 'db'>,
  memberId: string,
  options: { status?: 'SUBMITTED' | 'APPROVED'; daysAgo?: number; description?: string; decidedById?: string } = {},
): Promise<string> {
  const approved = options.status === 'APPROVED';
  const [row]: { id: string }[] = await t.db.query(
    `INSERT INTO time_bank_expense_claim (provider_id, member_id, kind, incurred_on, description, miles, pence_per_mile, amount_pence,
       status, submitted_by_id, submitted_at, decided_by_id, decided_at)
     SELECT m.provider_id, m.id, 'TRAVEL', (now() AT TIME ZONE 'Europe/London')::date - $2::int, $3,
            10, 45, 450, $4, m.person_id, now() - make_interval(days => $2::int), $5, CASE WHEN $4 = 'APPROVED' THEN now() END
       FROM time_bank_member m WHERE m.id = $1
     RETURNING id`,
    [
      memberId,
      options.daysAgo ?? 0,
      options.description ?? 'Lift to the surgery',
      approved ? 'APPROVED' : 'SUBMITTED',
      approved ? (options.decidedById ?? null) : null,
    ],
  );
  return row!.id;
}
