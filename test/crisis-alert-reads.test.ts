import { describe, expect, it, vi } from 'vitest';
import { useTestApp } from './support/app.js';
import { RAISE } from './support/crisis-alerts.js';
import { bookVisits, as } from './support/fulfilment.js';
import { code } from './support/graphql.js';
import { useWorld } from './support/world.js';

/*
 * An alert's kind and note are health details: reading them is audited (`crisisAlert.read`, ids only),
 * but not when the person it is about reads their own, once per alert per request, in one statement
 * however many alerts a list holds; if the audit cannot be written, the read fails.
 */

const t = useTestApp({ seeded: 'world' });
const w = useWorld(t);

const READ = `query($id: ID!) { crisisAlert(id: $id) { kind note again: note } }`;
const NOTE = 'Chest pains since lunch.';

const raise = (personId = w.ids.person, role: 'person' | 'otherPerson' = 'person') =>
  as<{ id: string }>(t, w, role, RAISE, { i: { personId, kind: 'UNWELL', note: NOTE } }).then((a) => a.id);

const reads = (alertId: string): Promise<{ actor_person_id: string; council_ids: string[]; summary: unknown }[]> =>
  t.db.query(
    `SELECT actor_person_id, council_ids, summary FROM audit_event WHERE action = 'crisisAlert.read' AND object_id = $1 ORDER BY id`,
    [alertId],
  );

describe('reading an alert’s kind and note', () => {
  it('is in the trail for a representative and a coordinator, once per request, with ids only', async () => {
    await bookVisits(t, w);
    const id = await raise();
    for (const role of ['representativeAll', 'coordinator'] as const)
      expect(await as(t, w, role, READ, { id }), role).toEqual({ kind: 'UNWELL', note: NOTE, again: NOTE });
    expect(await reads(id)).toEqual(
      [w.ids.representativeAll, w.ids.coordinator].map((reader) => ({
        actor_person_id: reader,
        council_ids: [w.councilA],
        summary: { personId: w.ids.person },
      })),
    );
    expect(JSON.stringify(await reads(id))).not.toMatch(/chest|UNWELL/i);
  });

  it('is not in the trail when the person reads their own, nor when a reader asks for neither', async () => {
    const id = await raise();
    expect(await as(t, w, 'person', READ, { id })).toMatchObject({ note: NOTE });
    expect(await as(t, w, 'officer', `query($id: ID!) { crisisAlert(id: $id) { id open } }`, { id })).toEqual({ id, open: true });
    expect(await reads(id)).toEqual([]);
  });

  it('fails when the audit cannot be written', async () => {
    const id = await raise();
    const spy = vi.spyOn(t.services.audit, 'recordAll').mockRejectedValueOnce(new Error('audit store unavailable'));
    try {
      const res = await t.gql<any, any>(READ, { id }, w.headers('representativeAll'));
      expect(res.data?.crisisAlert ?? null).toBeNull();
      expect(code(res)).toBe('INTERNAL_SERVER_ERROR');
    } finally {
      spy.mockRestore();
    }
    expect(await reads(id)).toEqual([]);
  });
});

describe('a list of alerts with their kinds and notes', () => {
  const LIST = `query($p: ID) { crisisAlerts(personId: $p) { id kind note } }`;
  async function listed(personId: string) {
    t.statements.reset();
    const res = await t.gql<any, any>(LIST, { p: personId }, w.headers('admin'));
    expect(res.errors).toBeUndefined();
    return { statements: t.statements.count, alerts: res.data.crisisAlerts as { id: string }[] };
  }

  it('writes every read in one statement: the statements of a list of one', async () => {
    await raise(w.ids.otherPerson, 'otherPerson');
    await Promise.all([raise(), raise(), raise()]);
    const one = await listed(w.ids.otherPerson);
    const many = await listed(w.ids.person);
    expect(one.alerts).toHaveLength(1);
    expect(many.alerts.length).toBeGreaterThan(4);
    expect(many.statements).toBe(one.statements);
    for (const { id } of many.alerts) expect((await reads(id)).filter((r) => r.actor_person_id === w.ids.admin)).toHaveLength(1);
  });
});
