import type { Bundle, CarePlan } from '@medplum/fhirtypes';
import { beforeAll, describe, expect, test } from 'vitest';
import { useTestApp } from './support/app.js';
import { personsBudget } from './support/brokerage.js';
import { CREATE_PLAN, createPlanFor, type PlanIds } from './support/care-plans.js';
import { accept, propose } from './support/co-design.js';
import { code } from './support/graphql.js';
import { addTimeBankMember, expectTimeLedgersBalanced, openTimeBank } from './support/timebank.js';
import { useWorld } from './support/world.js';

/**
 * A support in a care plan given by a co-op's time bank, paid in time credit rather than from a budget: the
 * person must be an approved member of that co-op's time bank, and it names no budget. Shown as such in the
 * API, the printed plan and the FHIR export.
 */
const t = useTestApp({ seeded: 'world' });
const w = useWorld(t);

const SUPPORTS = `query($id: ID!) { carePlan(id: $id) { version supports {
  what giver budgetId timeBankProviderId timeBank { providerId outOfHoursPercent } } } }`;
const TIME_BANK_SUPPORT = { what: 'A sitter so my daughter can go out', giver: 'TIME_BANK', when: 'Wednesday evenings' };

let ids: PlanIds;

beforeAll(async () => {
  await openTimeBank(t, w.providerA);
  await openTimeBank(t, w.providerB);
  await addTimeBankMember(t, w.providerA, w.ids.person, ['RECEIVER']);
  ids = await createPlanFor(t, w);
});

const countsOf = async () =>
  (
    await t.db.query(
      `SELECT (SELECT count(*)::int FROM care_plan) AS plans, (SELECT count(*)::int FROM care_plan_proposal) AS proposals,
        (SELECT count(*)::int FROM care_plan_item) AS items`,
    )
  )[0];

describe('a time-bank support', () => {
  test('proposed and accepted, it names the co-op’s time bank and no budget', async () => {
    const proposal = await propose(t, w.headers('person'), ids.planId, 1, [
      { addSupport: { ...TIME_BANK_SUPPORT, timeBankProviderId: w.providerA } },
    ]);
    await accept(t, w.headers('person'), proposal.id);
    const res = await t.gql<any, unknown>(SUPPORTS, { id: ids.planId }, w.headers('person'));
    expect(res.errors).toBeUndefined();
    expect(res.data.carePlan.supports.find((s: { giver: string }) => s.giver === 'TIME_BANK')).toEqual({
      what: TIME_BANK_SUPPORT.what,
      giver: 'TIME_BANK',
      budgetId: null,
      timeBankProviderId: w.providerA,
      timeBank: { providerId: w.providerA, outOfHoursPercent: 150 },
    });
    const other = res.data.carePlan.supports.find((s: { giver: string }) => s.giver === 'INFORMAL_CARER');
    expect(other).toMatchObject({ timeBankProviderId: null, timeBank: null });
  });

  test('refused for a co-op whose time bank the person is not an approved member of, and with a budget; nothing is written', async () => {
    const budgetId = await personsBudget(t, w, 'COUNCIL_MANAGED', 10_000, { personId: w.ids.person });
    // Waiting to join is not being a member.
    await addTimeBankMember(t, w.providerB, w.ids.person, ['RECEIVER'], 'PENDING');
    const before = await countsOf();
    for (const [support, argument] of [
      [{ ...TIME_BANK_SUPPORT, timeBankProviderId: w.providerB }, 'changes[0].addSupport.timeBankProviderId'],
      [{ ...TIME_BANK_SUPPORT, timeBankProviderId: w.providerA, budgetId }, 'changes[0].addSupport.budgetId'],
      [TIME_BANK_SUPPORT, 'changes[0].addSupport.timeBankProviderId'],
      [
        { what: 'Lifts', giver: 'VOLUNTEER', carerName: 'Ann', when: 'Tuesdays', timeBankProviderId: w.providerA },
        'changes[0].addSupport.timeBankProviderId',
      ],
    ] as const) {
      const res = await t.gql(
        `mutation($i: ProposeCarePlanChangeInput!) { proposeCarePlanChange(input: $i) { id } }`,
        { i: { planId: ids.planId, baseVersion: 2, changes: [{ addSupport: support }] } },
        w.headers('person'),
      );
      expect([code(res), res.errors?.[0]?.extensions?.argument], JSON.stringify(support)).toEqual(['BAD_USER_INPUT', argument]);
    }
    expect(await countsOf()).toEqual(before);
  });

  test('a new plan of someone who is not a member is refused naming the support, and not made', async () => {
    const before = await countsOf();
    const res = await t.gql(
      CREATE_PLAN,
      { i: { supports: [{ ...TIME_BANK_SUPPORT, timeBankProviderId: w.providerA }] } },
      w.headers('otherPerson'),
    );
    expect([code(res), res.errors?.[0]?.extensions?.argument], JSON.stringify(res)).toEqual([
      'BAD_USER_INPUT',
      'supports[0].timeBankProviderId',
    ]);
    expect(await countsOf()).toEqual(before);
  });

  test('the printed plan and the FHIR export say the time bank gives it, in words', async () => {
    const page = await (await fetch(`${t.url}/care-plans/${ids.planId}/print`, { headers: w.headers('person') })).text();
    expect(page).toContain('Co-op A’s time bank (paid in time credit, not from a budget)');
    const bundle = (await (await fetch(`${t.url}/fhir/CarePlan/${ids.planId}`, { headers: w.headers('person') })).json()) as Bundle;
    const plan = bundle.entry!.map((e) => e.resource).find((r): r is CarePlan => r?.resourceType === 'CarePlan')!;
    const activity = plan.activity!.find((a) => a.detail?.description === TIME_BANK_SUPPORT.what)!;
    expect(activity.detail!.performer).toEqual([
      { type: 'Organization', display: 'Co-op A’s time bank (help paid in time credit, not from a budget)' },
    ]);
  });

  test('a plan with the time banks of two co-ops prints both in the statements of a plan with one', async () => {
    const print = async () => {
      t.statements.reset();
      const page = await (await fetch(`${t.url}/care-plans/${ids.planId}/print`, { headers: w.headers('person') })).text();
      return { page, statements: t.statements.count };
    };
    const one = await print();
    await t.db.query(`UPDATE time_bank_member SET status = 'APPROVED', decided_at = now() WHERE provider_id = $1 AND person_id = $2`, [
      w.providerB,
      w.ids.person,
    ]);
    const version = (await t.gql<any, unknown>(SUPPORTS, { id: ids.planId }, w.headers('person'))).data.carePlan.version;
    const proposal = await propose(t, w.headers('person'), ids.planId, version, [
      { addSupport: { ...TIME_BANK_SUPPORT, what: 'Lifts to the shops', timeBankProviderId: w.providerB } },
    ]);
    await accept(t, w.headers('person'), proposal.id);
    const two = await print();
    expect(two.page).toContain('Co-op A’s time bank');
    expect(two.page).toContain('Co-op B’s time bank');
    expect(two.statements).toBe(one.statements);
  });
});

test('every time-bank balance is its ledger’s sums', () => expectTimeLedgersBalanced(t.db));
