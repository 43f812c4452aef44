import { beforeAll, beforeEach, describe, expect, test } from 'vitest';
import { useTestApp } from './support/app.js';
import { createPlanFor, joinCircle } from './support/care-plans.js';
import { AGREE, ok, PROPOSE } from './support/co-design.js';
import { bearer, code } from './support/graphql.js';
import { linksIn, useMailServer } from './support/mail.js';
import { addressees, choose, delivered, mailTo, outboxCount } from './support/messages.js';
import { useWorld } from './support/world.js';

/**
 * Issue 12: a proposed change waits for the person's decision, and an agreed plan, each told by real
 * email to those who decide and sign, with a link to the plan and never a word of it.
 */
const mail = await useMailServer();
const t = useTestApp({ seeded: 'world', smtpUrl: mail.url });
const w = useWorld(t);

const PLAN_WORDS = 'Insulin twice a day; I may go hypo on the stairs';
const aRisk = [{ addRisk: { description: PLAN_WORDS, personsChoice: 'I will take the stairs', safeguards: null } }];

let planId: string;
beforeAll(async () => {
  ({ planId } = await createPlanFor(t, w));
  await joinCircle(t, w, planId, 'coordinator', 'SUGGEST', { asLeadCoordinator: true });
});
beforeEach(async () => {
  await delivered(t, mail);
});

const planLink = () => `${t.url}/account#/care-plans/${planId}`;

describe('care-plan messages', () => {
  test('the signature that completes an agreement tells the person, their EDIT_PLAN representative and the lead', async () => {
    await ok(t, AGREE, { id: planId, v: 1 }, w.headers('person'));
    expect(await delivered(t, mail)).toEqual([]);
    expect((await ok(t, AGREE, { id: planId, v: 1 }, w.headers('coordinator'))).agreeCarePlan.status).toBe('AGREED');

    const mails = await delivered(t, mail);
    // Not the friend who may only read the plan.
    expect(addressees(mails)).toEqual([w.emails.person, w.emails.representativeAll, w.emails.coordinator].sort());
    const toPerson = mailTo(mails, w.emails.person);
    expect(toPerson.subject).toBe('Your care plan is agreed');
    expect(toPerson.text).toContain('Version 1 of your care plan is signed for you and for the co-op by its lead coordinator.');
    expect(linksIn(toPerson.text)[0]).toBe(planLink());
    expect(mailTo(mails, w.emails.coordinator).subject).toBe('Person’s care plan is agreed');

    // Signing again agrees nothing new.
    await ok(t, AGREE, { id: planId, v: 1 }, w.headers('coordinator'));
    expect(await delivered(t, mail)).toEqual([]);
  });

  test('a proposal tells those who decide on it, not whoever proposed it, without a word of the change', async () => {
    await ok(t, PROPOSE, { i: { planId, baseVersion: 1, changes: aRisk, comment: PLAN_WORDS } }, w.headers('coordinator'));

    const mails = await delivered(t, mail);
    expect(addressees(mails)).toEqual([w.emails.person, w.emails.representativeAll].sort());
    const toPerson = mailTo(mails, w.emails.person);
    expect(toPerson.subject).toBe('A change to your care plan waits for your decision');
    expect(toPerson.text).toContain('coordinator proposed a change to your care plan.');
    const toRepresentative = mailTo(mails, w.emails.representativeAll);
    expect(toRepresentative.subject).toBe('A change to person’s care plan waits for a decision');
    expect(toRepresentative.text).toContain('accept or reject it for person');
    for (const m of mails) {
      expect(linksIn(m.text)[0]).toBe(planLink());
      expect(m.text).not.toMatch(/Insulin|hypo|stairs/);
    }

    // The representative's own proposal goes to the person alone.
    await ok(t, PROPOSE, { i: { planId, baseVersion: 1, changes: aRisk } }, w.headers('representativeAll'));
    expect(addressees(await delivered(t, mail))).toEqual([w.emails.person]);
  });

  test('a person who chose no email of proposals gets none; a refused proposal writes nothing', async () => {
    await choose(t, w.headers('person'), 'CARE_PLAN_PROPOSAL', 'NONE');
    await ok(t, PROPOSE, { i: { planId, baseVersion: 1, changes: aRisk } }, w.headers('coordinator'));
    expect(addressees(await delivered(t, mail))).toEqual([w.emails.representativeAll]);

    const before = await outboxCount(t);
    // The friend may read the plan, not propose changes to it.
    const friend = bearer(await w.login(w.emails.friend));
    expect(code(await t.gql(PROPOSE, { i: { planId, baseVersion: 1, changes: aRisk } }, friend))).toBe('FORBIDDEN');
    expect(await outboxCount(t)).toBe(before);
  });
});
