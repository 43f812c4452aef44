import type { Bundle, CarePlan, Goal, Patient, Resource } from '@medplum/fhirtypes';
import { describe, expect, it } from 'vitest';
import { carePlanBundle } from '../api/careplans/fhir.js';
import { fullPlan, HOSTILE, minimalPlan } from './support/care-plan-documents.js';
import { expectValidFhir, structureProblem, terminologyProblems } from './support/fhir.js';

const BASE = 'https://api.example.org/fhir';

const ofType = <T extends Resource>(bundle: Bundle, type: T['resourceType']): T[] =>
  (bundle.entry ?? []).flatMap((e) => (e.resource?.resourceType === type ? [e.resource as T] : []));

/** Every `reference` in the bundle, resolved as FHIR resolves a relative one: against the base of the fullUrls. */
function unresolvedReferences(bundle: Bundle): string[] {
  const fullUrls = new Set((bundle.entry ?? []).map((e) => e.fullUrl));
  const references = JSON.stringify(bundle).matchAll(/"reference":"([^"]+)"/g);
  return [...references].map((m) => m[1]).filter((r) => !fullUrls.has(`${BASE}/${r}`));
}

describe('a care plan as FHIR R4', () => {
  it('renders a full plan as a collection bundle that validates against the official R4 definitions', () => {
    const bundle = carePlanBundle(fullPlan(), `${BASE}/`);
    expectValidFhir(bundle);
    expect(bundle.type).toBe('collection');
    expect(bundle.entry?.map((e) => e.fullUrl)).toEqual([
      `${BASE}/CarePlan/${fullPlan().id}`,
      ...fullPlan().goals.map((g) => `${BASE}/Goal/${g.id}`),
      `${BASE}/Patient/${fullPlan().person.id}`,
    ]);
    expect(unresolvedReferences(bundle)).toEqual([]);
  });

  it('says what the plan is: an agreed plan is active, at its version, with the circle, the goals and a lead author', () => {
    const doc = fullPlan();
    doc.aboutMe.reverse();
    const [plan] = ofType<CarePlan>(carePlanBundle(doc, BASE), 'CarePlan');
    expect(plan).toMatchObject({
      status: 'active',
      intent: 'plan',
      title: "Margaret Holroyd's care and support plan",
      meta: { versionId: '3', lastUpdated: '2026-06-20T14:00:00.000Z' },
      created: '2026-03-12T10:15:00.000Z',
      subject: { reference: `Patient/${doc.person.id}`, display: 'Margaret Holroyd' },
      author: { display: 'Priya Shah' },
    });
    expect(plan.contributor).toEqual([
      { reference: `Patient/${doc.person.id}`, display: 'Margaret Holroyd' },
      { type: 'RelatedPerson', display: 'David Holroyd' },
      { display: 'Priya Shah' },
      { display: `Jean ${HOSTILE}` },
    ]);
    expect(plan.goal?.map((g) => g.reference)).toEqual(doc.goals.map((g) => `Goal/${g.id}`));
    expect(plan.note?.map((n) => n.text.split(':')[0])).toEqual([
      'What matters to me',
      'How I communicate and how to communicate with me',
      'How and when to support me',
      'People who are important to me',
      'Things that make a good day',
      'Things that make a bad day',
      'Risk',
      'Risk',
      'To be reviewed by 2026-12-06.',
      'Agreed version 3 for the person.',
      'Agreed version 3 as lead coordinator.',
    ]);
    expect(plan.note?.[6].text).toBe(
      'Risk: I could fall on the path to the reservoir.\n\nWhat I have chosen: I will keep walking there, with my stick and my phone.\n\n' +
        'Safeguards: David checks in by phone when I am back.',
    );
  });

  it('makes one activity per support, scheduled only when it is a booking, performed by the service or the named carer', () => {
    const doc = fullPlan();
    const [plan] = ofType<CarePlan>(carePlanBundle(doc, BASE), 'CarePlan');
    expect(plan.activity?.map((a) => a.detail)).toEqual([
      {
        status: 'scheduled',
        description: 'Help getting washed and dressed',
        scheduledString: 'Every morning, 8 to 9',
        performer: [{ type: 'Organization', display: 'Home care, Colne Valley Care Co-operative' }],
        goal: [{ reference: `Goal/${doc.goals[0].id}` }],
      },
      {
        status: 'not-started',
        description: 'Gardening once a fortnight',
        scheduledString: 'Every other Tuesday',
        performer: [{ type: 'Organization', display: 'Garden help, Green Fingers Co-op' }],
        goal: [{ reference: `Goal/${doc.goals[1].id}` }],
      },
      {
        status: 'unknown',
        description: 'Shopping and a chat',
        scheduledString: 'Saturdays',
        performer: [{ type: 'RelatedPerson', display: 'David Holroyd' }],
      },
      {
        status: 'unknown',
        description: `Lift to choir practice ${HOSTILE}`,
        scheduledString: 'Thursday evenings',
        performer: [{ display: 'Alan (volunteer)' }],
        goal: [{ reference: `Goal/${doc.goals[2].id}` }, { reference: `Goal/${doc.goals[0].id}` }],
      },
    ]);
    // Budgets and bookings are the council's and the co-op's business, not the plan's: their ids stay home.
    expect(JSON.stringify(plan)).not.toMatch(new RegExp(`${doc.supports[0].budgetId}|${doc.supports[0].bookingId}`));
  });

  it("gives each goal in the person's words, its area, their ratings and whether it has changed", () => {
    const doc = fullPlan();
    const goals = ofType<Goal>(carePlanBundle(doc, BASE), 'Goal');
    const achievement = (g: Goal) => g.achievementStatus?.coding?.[0];
    expect(goals.map((g) => [g.lifecycleStatus, g.description.text, g.category?.[0].text, achievement(g)?.code])).toEqual([
      ['active', doc.goals[0].description, 'Self-care', 'improving'],
      ['active', doc.goals[1].description, 'Productivity', 'no-change'],
      ['active', 'Sing with the choir again', 'Leisure', undefined],
    ]);
    expect(achievement(goals[0])?.system).toBe('http://terminology.hl7.org/CodeSystem/goal-achievement');
    expect(goals[0].note).toEqual([
      { time: '2026-03-12', text: "At the start, the person's own ratings out of 10: importance 9, performance 3, satisfaction 2." },
      {
        time: '2026-06-20',
        text: "At the latest review, the person's own ratings out of 10: importance 9, performance 6, satisfaction 5.",
      },
      { text: 'Change since the start: performance +3, satisfaction +3: a meaningful change (2 or more).' },
    ]);
    expect(goals[2].note).toBeUndefined();
    for (const goal of goals) expect(goal.expressedBy).toEqual(goal.subject);
  });

  it('calls a meaningful fall worsening, and leaves a meaningful change both ways unstated', () => {
    const doc = fullPlan();
    doc.goals[0].change = { importance: 0, performance: -2, satisfaction: -1, isMeaningful: true };
    doc.goals[1].change = { importance: 1, performance: 3, satisfaction: -3, isMeaningful: true };
    const bundle = carePlanBundle(doc, BASE);
    expectValidFhir(bundle);
    expect(ofType<Goal>(bundle, 'Goal').map((g) => g.achievementStatus?.coding?.[0].code)).toEqual(['worsening', undefined, undefined]);
  });

  it('tells only the name of the person: the Patient carries nothing more', () => {
    const [patient] = ofType<Patient>(carePlanBundle(fullPlan(), BASE), 'Patient');
    expect(patient).toEqual({ resourceType: 'Patient', id: fullPlan().person.id, name: [{ text: 'Margaret Holroyd' }] });
  });

  it('renders a plan just started, with no goals or supports, as a valid draft', () => {
    const bundle = carePlanBundle(minimalPlan(), BASE);
    expectValidFhir(bundle);
    const [plan] = ofType<CarePlan>(bundle, 'CarePlan');
    expect(plan).toMatchObject({ status: 'draft', intent: 'plan', meta: { versionId: '1' } });
    expect(plan).not.toHaveProperty('goal');
    expect(plan).not.toHaveProperty('activity');
    expect(plan).not.toHaveProperty('note');
    expect(plan).not.toHaveProperty('author');
    expect(ofType(bundle, 'Goal')).toEqual([]);
  });

  it('has a real validator: broken resources fail, in structure and in terminology', () => {
    const [plan] = ofType<CarePlan>(carePlanBundle(fullPlan(), BASE), 'CarePlan');
    const { subject: _, ...noSubject } = plan;
    expect(structureProblem(noSubject as CarePlan)).toMatch(/subject/);
    expect(structureProblem({ ...plan, created: 'last Tuesday' })).toMatch(/created/);
    expect(structureProblem({ ...plan, intent: undefined } as unknown as CarePlan)).toMatch(/intent/);
    expect(structureProblem({ ...plan, title: { text: 'not a string' } } as unknown as CarePlan)).toMatch(/title/);

    expect(terminologyProblems({ ...plan, status: 'agreed' } as unknown as CarePlan)).toEqual([
      'CarePlan.status = "agreed" is not in http://hl7.org/fhir/ValueSet/request-status|4.0.1',
    ]);
    expect(terminologyProblems({ ...plan, intent: 'wish' } as unknown as CarePlan)).toHaveLength(1);
    const badActivity = { ...plan, activity: [{ detail: { status: 'booked' } }] } as unknown as CarePlan;
    expect(terminologyProblems(badActivity)).toEqual([
      'CarePlan.activity.detail.status = "booked" is not in http://hl7.org/fhir/ValueSet/care-plan-activity-status|4.0.1',
    ]);
    const [goal] = ofType<Goal>(carePlanBundle(fullPlan(), BASE), 'Goal');
    expect(terminologyProblems({ ...goal, lifecycleStatus: 'ongoing' } as unknown as Goal)).toHaveLength(1);
    const badAchievement = {
      ...goal,
      achievementStatus: { coding: [{ system: 'http://terminology.hl7.org/CodeSystem/goal-achievement', code: 'better' }] },
    };
    expect(terminologyProblems(badAchievement)).toHaveLength(1);
  });
});
