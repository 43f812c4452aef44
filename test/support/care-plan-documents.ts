import type { Page } from 'playwright-core';
import { expect } from 'vitest';
import type { CarePlanDocument } from '../../api/careplans/care-plan-document.js';
import {
  AboutMeHeading,
  AgreementSide,
  CarePlanRole,
  CarePlanStatus,
  CircleMemberKind,
  CircleMemberStatus,
  GoalArea,
  SupportGiver,
} from '../../api/careplans/careplans.enums.js';
import { expectNoAxeViolations } from './browser.js';

/**
 * The printed plan as its reader gets it: its one stylesheet applied (the content security policy let it
 * through, so the headings' rule is drawn) and axe (WCAG 2.2 AA) finds nothing.
 */
export async function expectStyledAndAccessible(page: Page): Promise<void> {
  expect(
    await page
      .locator('h2')
      .first()
      .evaluate((h) => getComputedStyle(h).borderTopStyle),
  ).toBe('solid');
  await expectNoAxeViolations(page);
}

/** Text a page or a FHIR consumer must show as text, never run: markup, quotes and an ampersand. */
export const HOSTILE = `<script>alert("x")</script><img src=x onerror='alert(1)'> & "quoted"`;

const ids = {
  plan: '6f1d8e0a-3c55-4a8e-9d7e-0d4c2b1a9f01',
  margaret: '1b2c3d4e-0000-4000-8000-000000000001',
  david: '1b2c3d4e-0000-4000-8000-000000000002',
  coordinator: '1b2c3d4e-0000-4000-8000-000000000003',
  friend: '1b2c3d4e-0000-4000-8000-000000000004',
  walking: 'a0000000-0000-4000-8000-000000000001',
  garden: 'a0000000-0000-4000-8000-000000000002',
  choir: 'a0000000-0000-4000-8000-000000000003',
} as const;

/** Margaret as the first of her own circle, a fresh copy for each plan. */
const margaret = (): CarePlanDocument['circle'][number] => ({
  personId: ids.margaret,
  name: 'Margaret Holroyd',
  role: CarePlanRole.OWNER,
  kind: CircleMemberKind.PERSON,
  status: CircleMemberStatus.ACTIVE,
});

/**
 * Margaret's agreed plan with everything a plan can hold: every kind of giver, all six "About me" sections
 * (one with hostile text), goals with no ratings, a small change and a meaningful one, risks with and
 * without safeguards, every kind of circle member, and both signatures.
 */
export function fullPlan(): CarePlanDocument {
  const at = (iso: string) => new Date(iso);
  return {
    id: ids.plan,
    version: 3,
    status: CarePlanStatus.AGREED,
    agreedVersion: 3,
    createdAt: at('2026-03-12T10:15:00Z'),
    versionCreatedAt: at('2026-06-20T14:00:00Z'),
    reviewDate: '2026-12-06',
    person: { id: ids.margaret, name: 'Margaret Holroyd' },
    leadCoordinator: { personId: ids.coordinator, name: 'Priya Shah' },
    circle: [
      margaret(),
      {
        personId: ids.david,
        name: 'David Holroyd',
        role: CarePlanRole.OWNER,
        kind: CircleMemberKind.REPRESENTATIVE,
        status: CircleMemberStatus.ACTIVE,
      },
      {
        personId: ids.coordinator,
        name: 'Priya Shah',
        role: CarePlanRole.EDIT,
        kind: CircleMemberKind.MEMBER,
        status: CircleMemberStatus.ACTIVE,
      },
      {
        personId: ids.friend,
        name: `Jean ${HOSTILE}`,
        role: CarePlanRole.VIEW,
        kind: CircleMemberKind.MEMBER,
        status: CircleMemberStatus.ACTIVE,
      },
    ],
    aboutMe: [
      { heading: AboutMeHeading.WHAT_MATTERS_TO_ME, text: `Staying in my own home in Marsden, near my garden. ${HOSTILE}` },
      { heading: AboutMeHeading.HOW_I_COMMUNICATE, text: 'I hear better on my left side. Please face me and speak slowly.' },
      { heading: AboutMeHeading.HOW_AND_WHEN_TO_SUPPORT_ME, text: 'Mornings are hardest. Let me do what I can myself.' },
      { heading: AboutMeHeading.PEOPLE_IMPORTANT_TO_ME, text: 'My son David, my neighbour Jean, the choir.' },
      { heading: AboutMeHeading.GOOD_DAY, text: 'A walk to the reservoir and a cup of tea with Jean.' },
      { heading: AboutMeHeading.BAD_DAY, text: 'Being rushed, or nobody coming when they said they would.' },
    ],
    goals: [
      {
        id: ids.walking,
        description: 'Walk to the reservoir and back on my own by the summer',
        area: GoalArea.SELF_CARE,
        baseline: { importance: 9, performance: 3, satisfaction: 2, ratedOn: '2026-03-12' },
        latest: { importance: 9, performance: 6, satisfaction: 5, ratedOn: '2026-06-20' },
        change: { importance: 0, performance: 3, satisfaction: 3, isMeaningful: true },
      },
      {
        id: ids.garden,
        description: `Keep my garden tidy ${HOSTILE}`,
        area: GoalArea.PRODUCTIVITY,
        baseline: { importance: 7, performance: 5, satisfaction: 5, ratedOn: '2026-03-12' },
        latest: { importance: 7, performance: 6, satisfaction: 5, ratedOn: '2026-06-20' },
        change: { importance: 0, performance: 1, satisfaction: 0, isMeaningful: false },
      },
      { id: ids.choir, description: 'Sing with the choir again', area: GoalArea.LEISURE, baseline: null, latest: null, change: null },
    ],
    supports: [
      {
        id: 'b0000000-0000-4000-8000-000000000001',
        what: 'Help getting washed and dressed',
        giver: SupportGiver.BOOKING,
        serviceId: 'c0000000-0000-4000-8000-000000000001',
        bookingId: 'd0000000-0000-4000-8000-000000000001',
        carerName: null,
        when: 'Every morning, 8 to 9',
        budgetId: 'e0000000-0000-4000-8000-000000000001',
        goalIds: [ids.walking],
        serviceName: 'Home care',
        providerName: 'Colne Valley Care Co-operative',
      },
      {
        id: 'b0000000-0000-4000-8000-000000000002',
        what: 'Gardening once a fortnight',
        giver: SupportGiver.SERVICE,
        serviceId: 'c0000000-0000-4000-8000-000000000002',
        bookingId: null,
        carerName: null,
        when: 'Every other Tuesday',
        budgetId: null,
        goalIds: [ids.garden],
        serviceName: 'Garden help',
        providerName: 'Green Fingers Co-op',
      },
      {
        id: 'b0000000-0000-4000-8000-000000000003',
        what: 'Shopping and a chat',
        giver: SupportGiver.INFORMAL_CARER,
        serviceId: null,
        bookingId: null,
        carerName: 'David Holroyd',
        when: 'Saturdays',
        budgetId: null,
        goalIds: [],
        serviceName: null,
        providerName: null,
      },
      {
        id: 'b0000000-0000-4000-8000-000000000004',
        what: `Lift to choir practice ${HOSTILE}`,
        giver: SupportGiver.VOLUNTEER,
        serviceId: null,
        bookingId: null,
        carerName: 'Alan',
        when: 'Thursday evenings',
        budgetId: null,
        goalIds: [ids.choir, ids.walking],
        serviceName: null,
        providerName: null,
      },
    ],
    risks: [
      {
        id: 'f0000000-0000-4000-8000-000000000001',
        description: 'I could fall on the path to the reservoir.',
        personsChoice: 'I will keep walking there, with my stick and my phone.',
        safeguards: 'David checks in by phone when I am back.',
      },
      { id: 'f0000000-0000-4000-8000-000000000002', description: HOSTILE, personsChoice: 'I accept this.', safeguards: null },
    ],
    signatures: [
      { side: AgreementSide.PERSON, signerName: 'Margaret Holroyd', signedAt: at('2026-06-21T09:30:00Z') },
      { side: AgreementSide.COORDINATOR, signerName: 'Priya Shah', signedAt: at('2026-06-22T16:45:00Z') },
    ],
  };
}

/** A plan just started: only the person in the circle, nothing written yet, no coordinator, no review date. */
export function minimalPlan(): CarePlanDocument {
  return {
    id: ids.plan,
    version: 1,
    status: CarePlanStatus.DRAFT,
    agreedVersion: null,
    createdAt: new Date('2026-12-01T12:00:00Z'),
    versionCreatedAt: new Date('2026-12-01T12:00:00Z'),
    reviewDate: null,
    person: { id: ids.margaret, name: 'Margaret Holroyd' },
    leadCoordinator: null,
    circle: [margaret()],
    aboutMe: [],
    goals: [],
    supports: [],
    risks: [],
    signatures: [],
  };
}
