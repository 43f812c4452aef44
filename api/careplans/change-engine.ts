import { isDeepStrictEqual } from 'node:util';
import { CARE_PLAN_SIZE_LIMITS, type CarePlanChange, type ItemContent, type PlanItem, type SupportContent } from './care-plan-content.js';
import { aboutMeContent, checkPlanSize, checkRating, goalContent, riskContent, supportContent } from './care-plan-rules.js';
import { type AboutMeHeading, CarePlanChangeAction, CarePlanItemKind, SupportGiver } from './careplans.enums.js';
import { type CarePlanClash, CarePlanConflict, carePlanInvalidInput } from './careplans.exception.js';
import type { CarePlanChangeInput, EditSupportInput, ProposedChange } from './proposal.types.js';

/**
 * The pure heart of co-design: a proposal's inputs become stored changes against its base version
 * (toChanges), are checked against the current version when accepted (findClashes), and make the next
 * version (applyChanges). No database and no caller here: the services load, lock, authorize and write.
 * Messages never echo what was typed: they end up in logs and error reports.
 */

type Kind = CarePlanItemKind;
const { ABOUT_ME, GOAL, SUPPORT, RISK } = CarePlanItemKind;

// ---- Proposing ----

const FIELDS = [
  'addGoal',
  'editGoal',
  'removeGoal',
  'addSupport',
  'editSupport',
  'removeSupport',
  'addRisk',
  'editRisk',
  'removeRisk',
  'setAboutMe',
  'removeAboutMe',
] as const;
type ChangeField = (typeof FIELDS)[number];

/** A proposal makes 1 to 50 changes: checked before anything else reads them (proposeCarePlanChange checks it first of all). */
export function checkChangeCount(inputs: readonly unknown[]): void {
  if (inputs.length === 0 || inputs.length > CARE_PLAN_SIZE_LIMITS.changesPerProposal) {
    throw carePlanInvalidInput(`A proposal makes 1 to ${CARE_PLAN_SIZE_LIMITS.changesPerProposal} changes.`, 'changes');
  }
}

/**
 * Validates a proposal's changes against its base version and gives them as stored: edits carry the
 * whole content after the change and the base revision; added items get ids from `newId`. Throws
 * BAD_USER_INPUT naming the field of ProposeCarePlanChangeInput at fault (`changes[3].editGoal.goalId`); bad input makes nothing.
 */
export function toChanges(base: readonly PlanItem[], inputs: readonly CarePlanChangeInput[], newId: () => string): CarePlanChange[] {
  const argument = 'changes';
  checkChangeCount(inputs);
  const fields = inputs.map((input, i) => {
    const set = FIELDS.filter((f) => input[f] != null);
    if (set.length !== 1) throw carePlanInvalidInput('Each change sets exactly one of its fields.', `${argument}[${i}]`);
    return set[0] as ChangeField;
  });
  const byId = new Map(base.filter((i) => i.kind !== ABOUT_ME).map((i) => [i.itemId, i]));
  const aboutMe = new Map(base.flatMap((i) => (i.kind === ABOUT_ME ? [[i.content.heading, i] as const] : [])));
  // Added goals first, so a support may name one the proposal adds after it.
  const addedGoals = new Map(fields.flatMap((f, i) => (f === 'addGoal' ? [[i, newId()] as const] : [])));
  const removedGoals = new Set(inputs.flatMap((input) => (input.removeGoal ? [input.removeGoal.goalId] : [])));

  const baseItem = <K extends Kind>(kind: K, id: string, at: string) => {
    const item = byId.get(id);
    if (item?.kind !== kind) throw carePlanInvalidInput(`The base version has no such ${kind.toLowerCase()}.`, at);
    return item as Extract<PlanItem, { kind: K }>;
  };
  const goalsOf = (ids: readonly string[] | null | undefined, indexes: readonly number[] | null | undefined, at: string) => [
    ...(ids ?? []).map((id, j) => {
      if (removedGoals.has(id)) throw carePlanInvalidInput('This proposal removes that goal.', `${at}.goalIds[${j}]`);
      return baseItem(GOAL, id, `${at}.goalIds[${j}]`).itemId;
    }),
    ...(indexes ?? []).map((index, j) => {
      const id = addedGoals.get(index);
      if (id === undefined) throw carePlanInvalidInput('That change does not add a goal.', `${at}.goalChanges[${j}]`);
      return id;
    }),
  ];

  const touched = new Set<string>();
  const changes = inputs.map((input, i): CarePlanChange => {
    const field = fields[i] as ChangeField;
    const at = `${argument}[${i}].${field}`;
    const change = toChange(input, field, at, i);
    // An "About me" section is one per heading: two sections written under one heading collide too.
    const key = change.kind === ABOUT_ME ? `heading:${headingOf(change)}` : change.itemId;
    if (touched.has(key)) throw carePlanInvalidInput('Another change of this proposal touches the same item.', `${argument}[${i}]`);
    touched.add(key);
    return change;
  });
  applyChanges(base, changes, argument);
  return changes;

  function toChange(input: CarePlanChangeInput, field: ChangeField, at: string, i: number): CarePlanChange {
    const edited = (item: PlanItem, content: ItemContent['content']) => {
      // Not JSON text: content read back from jsonb has its keys in another order.
      if (isDeepStrictEqual(content, item.content)) throw carePlanInvalidInput('This change changes nothing.', at);
      return { action: 'EDIT', kind: item.kind, content, itemId: item.itemId, baseRevisionId: item.revisionId } as CarePlanChange;
    };
    const removed = (item: PlanItem): CarePlanChange => ({
      action: 'REMOVE',
      kind: item.kind,
      itemId: item.itemId,
      baseRevisionId: item.revisionId,
      ...(item.kind === ABOUT_ME ? { heading: item.content.heading } : {}),
    });
    switch (field) {
      case 'addGoal': {
        const add = input.addGoal!;
        const baseline = add.baseline ? checkRating(add.baseline, `${at}.baseline`) : undefined;
        const itemId = addedGoals.get(i) as string;
        return { action: 'ADD', kind: GOAL, content: goalContent(add, at), itemId, baseRevisionId: null, ...(baseline && { baseline }) };
      }
      case 'editGoal': {
        const edit = input.editGoal!;
        const goal = baseItem(GOAL, edit.goalId, `${at}.goalId`);
        const description = edit.description ?? goal.content.description;
        return edited(goal, goalContent({ description, area: edit.area ?? goal.content.area }, at));
      }
      case 'addSupport': {
        const add = input.addSupport!;
        const content = supportContent(add, goalsOf(add.goalIds, add.goalChanges, at), at);
        return { action: 'ADD', kind: SUPPORT, content, itemId: newId(), baseRevisionId: null };
      }
      case 'editSupport': {
        const edit = input.editSupport!;
        const support = baseItem(SUPPORT, edit.supportId, `${at}.supportId`);
        return edited(support, editedSupport(support.content, edit, at));
      }
      case 'addRisk':
        return { action: 'ADD', kind: RISK, content: riskContent(input.addRisk!, at), itemId: newId(), baseRevisionId: null };
      case 'editRisk': {
        const edit = input.editRisk!;
        const risk = baseItem(RISK, edit.riskId, `${at}.riskId`);
        const { description, personsChoice, safeguards } = risk.content;
        return edited(
          risk,
          riskContent(
            {
              description: edit.description ?? description,
              personsChoice: edit.personsChoice ?? personsChoice,
              safeguards: edit.safeguards === undefined ? safeguards : edit.safeguards,
            },
            at,
          ),
        );
      }
      case 'setAboutMe': {
        const section = aboutMe.get(input.setAboutMe!.heading);
        const content = aboutMeContent(input.setAboutMe!, at);
        if (section) return edited(section, content);
        return { action: 'ADD', kind: ABOUT_ME, content, itemId: newId(), baseRevisionId: null };
      }
      case 'removeAboutMe': {
        const section = aboutMe.get(input.removeAboutMe!.heading);
        if (!section) throw carePlanInvalidInput('The base version has no section under that heading.', `${at}.heading`);
        return removed(section);
      }
      case 'removeGoal':
        return removed(baseItem(GOAL, input.removeGoal!.goalId, `${at}.goalId`));
      case 'removeSupport':
        return removed(baseItem(SUPPORT, input.removeSupport!.supportId, `${at}.supportId`));
      case 'removeRisk':
        return removed(baseItem(RISK, input.removeRisk!.riskId, `${at}.riskId`));
    }
  }

  /**
   * The base support with the edited fields. Unfit links carried from the base are dropped (supportContent);
   * a support booked on another booking than before loses the old booking's service and budget.
   */
  function editedSupport(before: SupportContent, edit: EditSupportInput, at: string): SupportContent {
    const given = new Set(Object.keys(edit).filter((k) => edit[k as keyof EditSupportInput] !== undefined));
    const pick = <F extends 'serviceId' | 'bookingId' | 'carerName' | 'budgetId' | 'timeBankProviderId'>(
      field: F,
      carried: SupportContent[F],
    ) => (given.has(field) ? (edit[field] ?? null) : carried);
    const giver = edit.giver ?? before.giver;
    const bookingId = pick('bookingId', before.bookingId);
    const rebooked = giver === SupportGiver.BOOKING && (before.giver !== giver || bookingId !== before.bookingId);
    const goalIds =
      edit.goalIds == null && edit.goalChanges == null
        ? before.goalIds.filter((g) => !removedGoals.has(g))
        : goalsOf(edit.goalIds ?? before.goalIds.filter((g) => !removedGoals.has(g)), edit.goalChanges, at);
    const fields = {
      what: edit.what ?? before.what,
      giver,
      serviceId: pick('serviceId', rebooked ? null : before.serviceId),
      bookingId,
      carerName: pick('carerName', before.carerName),
      timeBankProviderId: pick('timeBankProviderId', before.timeBankProviderId ?? null),
      when: edit.when ?? before.when,
      budgetId: pick('budgetId', rebooked ? null : before.budgetId),
    };
    return supportContent(fields, goalIds, at, given);
  }
}

function headingOf(change: CarePlanChange): AboutMeHeading | null {
  if (change.action === 'REMOVE') return change.heading ?? null;
  return change.kind === ABOUT_ME ? change.content.heading : null;
}

// ---- Accepting ----

const WHY = {
  changed: 'It was changed after the proposal’s base version.',
  removed: 'It was removed after the proposal’s base version.',
  added: 'A section under this heading was written after the proposal’s base version.',
  goalGone: 'It meets a goal that was removed after the proposal’s base version.',
} as const;

/**
 * What the changes touch that changed since their base: a goal, support or risk whose revision now is not the
 * base's (edited or removed since), an "About me" heading whose section is not the base's (edited, removed, or
 * written since), an added or edited support meeting a goal gone since. Empty when the changes apply cleanly.
 */
export function findClashes(current: readonly PlanItem[], changes: readonly CarePlanChange[]): CarePlanClash[] {
  const byId = new Map(current.filter((i) => i.kind !== ABOUT_ME).map((i) => [i.itemId, i]));
  const aboutMe = new Map(current.flatMap((i) => (i.kind === ABOUT_ME ? [[i.content.heading, i] as const] : [])));
  const addedGoals = new Set(changes.flatMap((c) => (c.action === 'ADD' && c.kind === GOAL ? [c.itemId] : [])));
  const clashes: CarePlanClash[] = [];
  for (const change of changes) {
    const heading = headingOf(change);
    const clash = (why: string) =>
      clashes.push({ item: change.kind, itemId: change.kind === ABOUT_ME ? null : change.itemId, heading, why });
    const now = change.kind === ABOUT_ME ? aboutMe.get(heading as AboutMeHeading) : byId.get(change.itemId);
    if (change.kind === ABOUT_ME || change.action !== 'ADD') {
      if (now?.revisionId !== (change.baseRevisionId ?? undefined)) {
        clash(now === undefined ? WHY.removed : change.baseRevisionId === null ? WHY.added : WHY.changed);
        continue;
      }
    }
    if (change.action !== 'REMOVE' && change.kind === SUPPORT) {
      if (change.content.goalIds.some((g) => !addedGoals.has(g) && byId.get(g)?.kind !== GOAL)) clash(WHY.goalGone);
    }
  }
  return clashes;
}

/** What the store writes for the next version: the revisions that end, and the revisions that start. */
export interface NextVersion {
  ended: string[];
  added: (ItemContent & { itemId: string })[];
}

/**
 * The next version's writes. Throws CarePlanConflict listing the clashes when the changes touch what changed
 * since their base (nothing is written then). Removing a goal drops it from the supports that met it, which
 * get new revisions. Throws BAD_USER_INPUT naming `argument` when the result would hold more items than
 * CARE_PLAN_SIZE_LIMITS.
 */
export function applyChanges(current: readonly PlanItem[], changes: readonly CarePlanChange[], argument = 'changes'): NextVersion {
  const clashes = findClashes(current, changes);
  if (clashes.length > 0) throw new CarePlanConflict('This proposal changes what was changed after its base version.', clashes);
  const now = new Map(current.map((i) => [i.itemId, i]));
  const next = new Map<string, ItemContent>(current.map((i) => [i.itemId, i]));
  const touched = new Set<string>();
  for (const change of changes) {
    // Ids come from the caller's generator (UUIDs): a repeat would silently overwrite an item.
    if (change.action === 'ADD' && now.has(change.itemId)) throw new Error('An added item’s id is already in the plan.');
    touched.add(change.itemId);
    if (change.action === 'REMOVE') next.delete(change.itemId);
    else next.set(change.itemId, { kind: change.kind, content: change.content } as ItemContent);
  }
  for (const [itemId, item] of next) {
    if (item.kind !== SUPPORT) continue;
    const goalIds = item.content.goalIds.filter((g) => next.get(g)?.kind === GOAL);
    if (goalIds.length === item.content.goalIds.length) continue;
    next.set(itemId, { kind: SUPPORT, content: { ...item.content, goalIds } });
    touched.add(itemId);
  }
  checkPlanSize([...next.values()], argument);
  return {
    ended: [...touched].flatMap((itemId) => now.get(itemId)?.revisionId ?? []),
    added: [...touched].flatMap((itemId) => {
      const item = next.get(itemId);
      return item ? [{ itemId, kind: item.kind, content: item.content } as ItemContent & { itemId: string }] : [];
    }),
  };
}

// ---- Reading ----

/** A stored change as GraphQL's CarePlanChange. */
export function describeChange(change: CarePlanChange): ProposedChange {
  const view: ProposedChange = {
    action: CarePlanChangeAction[change.action],
    item: change.kind,
    itemId: change.kind === ABOUT_ME ? null : change.itemId,
    heading: headingOf(change),
    goal: null,
    support: null,
    risk: null,
    text: null,
    baseline: null,
  };
  if (change.action === 'REMOVE') return view;
  if (change.kind === GOAL) return { ...view, goal: change.content, baseline: change.baseline ?? null };
  if (change.kind === SUPPORT) return { ...view, support: change.content };
  if (change.kind === RISK) return { ...view, risk: change.content };
  return { ...view, text: change.content.text };
}
