import { describe, expect, test } from 'vitest';
import { CARE_PLAN_TEXT_LIMITS, type CarePlanChange, type PlanItem } from './care-plan-content.js';
import { AboutMeHeading, CarePlanItemKind, GoalArea, SupportGiver } from './careplans.enums.js';
import { CarePlanConflict } from './careplans.exception.js';
import { applyChanges, describeChange, findClashes, toChanges } from './change-engine.js';
import type { CarePlanChangeInput } from './proposal.types.js';
import {
  addGoal,
  BASE,
  BOOKING,
  BUDGET,
  commit,
  goal,
  ids,
  newId,
  OTHER_BOOKING,
  propose,
  refusedArgument,
  risk,
  SERVICE,
  support,
} from './fixtures/plan-items.js';

const { ABOUT_ME, GOAL, SUPPORT, RISK } = CarePlanItemKind;

describe('toChanges refuses, naming the field at fault', () => {
  test('no changes, or more than 50', () => {
    expect(refusedArgument(() => propose([]))).toBe('changes');
    const many = Array.from({ length: 51 }, () => ({ addRisk: { description: 'x', personsChoice: 'y' } }));
    expect(refusedArgument(() => propose(many))).toBe('changes');
  });

  test('a change with no field set, or two', () => {
    expect(refusedArgument(() => propose([addGoal(), {}]))).toBe('changes[1]');
    expect(refusedArgument(() => propose([{ ...addGoal(), removeGoal: { goalId: 'g1' } }]))).toBe('changes[0]');
  });

  test('blank text and text over its limit; the limit itself is fine and text is trimmed', () => {
    expect(refusedArgument(() => propose([addGoal('   ')]))).toBe('changes[0].addGoal.description');
    const limit = CARE_PLAN_TEXT_LIMITS.goalDescription;
    expect(refusedArgument(() => propose([addGoal('x'.repeat(limit + 1))]))).toBe('changes[0].addGoal.description');
    const [ok] = propose([addGoal(` ${'x'.repeat(limit)} `)]);
    expect(ok).toMatchObject({ action: 'ADD', content: { description: 'x'.repeat(limit) } });
    const longAboutMe = { setAboutMe: { heading: AboutMeHeading.BAD_DAY, text: 'x'.repeat(CARE_PLAN_TEXT_LIMITS.aboutMe + 1) } };
    expect(refusedArgument(() => propose([longAboutMe]))).toBe('changes[0].setAboutMe.text');
    const blankChoice = { addRisk: { description: 'I may fall', personsChoice: ' ' } };
    expect(refusedArgument(() => propose([blankChoice]))).toBe('changes[0].addRisk.personsChoice');
    const longWhen = { editSupport: { supportId: 's1', when: 'x'.repeat(CARE_PLAN_TEXT_LIMITS.supportWhen + 1) } };
    expect(refusedArgument(() => propose([longWhen]))).toBe('changes[0].editSupport.when');
  });

  test.each([0, 11, 2.5, -1])('a rating of %s', (performance) => {
    const input = { addGoal: { description: 'Cook', area: GoalArea.SELF_CARE, baseline: { importance: 5, performance, satisfaction: 5 } } };
    expect(refusedArgument(() => propose([input]))).toBe('changes[0].addGoal.baseline.performance');
  });

  test('an edit or removal naming what the base version does not have, or an item of another kind', () => {
    expect(refusedArgument(() => propose([{ editGoal: { goalId: 'nope', area: GoalArea.LEISURE } }]))).toBe('changes[0].editGoal.goalId');
    expect(refusedArgument(() => propose([{ removeGoal: { goalId: 'r1' } }]))).toBe('changes[0].removeGoal.goalId');
    expect(refusedArgument(() => propose([{ editRisk: { riskId: 'g1', safeguards: null } }]))).toBe('changes[0].editRisk.riskId');
    expect(refusedArgument(() => propose([{ removeSupport: { supportId: 'g2' } }]))).toBe('changes[0].removeSupport.supportId');
    expect(refusedArgument(() => propose([{ removeAboutMe: { heading: AboutMeHeading.BAD_DAY } }]))).toBe(
      'changes[0].removeAboutMe.heading',
    );
  });

  test('a support naming a goal the base does not have, a change that adds no goal, or a goal the proposal removes', () => {
    const add = (extra: object) => ({
      addSupport: { what: 'Lifts', giver: SupportGiver.VOLUNTEER, carerName: 'Ann', when: 'Tuesdays', ...extra },
    });
    expect(refusedArgument(() => propose([add({ goalIds: ['g1', 'nope'] })]))).toBe('changes[0].addSupport.goalIds[1]');
    expect(refusedArgument(() => propose([addGoal(), add({ goalChanges: [1] })]))).toBe('changes[1].addSupport.goalChanges[0]');
    expect(refusedArgument(() => propose([{ removeGoal: { goalId: 'g2' } }, add({ goalIds: ['g2'] })]))).toBe(
      'changes[1].addSupport.goalIds[0]',
    );
  });

  test.each([
    [{ giver: SupportGiver.SERVICE }, 'serviceId'],
    [{ giver: SupportGiver.BOOKING }, 'bookingId'],
    [{ giver: SupportGiver.INFORMAL_CARER }, 'carerName'],
    [{ giver: SupportGiver.VOLUNTEER, carerName: '  ' }, 'carerName'],
    [{ giver: SupportGiver.VOLUNTEER, carerName: 'Ann', bookingId: BOOKING }, 'bookingId'],
    [{ giver: SupportGiver.BOOKING, bookingId: BOOKING, serviceId: SERVICE }, 'serviceId'],
    [{ giver: SupportGiver.SERVICE, serviceId: SERVICE, carerName: 'Ann' }, 'carerName'],
    [{ giver: SupportGiver.INFORMAL_CARER, carerName: 'Ann', serviceId: SERVICE }, 'serviceId'],
  ])('giver rules: %j is refused at %s', (fields, field) => {
    const input = { addSupport: { what: 'Help', when: 'Daily', ...fields } };
    expect(refusedArgument(() => propose([input]))).toBe(`changes[0].addSupport.${field}`);
  });

  test('an edit that gives a link the new giver does not take', () => {
    const input = { editSupport: { supportId: 's1', giver: SupportGiver.INFORMAL_CARER, carerName: 'Ann', bookingId: BOOKING } };
    expect(refusedArgument(() => propose([input]))).toBe('changes[0].editSupport.bookingId');
  });

  test('two changes touching one item or one heading', () => {
    const twice = [{ editGoal: { goalId: 'g1', area: GoalArea.LEISURE } }, { removeGoal: { goalId: 'g1' } }];
    expect(refusedArgument(() => propose(twice))).toBe('changes[1]');
    const heading = AboutMeHeading.BAD_DAY;
    expect(refusedArgument(() => propose([{ setAboutMe: { heading, text: 'a' } }, { setAboutMe: { heading, text: 'b' } }]))).toBe(
      'changes[1]',
    );
    const good = AboutMeHeading.GOOD_DAY;
    expect(refusedArgument(() => propose([{ setAboutMe: { heading: good, text: 'a' } }, { removeAboutMe: { heading: good } }]))).toBe(
      'changes[1]',
    );
  });

  test('an edit that changes nothing', () => {
    expect(refusedArgument(() => propose([{ editGoal: { goalId: 'g1' } }]))).toBe('changes[0].editGoal');
    expect(refusedArgument(() => propose([{ editGoal: { goalId: 'g2', description: ' Go to choir ' } }]))).toBe('changes[0].editGoal');
    const same = { setAboutMe: { heading: AboutMeHeading.GOOD_DAY, text: 'Tea in the garden' } };
    expect(refusedArgument(() => propose([same]))).toBe('changes[0].setAboutMe');
  });

  test('a version that would hold more goals than 20', () => {
    const full = Array.from({ length: 20 }, (_, i) => goal(`g${i}`));
    expect(refusedArgument(() => propose([addGoal()], full))).toBe('changes');
    expect(propose([{ removeGoal: { goalId: 'g0' } }, addGoal()], full)).toHaveLength(2);
  });
});

describe('toChanges gives the changes as stored', () => {
  test('adds get new ids; edits carry the whole content after the change and the base revision', () => {
    const changes = propose([
      addGoal(),
      { editGoal: { goalId: 'g1', area: GoalArea.PRODUCTIVITY } },
      { editRisk: { riskId: 'r1', safeguards: null } },
      { removeSupport: { supportId: 's1' } },
    ]);
    expect(changes).toEqual([
      expect.objectContaining({ action: 'ADD', kind: GOAL, baseRevisionId: null, itemId: expect.stringMatching(/^0{8}-/) }),
      {
        action: 'EDIT',
        kind: GOAL,
        itemId: 'g1',
        baseRevisionId: 'rev-g1',
        content: { description: 'Walk to the shop on my own', area: GoalArea.PRODUCTIVITY },
      },
      {
        action: 'EDIT',
        kind: RISK,
        itemId: 'r1',
        baseRevisionId: 'rev-r1',
        content: { description: 'I may fall', personsChoice: 'I walk anyway', safeguards: null },
      },
      { action: 'REMOVE', kind: SUPPORT, itemId: 's1', baseRevisionId: 'rev-s1' },
    ]);
  });

  test('an added goal keeps its baseline; a support may meet it by its change index', () => {
    const baseline = { importance: 9, performance: 3, satisfaction: 2 };
    const [added, supportChange] = propose([
      { addGoal: { description: 'Garden', area: GoalArea.LEISURE, baseline } },
      {
        addSupport: {
          what: 'Digging',
          giver: SupportGiver.INFORMAL_CARER,
          carerName: 'David',
          when: 'Sundays',
          goalChanges: [0],
          goalIds: ['g2'],
        },
      },
    ]);
    expect(added).toMatchObject({ baseline });
    expect(supportChange).toMatchObject({ content: { goalIds: ['g2', added?.itemId], serviceId: null, bookingId: null } });
  });

  test('"About me": a new heading is added, a heading the base has is edited from its revision, a removal names its heading', () => {
    const changes = propose([
      { setAboutMe: { heading: AboutMeHeading.BAD_DAY, text: ' Loud rooms ' } },
      { setAboutMe: { heading: AboutMeHeading.GOOD_DAY, text: 'Sunshine' } },
    ]);
    expect(changes).toEqual([
      expect.objectContaining({ action: 'ADD', baseRevisionId: null, content: { heading: AboutMeHeading.BAD_DAY, text: 'Loud rooms' } }),
      expect.objectContaining({ action: 'EDIT', itemId: 'a1', baseRevisionId: 'rev-a1' }),
    ]);
    expect(propose([{ removeAboutMe: { heading: AboutMeHeading.GOOD_DAY } }])).toEqual([
      { action: 'REMOVE', kind: ABOUT_ME, itemId: 'a1', baseRevisionId: 'rev-a1', heading: AboutMeHeading.GOOD_DAY },
    ]);
  });

  test('a new giver drops the old giver’s links; a new booking drops the old booking’s service and budget', () => {
    const [toCarer] = propose([{ editSupport: { supportId: 's1', giver: SupportGiver.INFORMAL_CARER, carerName: 'David' } }]);
    expect(toCarer).toMatchObject({
      content: { giver: 'INFORMAL_CARER', carerName: 'David', bookingId: null, serviceId: null, budgetId: BUDGET },
    });
    const [rebooked] = propose([{ editSupport: { supportId: 's1', bookingId: OTHER_BOOKING } }]);
    expect(rebooked).toMatchObject({ content: { bookingId: OTHER_BOOKING, serviceId: null, budgetId: null, goalIds: ['g1'] } });
    const [retimed] = propose([{ editSupport: { supportId: 's1', when: 'Every evening' } }]);
    expect(retimed).toMatchObject({ content: { bookingId: BOOKING, serviceId: SERVICE, budgetId: BUDGET, when: 'Every evening' } });
  });

  test('an edited support stops naming a goal the same proposal removes', () => {
    const [, edit] = propose([{ removeGoal: { goalId: 'g1' } }, { editSupport: { supportId: 's1', goalChanges: [2] } }, addGoal()]);
    expect(edit).toMatchObject({ content: { goalIds: [expect.stringMatching(/^0{8}-/)] } });
  });
});

/** The plan after one accepted proposal against BASE. */
function accepted(inputs: CarePlanChangeInput[], revision = ids('after-')): PlanItem[] {
  return commit(BASE, applyChanges(BASE, propose(inputs)), revision);
}

describe('findClashes', () => {
  test('an edit after an edit, an edit after a removal, a removal after an edit', () => {
    const current = accepted([{ editGoal: { goalId: 'g1', area: GoalArea.LEISURE } }, { removeRisk: { riskId: 'r1' } }]);
    const stale = propose([
      { editGoal: { goalId: 'g1', description: 'Walk to the park' } },
      { editRisk: { riskId: 'r1', safeguards: 'A phone' } },
    ]);
    expect(findClashes(current, stale)).toEqual([
      { item: GOAL, itemId: 'g1', heading: null, why: expect.stringContaining('changed') },
      { item: RISK, itemId: 'r1', heading: null, why: expect.stringContaining('removed') },
    ]);
    expect(findClashes(current, propose([{ removeGoal: { goalId: 'g1' } }]))).toEqual([expect.objectContaining({ itemId: 'g1' })]);
  });

  test('an "About me" section written under the heading since the base, or edited since', () => {
    const current = accepted([
      { setAboutMe: { heading: AboutMeHeading.BAD_DAY, text: 'Noise' } },
      { setAboutMe: { heading: AboutMeHeading.GOOD_DAY, text: 'Sun' } },
    ]);
    const stale = propose([
      { setAboutMe: { heading: AboutMeHeading.BAD_DAY, text: 'Crowds' } },
      { removeAboutMe: { heading: AboutMeHeading.GOOD_DAY } },
    ]);
    expect(findClashes(current, stale)).toEqual([
      { item: ABOUT_ME, itemId: null, heading: AboutMeHeading.BAD_DAY, why: expect.stringContaining('written') },
      { item: ABOUT_ME, itemId: null, heading: AboutMeHeading.GOOD_DAY, why: expect.stringContaining('changed') },
    ]);
  });

  test('an added support, or an edited one, meeting a goal removed since the base', () => {
    const current = accepted([{ removeGoal: { goalId: 'g2' } }]);
    const stale = propose([
      { addSupport: { what: 'Lifts to choir', giver: SupportGiver.VOLUNTEER, carerName: 'Ann', when: 'Thursdays', goalIds: ['g2'] } },
    ]);
    expect(findClashes(current, stale)).toEqual([expect.objectContaining({ item: SUPPORT, why: expect.stringContaining('goal') })]);
    const edited = propose([{ editSupport: { supportId: 's1', goalIds: ['g1', 'g2'] } }]);
    expect(findClashes(current, edited)).toEqual([expect.objectContaining({ item: SUPPORT, itemId: 's1' })]);
  });

  test('no clash: independent edits, adds, and an edit of an item unchanged since an old base', () => {
    let current = accepted([{ editGoal: { goalId: 'g1', area: GoalArea.LEISURE } }]);
    current = commit(current, applyChanges(current, toChanges(current, [{ removeRisk: { riskId: 'r1' } }], newId())), ids('v3-'));
    const fromVersion1 = propose([
      { editGoal: { goalId: 'g2', area: GoalArea.PRODUCTIVITY } },
      { editSupport: { supportId: 's1', when: 'Noon' } },
      addGoal(),
      { addRisk: { description: 'Stairs', personsChoice: 'I use them' } },
      { setAboutMe: { heading: AboutMeHeading.BAD_DAY, text: 'Rain' } },
      { addSupport: { what: 'Lifts', giver: SupportGiver.VOLUNTEER, carerName: 'Ann', when: 'Mondays', goalIds: ['g1'] } },
    ]);
    expect(findClashes(current, fromVersion1)).toEqual([]);
  });
});

describe('applyChanges', () => {
  test('ends exactly the revisions that change or go, and adds exactly the new ones', () => {
    const changes = propose([{ editGoal: { goalId: 'g2', area: GoalArea.LEISURE } }, { removeRisk: { riskId: 'r1' } }, addGoal()]);
    const next = applyChanges(BASE, changes);
    expect(next.ended.sort()).toEqual(['rev-g2', 'rev-r1']);
    expect(next.added).toEqual([
      { itemId: 'g2', kind: GOAL, content: { description: 'Go to choir', area: GoalArea.LEISURE } },
      { itemId: changes[2]?.itemId, kind: GOAL, content: { description: 'Cook a meal', area: GoalArea.LEISURE } },
    ]);
    const after = commit(BASE, next, ids('after-'));
    expect(() => applyChanges(after, [changes[2] as CarePlanChange])).toThrow('already in the plan');
  });

  test('removing a goal gives the supports that met it new revisions without it', () => {
    const base = [...BASE, support('s2', ['g1', 'g2']), support('s3', ['g2'])];
    const next = applyChanges(base, toChanges(base, [{ removeGoal: { goalId: 'g1' } }], newId()));
    expect(next.ended.sort()).toEqual(['rev-g1', 'rev-s1', 'rev-s2']);
    expect(next.added.map((a) => [a.itemId, a.kind === SUPPORT && a.content.goalIds])).toEqual([
      ['s1', []],
      ['s2', ['g2']],
    ]);
  });

  test('a goal removed since the base also leaves a support the stale proposal edits', () => {
    const current = accepted([{ removeGoal: { goalId: 'g2' } }]);
    const base = [...BASE];
    const stale = toChanges(base, [{ editRisk: { riskId: 'r1', safeguards: 'A phone' } }], newId());
    expect(applyChanges(current, stale).ended).toEqual(['rev-r1']);
  });

  test('refuses changes that clash, listing them, and a result over the size limits', () => {
    const current = accepted([{ removeGoal: { goalId: 'g1' } }]);
    const stale = propose([{ editGoal: { goalId: 'g1', area: GoalArea.LEISURE } }]);
    expect(() => applyChanges(current, stale)).toThrow(CarePlanConflict);
    try {
      applyChanges(current, stale);
    } catch (error) {
      expect((error as CarePlanConflict).conflicts).toEqual([expect.objectContaining({ item: GOAL, itemId: 'g1' })]);
    }
    let full = BASE;
    const [revision, goalId] = [ids('fill-'), newId()];
    for (let i = 0; i < 18; i++) full = commit(full, applyChanges(full, toChanges(full, [addGoal()], goalId)), revision);
    expect(full.filter((i) => i.kind === GOAL)).toHaveLength(20);
    const oneMore = toChanges(BASE, [addGoal()], ids('10000000-0000-4000-8000-'));
    expect(refusedArgument(() => applyChanges(full, oneMore))).toBe('changes');
  });

  test('20 proposals against one base, accepted one after another, all apply and every version keeps the others', () => {
    const base: PlanItem[] = [];
    const proposals = Array.from({ length: 20 }, (_, i) =>
      toChanges(base, [addGoal(`Goal ${i}`)], ids(`0000000${i.toString(16)}-0000-4000-8000-`)),
    );
    const revision = ids('accept-');
    let current = base;
    for (const [i, changes] of proposals.entries()) {
      expect(findClashes(current, changes)).toEqual([]);
      const next = applyChanges(current, changes);
      expect(next.ended).toEqual([]);
      current = commit(current, next, revision);
      expect(current).toHaveLength(i + 1);
    }
    expect(current.map((g) => g.kind === GOAL && g.content.description).sort()).toEqual(
      Array.from({ length: 20 }, (_, i) => `Goal ${i}`).sort(),
    );
  });

  test('20 proposals editing different items of one base apply one after another; a 21st touching an edited one clashes', () => {
    const base = Array.from({ length: 20 }, (_, i) => risk(`r${i}`));
    const proposals = base.map((r) => toChanges(base, [{ editRisk: { riskId: r.itemId, safeguards: 'Checked weekly' } }], newId()));
    const revision = ids('edit-');
    let current = base;
    for (const changes of proposals) current = commit(current, applyChanges(current, changes), revision);
    expect(current.every((r) => r.kind === RISK && r.content.safeguards === 'Checked weekly' && r.revisionId.startsWith('edit-'))).toBe(
      true,
    );
    expect(findClashes(current, toChanges(base, [{ removeRisk: { riskId: 'r7' } }], newId()))).toHaveLength(1);
  });
});

describe('describeChange', () => {
  test('shows each change with the content after it, for GraphQL', () => {
    const [added, edit, removal, section] = propose([
      { addGoal: { description: 'Garden', area: GoalArea.LEISURE, baseline: { importance: 8, performance: 2, satisfaction: 3 } } },
      { editRisk: { riskId: 'r1', safeguards: 'A phone' } },
      { removeSupport: { supportId: 's1' } },
      { setAboutMe: { heading: AboutMeHeading.GOOD_DAY, text: 'Sun' } },
    ]).map(describeChange);
    expect(added).toMatchObject({ action: 'ADD', item: GOAL, goal: { description: 'Garden' }, baseline: { importance: 8 }, text: null });
    expect(edit).toMatchObject({ action: 'EDIT', item: RISK, itemId: 'r1', risk: { safeguards: 'A phone' }, goal: null });
    expect(removal).toEqual({
      action: 'REMOVE',
      item: SUPPORT,
      itemId: 's1',
      heading: null,
      goal: null,
      support: null,
      risk: null,
      text: null,
      baseline: null,
    });
    expect(section).toMatchObject({ action: 'EDIT', item: ABOUT_ME, itemId: null, heading: AboutMeHeading.GOOD_DAY, text: 'Sun' });
  });
});
