import { beforeAll, describe, expect, test } from 'vitest';
import type { Acting } from '../api/auth/actor.js';
import { carePlanBundle } from '../api/careplans/fhir.js';
import { carePlanPrintPage } from '../api/careplans/print-page.js';
import { useTestApp } from './support/app.js';
import { createPlanFor, joinCircle, type PlanIds } from './support/care-plans.js';
import { auditCount } from './support/graphql.js';
import { expectValidFhir } from './support/fhir.js';
import { useWorld } from './support/world.js';

/**
 * The plain document of a plan version (CarePlansService.document), which the FHIR and print routers
 * render: authorized as `carePlan` is, its read audited with how it was read, and renderable whole.
 */
const t = useTestApp({ seeded: 'world' });
const w = useWorld(t);

/** The acting person as the API would see them, read through the app's own sign-in. */
async function actingAs(email: string): Promise<Acting> {
  const token = await w.login(email);
  const actor = await t.services.authentication.authenticate({ authorization: `Bearer ${token}` });
  return { actor, requestId: 'document-test' };
}

let plan: PlanIds;
beforeAll(async () => {
  plan = await createPlanFor(t, w, { booking: true });
  await joinCircle(t, w, plan.planId, 'coordinator', 'EDIT', { asLeadCoordinator: true });
});

describe('the document of a plan', () => {
  test('holds the version whole, with names, ratings, links and the circle; renders as valid FHIR R4 and a printed page', async () => {
    const doc = await t.services.carePlans.document(await actingAs(w.emails.person), plan.planId, null, 'print');
    expect(doc).toMatchObject({ id: plan.planId, version: 1, status: 'DRAFT', agreedVersion: null, person: { name: 'person' } });
    expect(doc.leadCoordinator).toEqual({ personId: w.ids.coordinator, name: 'coordinator' });
    expect(doc.circle.map((m) => [m.kind, m.name, m.role])).toEqual([
      ['PERSON', 'person', 'OWNER'],
      ['REPRESENTATIVE', 'representativeAll', 'OWNER'],
      ['REPRESENTATIVE', 'friend', 'VIEW'],
      ['MEMBER', 'coordinator', 'EDIT'],
    ]);
    expect(doc.goals[0]).toMatchObject({ description: 'Walk to the shop on my own', baseline: { performance: 3 }, change: null });
    expect(doc.supports.map((s) => [s.giver, s.serviceName, s.providerName])).toEqual([
      ['INFORMAL_CARER', null, null],
      ['SERVICE', 'Home care (test)', 'Co-op A'],
      ['BOOKING', 'Home care (test)', 'Co-op A'],
    ]);
    expectValidFhir(carePlanBundle(doc, 'https://coopcare.test'));
    expect(carePlanPrintPage(doc)).toContain('Walk to the shop on my own');
  });

  test('a member’s read is audited with how it was read; the person’s is not', async () => {
    const before = await auditCount(t, 'carePlan.read', plan.planId);
    await t.services.carePlans.document(await actingAs(w.emails.person), plan.planId, 1, 'fhir');
    expect(await auditCount(t, 'carePlan.read', plan.planId)).toBe(before);
    await t.services.carePlans.document(await actingAs(w.emails.coordinator), plan.planId, 1, 'fhir');
    const [last] = await t.db.query(
      `SELECT actor_person_id, summary FROM audit_event WHERE action = 'carePlan.read' AND object_id = $1 ORDER BY id DESC LIMIT 1`,
      [plan.planId],
    );
    expect(last).toEqual({ actor_person_id: w.ids.coordinator, summary: { version: 1, via: 'fhir' } });
  });

  test('outsiders are FORBIDDEN, an unknown plan or a version never made NOT_FOUND, and nothing is audited for them', async () => {
    const before = await auditCount(t, 'carePlan.read');
    await expect(t.services.carePlans.document(await actingAs(w.emails.officer), plan.planId, null, 'print')).rejects.toMatchObject({
      code: 'FORBIDDEN',
    });
    await expect(
      t.services.carePlans.document(await actingAs(w.emails.person), '00000000-0000-4000-8000-00000000000b', null, 'print'),
    ).rejects.toMatchObject({ code: 'NOT_FOUND' });
    await expect(t.services.carePlans.document(await actingAs(w.emails.person), plan.planId, 2, 'print')).rejects.toMatchObject({
      code: 'NOT_FOUND',
    });
    expect(await auditCount(t, 'carePlan.read')).toBe(before);
  });
});
