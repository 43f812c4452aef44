import { beforeAll, describe, expect, test } from 'vitest';
import { approvedMemberOf, expectTimeLedgersBalanced, openTimeBank } from './support/timebank.js';
import { useTestApp } from './support/app.js';
import { CLAIM, HEIC, MAX_RECEIPT, PDF, PNG, receiptOf, uploadReceipt } from './support/expenses.js';
import { type RoleName, useWorld } from './support/world.js';
import { londonDate } from '../api/common/london.js';

/**
 * Receipts: `POST /timebank/receipts` keeps a photo or PDF, by what its bytes are, up to 5 MiB; anything
 * else is refused and nothing is kept. `GET /timebank/receipts/{id}` gives the bytes back to the uploader,
 * and once a claim took it to the claimant and the co-op's coordinators, in a way no browser runs.
 */
const t = useTestApp({ seeded: 'world' });
const w = useWorld(t);
beforeAll(() => openTimeBank(t, w.providerA));

const receiptRows = async (): Promise<number> => (await t.db.query(`SELECT count(*)::int AS n FROM time_bank_receipt`))[0].n;
const get = (id: string, role: RoleName) => fetch(`${t.url}/timebank/receipts/${id}`, { headers: w.headers(role) });

describe('uploading a receipt', () => {
  test('a PNG is kept, its type read from its bytes whatever the client said, and answered 201 with its id and size', async () => {
    const res = await uploadReceipt(t, PNG, w.headers('person'), 'text/plain');
    expect(res.status).toBe(201);
    const body = (await res.json()) as { id: string; mediaType: string; byteSize: number };
    expect(body).toEqual({ id: expect.any(String), mediaType: 'image/png', byteSize: PNG.length });
    const [row] = await t.db.query(`SELECT uploaded_by_id, media_type, content FROM time_bank_receipt WHERE id = $1`, [body.id]);
    expect(row.uploaded_by_id).toBe(w.ids.person);
    expect(row.media_type).toBe('image/png');
    expect(Buffer.compare(row.content, PNG)).toBe(0);
  });

  test('a PDF is kept as a PDF', async () => {
    const res = await uploadReceipt(t, PDF, w.headers('person'));
    expect(res.status).toBe(201);
    expect(((await res.json()) as { mediaType: string }).mediaType).toBe('application/pdf');
  });

  const refused: [string, Buffer, string][] = [
    ['a text file', Buffer.from('Tesco receipt: milk £1.20\n'), 'text/plain'],
    [
      'an SVG, which can carry a script',
      Buffer.from('<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>'),
      'image/svg+xml',
    ],
    ['a GIF', Buffer.concat([Buffer.from('GIF89a'), Buffer.from([1, 0, 1, 0, 0x80, 0, 0, 0, 0, 0, 0xff, 0xff, 0xff, 0x2c])]), 'image/gif'],
    ['a Windows program', Buffer.concat([Buffer.from('MZ'), Buffer.alloc(62), Buffer.from('PE\0\0')]), 'application/octet-stream'],
    ['a zip', Buffer.concat([Buffer.from([0x50, 0x4b, 0x03, 0x04]), Buffer.alloc(40)]), 'application/zip'],
    ['a text file named and sent as a JPEG', Buffer.from('not really a photo'), 'image/jpeg'],
  ];
  test.each(refused)('%s is refused 415 and nothing is kept', async (_what, bytes, type) => {
    const before = await receiptRows();
    const res = await uploadReceipt(t, bytes, w.headers('person'), type);
    expect(res.status).toBe(415);
    expect(res.headers.get('content-type')).toMatch(/^application\/problem\+json/);
    expect(await receiptRows()).toBe(before);
  });

  test('an empty body is refused 400 and nothing is kept', async () => {
    const before = await receiptRows();
    const res = await uploadReceipt(t, Buffer.alloc(0), w.headers('person'));
    expect(res.status).toBe(400);
    expect(await receiptRows()).toBe(before);
  });

  test('exactly 5 MiB is within bounds (a PDF that size is kept)', async () => {
    const big = Buffer.concat([PDF, Buffer.alloc(MAX_RECEIPT - PDF.length, 0x20)]);
    const res = await uploadReceipt(t, big, w.headers('person'));
    expect(res.status).toBe(201);
    expect(((await res.json()) as { byteSize: number }).byteSize).toBe(MAX_RECEIPT);
  });

  test('5 MiB and a byte, with its Content-Length, is refused 413 and nothing is kept', async () => {
    const before = await receiptRows();
    const res = await uploadReceipt(t, Buffer.concat([PNG, Buffer.alloc(MAX_RECEIPT + 1 - PNG.length)]), w.headers('person'));
    expect(res.status).toBe(413);
    expect((await res.json()).detail).toBe('A receipt can be at most 5 MB.');
    expect(await receiptRows()).toBe(before);
  });

  test('5 MiB and a byte sent chunked, without a Content-Length, is cut off and refused 413; nothing is kept', async () => {
    const before = await receiptRows();
    const chunk = Buffer.alloc(64 * 1024);
    let sent = 0;
    const body = new ReadableStream<Uint8Array>({
      pull(controller) {
        const size = Math.min(chunk.length, MAX_RECEIPT + 1 - sent);
        if (size <= 0) return controller.close();
        controller.enqueue(sent === 0 ? Buffer.concat([PNG, chunk.subarray(PNG.length, size)]) : chunk.subarray(0, size));
        sent += size;
      },
    });
    const res = await fetch(`${t.url}/timebank/receipts`, {
      method: 'POST',
      headers: { 'content-type': 'image/png', ...w.headers('person') },
      body,
      duplex: 'half',
    } as RequestInit);
    expect(res.status).toBe(413);
    expect(await receiptRows()).toBe(before);
  });

  test.each([
    ['public', 401],
    ['partner', 403],
    ['widget', 403],
  ] as const)('as %s: %i, nothing kept', async (role, status) => {
    const before = await receiptRows();
    const res = await uploadReceipt(t, PNG, w.headers(role));
    expect(res.status).toBe(status);
    if (status === 401) expect(res.headers.get('www-authenticate')).toBe('Bearer');
    expect(await receiptRows()).toBe(before);
  });
});

describe('reading a receipt back', () => {
  let receiptId = '';

  test('the uploader gets a PDF with its stored type, as a named download, never sniffed, cached or run', async () => {
    receiptId = await receiptOf(t, PDF, w.headers('person'));
    const res = await get(receiptId, 'person');
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('application/pdf');
    expect(res.headers.get('content-disposition')).toBe(`attachment; filename="receipt-${receiptId}.pdf"`);
    expect(res.headers.get('x-content-type-options')).toBe('nosniff');
    expect(res.headers.get('cache-control')).toBe('private, no-store');
    expect(res.headers.get('content-security-policy')).toMatch(/(^|; )sandbox(;|$)/);
    expect(Buffer.compare(Buffer.from(await res.arrayBuffer()), PDF)).toBe(0);
  });

  test.each([
    ['a PNG', PNG, 'image/png', 'inline'],
    ['a HEIC photo', HEIC, 'image/heic', 'attachment; filename="receipt-ID.heic"'],
  ] as const)('%s is served as %s, %s, sandboxed and never sniffed or cached', async (_what, bytes, type, disposition) => {
    const id = await receiptOf(t, bytes, w.headers('person'));
    const res = await get(id, 'person');
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe(type);
    expect(res.headers.get('content-disposition')).toBe(disposition.replace('ID', id));
    expect(res.headers.get('x-content-type-options')).toBe('nosniff');
    expect(res.headers.get('cache-control')).toBe('private, no-store');
    expect(res.headers.get('content-security-policy')).toMatch(/(^|; )sandbox(;|$)/);
  });

  test.each([
    ['coordinator', 403],
    ['otherPerson', 403],
    ['representativeAll', 403],
    ['partner', 403],
    ['widget', 403],
    ['public', 401],
  ] as const)('before a claim takes it, as %s: %i', async (role, status) => {
    expect((await get(receiptId, role)).status).toBe(status);
  });

  test('once claimed, the co-op’s coordinators and admins read it too; another co-op’s coordinator and other people do not', async () => {
    const memberId = await approvedMemberOf(t, w.providerA, w.ids.person, ['VOLUNTEER']);
    const claimed = await t.gql<any, unknown>(
      CLAIM,
      {
        i: {
          memberId,
          kind: 'OTHER',
          incurredOn: londonDate(),
          description: 'Printer ink for the newsletter',
          amountPence: 1299,
          receiptId,
        },
      },
      w.headers('person'),
    );
    expect(claimed.data?.claimExpense.__typename, JSON.stringify(claimed)).toBe('ExpenseClaim');
    expect(claimed.data.claimExpense.receiptUrl).toMatch(new RegExp(`/timebank/receipts/${receiptId}$`));
    const statuses = Object.fromEntries(
      await Promise.all(
        (['person', 'coordinator', 'admin', 'otherCoordinator', 'otherPerson', 'representativeAll', 'careWorker'] as const).map(
          async (role) => [role, (await get(receiptId, role)).status] as const,
        ),
      ),
    );
    expect(statuses).toEqual({
      person: 200,
      coordinator: 200,
      admin: 200,
      otherCoordinator: 403,
      otherPerson: 403,
      representativeAll: 403,
      careWorker: 403,
    });
  });

  test('an unknown receipt is 404 and an id that is not one 400, as problems', async () => {
    const unknown = await get('00000000-0000-4000-8000-000000000000', 'admin');
    expect(unknown.status).toBe(404);
    expect(unknown.headers.get('content-type')).toMatch(/^application\/problem\+json/);
    expect((await get('receipt.pdf', 'admin')).status).toBe(400);
  });
});

describe('receipts no claim took', () => {
  test('are deleted by the scheduled job after 24 hours; younger ones and claimed ones are kept', async () => {
    const old = await receiptOf(t, PNG, w.headers('otherPerson'));
    const young = await receiptOf(t, PNG, w.headers('otherPerson'));
    const claimedOld = await receiptOf(t, PNG, w.headers('person'));
    const memberId = await approvedMemberOf(t, w.providerA, w.ids.person, ['VOLUNTEER']);
    const claimed = await t.gql<any, unknown>(
      CLAIM,
      {
        i: {
          memberId,
          kind: 'MEALS',
          incurredOn: londonDate(),
          description: 'Lunch on the minibus trip',
          amountPence: 650,
          receiptId: claimedOld,
        },
      },
      w.headers('person'),
    );
    expect(claimed.data?.claimExpense.__typename, JSON.stringify(claimed)).toBe('ExpenseClaim');
    await t.db.query(`UPDATE time_bank_receipt SET uploaded_at = now() - interval '25 hours' WHERE id = ANY($1)`, [[old, claimedOld]]);
    await t.db.query(`UPDATE time_bank_receipt SET uploaded_at = now() - interval '23 hours' WHERE id = $1`, [young]);

    expect(t.services.unclaimedReceipts.name).toBe('unclaimed-receipts');
    await t.services.unclaimedReceipts.run(new Date());

    const left: { id: string }[] = await t.db.query(`SELECT id FROM time_bank_receipt WHERE id = ANY($1)`, [[old, young, claimedOld]]);
    expect(left.map((r) => r.id).sort()).toEqual([young, claimedOld].sort());
    const trail = await t.db.query(`SELECT actor_kind FROM audit_event WHERE action = 'timeBankReceipt.delete' AND object_id = $1`, [old]);
    expect(trail).toEqual([{ actor_kind: 'system' }]);
  });
});

test('every time-bank balance is its ledger’s sums', () => expectTimeLedgersBalanced(t.db));
