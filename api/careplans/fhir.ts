import type { Annotation, Bundle, BundleEntry, CarePlan, CarePlanActivity, Goal, Patient, Reference, Resource } from '@medplum/fhirtypes';
import type { CarePlanDocument } from './care-plan-document.js';
import {
  ABOUT_ME_ORDER,
  ABOUT_ME_TITLES,
  AgreementSide,
  CarePlanStatus,
  CircleMemberKind,
  GOAL_AREA_TITLES,
  SupportGiver,
} from './careplans.enums.js';

/**
 * A care plan as HL7 FHIR R4: a `collection` Bundle of the plan's `CarePlan`, its `Goal`s and the `Patient`
 * they are about. A collection, not a `searchset`: the export answers "give me this plan", not a search, so
 * there is no match/include mode or search link to carry; not a `document` either, which would need a signed
 * Composition the plan does not have. Types only from @medplum/fhirtypes: nothing of Medplum runs here.
 */

type PlanGoal = CarePlanDocument['goals'][number];
type PlanSupport = CarePlanDocument['supports'][number];
type CarePlanContributor = NonNullable<CarePlan['contributor']>[number];
type ActivityPerformer = NonNullable<NonNullable<CarePlanActivity['detail']>['performer']>[number];

const GOAL_ACHIEVEMENT = 'http://terminology.hl7.org/CodeSystem/goal-achievement';

/**
 * The bundle for one version. `baseUrl` is the FHIR base the API serves (e.g. `https://api.example/fhir`):
 * every entry's fullUrl is `<base>/<type>/<id>`, so the entries' relative references resolve inside the bundle.
 */
export function carePlanBundle(doc: CarePlanDocument, baseUrl: string): Bundle {
  const base = baseUrl.replace(/\/+$/, '');
  const patient: Patient & { id: string } = { resourceType: 'Patient', id: doc.person.id, name: [{ text: doc.person.name }] };
  const subject = patientReference(doc);
  const goals = doc.goals.map((goal) => goalResource(goal, subject));
  const entry = (resource: Resource & { id: string }): BundleEntry => ({
    fullUrl: `${base}/${resource.resourceType}/${resource.id}`,
    resource,
  });
  return {
    resourceType: 'Bundle',
    type: 'collection',
    timestamp: doc.versionCreatedAt.toISOString(),
    entry: [entry(carePlanResource(doc, subject)), ...goals.map(entry), entry(patient)],
  };
}

const patientReference = (doc: CarePlanDocument): Reference<Patient> => ({
  reference: `Patient/${doc.person.id}`,
  display: doc.person.name,
});
const goalReference = (goalId: string): Reference<Goal> => ({ reference: `Goal/${goalId}` });

function carePlanResource(doc: CarePlanDocument, subject: Reference<Patient>): CarePlan & { id: string } {
  const notes: Annotation[] = [
    // "About me" and the risks are the person's own words under a heading, not coded data: notes keep each
    // one apart and in order, where `description` is one short summary of the whole plan.
    ...ABOUT_ME_ORDER.flatMap((heading) =>
      doc.aboutMe.filter((s) => s.heading === heading).map((s) => ({ text: `${ABOUT_ME_TITLES[heading]}: ${s.text}` })),
    ),
    ...doc.risks.map((risk) => ({
      text: [`Risk: ${risk.description}`, `What I have chosen: ${risk.personsChoice}`, risk.safeguards && `Safeguards: ${risk.safeguards}`]
        .filter(Boolean)
        .join('\n\n'),
    })),
  ];
  if (doc.reviewDate) notes.push({ text: `To be reviewed by ${doc.reviewDate}.` });
  for (const signature of doc.signatures) {
    const who = signature.side === AgreementSide.PERSON ? 'for the person' : 'as lead coordinator';
    notes.push({
      authorString: signature.signerName,
      time: signature.signedAt.toISOString(),
      text: `Agreed version ${doc.version} ${who}.`,
    });
  }
  return {
    resourceType: 'CarePlan',
    id: doc.id,
    // The plan's version is the resource's version: an export of version 3 says so, and a reader can ask again.
    meta: { versionId: String(doc.version), lastUpdated: doc.versionCreatedAt.toISOString() },
    // An agreed plan is the one in force; anything else is still being written with the person.
    status: doc.status === CarePlanStatus.AGREED ? 'active' : 'draft',
    intent: 'plan',
    title: `${doc.person.name}'s care and support plan`,
    subject,
    created: doc.createdAt.toISOString(),
    ...(doc.leadCoordinator && { author: { type: 'Practitioner', display: doc.leadCoordinator.name } }),
    contributor: doc.circle.map(
      (member): CarePlanContributor =>
        member.kind === CircleMemberKind.PERSON
          ? patientReference(doc)
          : // Only names leave: the export carries no contact details of the circle (minimum necessary).
            { ...(member.kind === CircleMemberKind.REPRESENTATIVE && { type: 'RelatedPerson' }), display: member.name },
    ),
    ...(doc.goals.length > 0 && { goal: doc.goals.map((goal) => goalReference(goal.id)) }),
    ...(doc.supports.length > 0 && { activity: doc.supports.map(activity) }),
    ...(notes.length > 0 && { note: notes }),
  };
}

function activity(support: PlanSupport): CarePlanActivity {
  return {
    detail: {
      // A booking has visits booked; a directory service is named but not booked through the plan; whether a
      // family carer's or volunteer's help has begun is not something the plan records, so it says unknown.
      status: support.giver === SupportGiver.BOOKING ? 'scheduled' : support.giver === SupportGiver.SERVICE ? 'not-started' : 'unknown',
      description: support.what,
      scheduledString: support.when,
      performer: [performer(support)],
      ...(support.goalIds.length > 0 && { goal: support.goalIds.map(goalReference) }),
    },
  };
}

function performer(support: PlanSupport): ActivityPerformer {
  if (support.giver === SupportGiver.INFORMAL_CARER) return { type: 'RelatedPerson', display: support.carerName ?? 'A family carer' };
  if (support.giver === SupportGiver.VOLUNTEER) return { display: `${support.carerName ?? 'A volunteer'} (volunteer)` };
  if (support.giver === SupportGiver.TIME_BANK)
    return {
      type: 'Organization',
      display: `${support.providerName ?? 'A co-op'}’s time bank (help paid in time credit, not from a budget)`,
    };
  const names = [support.serviceName, support.providerName].filter(Boolean).join(', ');
  return { type: 'Organization', display: names || 'A care service' };
}

function goalResource(goal: PlanGoal, subject: Reference<Patient>): Goal & { id: string } {
  const ratings = (label: string, r: NonNullable<PlanGoal['baseline']>): Annotation => ({
    time: r.ratedOn,
    text:
      `${label}, the person's own ratings out of 10: ` +
      `importance ${r.importance}, performance ${r.performance}, satisfaction ${r.satisfaction}.`,
  });
  const notes: Annotation[] = [];
  if (goal.baseline) notes.push(ratings('At the start', goal.baseline));
  if (goal.latest && goal.change) notes.push(ratings('At the latest review', goal.latest));
  if (goal.change) {
    const { performance, satisfaction, isMeaningful } = goal.change;
    const meaningful = isMeaningful ? 'a meaningful change (2 or more)' : 'a change under 2 points';
    notes.push({
      text: `Change since the start: performance ${signed(performance)}, satisfaction ${signed(satisfaction)}: ${meaningful}.`,
    });
  }
  const achievement = achievementStatus(goal.change);
  return {
    resourceType: 'Goal',
    id: goal.id,
    lifecycleStatus: 'active',
    ...(achievement && { achievementStatus: achievement }),
    // FHIR's goal-category codes are clinical ones; the area is the person's, so it goes as text.
    category: [{ text: GOAL_AREA_TITLES[goal.area] }],
    description: { text: goal.description },
    subject,
    // The goal is in the person's own words.
    expressedBy: subject,
    ...(notes.length > 0 && { note: notes }),
  };
}

const signed = (n: number) => (n > 0 ? `+${n}` : String(n));

/**
 * A change under 2 on both performance and satisfaction is no change the person would notice; a meaningful
 * one improves or worsens by its net direction. A meaningful change that goes both ways at once is left
 * unstated rather than called either.
 */
function achievementStatus(change: PlanGoal['change']): Goal['achievementStatus'] {
  if (!change) return undefined;
  const net = change.performance + change.satisfaction;
  const code = !change.isMeaningful ? 'no-change' : net > 0 ? 'improving' : net < 0 ? 'worsening' : null;
  if (!code) return undefined;
  const display = { 'no-change': 'No Change', improving: 'Improving', worsening: 'Worsening' }[code];
  return { coding: [{ system: GOAL_ACHIEVEMENT, code, display }], text: display };
}
