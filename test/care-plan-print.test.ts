import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { beforeAll, describe, expect, test } from 'vitest';
import { PRINT_PAGE_STYLE_SOURCE } from '../api/careplans/print-page.js';
import { useTestApp } from './support/app.js';
import { horizontalOverflow, openPage, useBrowser } from './support/browser.js';
import { expectStyledAndAccessible, HOSTILE } from './support/care-plan-documents.js';
import { createPlanFor } from './support/care-plans.js';
import { auditCount, bearer } from './support/graphql.js';
import { type RoleName, useWorld } from './support/world.js';

/**
 * `GET /care-plans/{id}/print`: the printed plan as the server sends it, for the plan's readers only, under a
 * content security policy that lets its one stylesheet apply and nothing else load or run, never cached,
 * each read by anyone but the person in the audit trail. Opened in Chromium as a person would open it.
 */
const t = useTestApp({ seeded: 'world' });
const w = useWorld(t);
const b = useBrowser();

const printUrl = (id: string, query = '') => `${t.url}/care-plans/${id}/print${query}`;
const print = (id: string, headers: Record<string, string> = {}, query = '') => fetch(printUrl(id, query), { headers });
const CSP = `default-src 'none';style-src ${PRINT_PAGE_STYLE_SOURCE};frame-ancestors 'none';base-uri 'none';form-action 'none'`;

let planId = '';

beforeAll(async () => {
  // Hostile text wherever the person writes: About me, a goal, a family carer's name, a risk.
  ({ planId } = await createPlanFor(t, w, {
    input: {
      aboutMe: [{ heading: 'WHAT_MATTERS_TO_ME', text: `My garden ${HOSTILE}` }],
      goals: [{ description: `Walk ${HOSTILE}`, area: 'SELF_CARE', baseline: { importance: 9, performance: 3, satisfaction: 4 } }],
      supports: [{ what: `Walks ${HOSTILE}`, giver: 'INFORMAL_CARER', carerName: `Dee ${HOSTILE}`, when: 'Saturdays', goalIndexes: [0] }],
      risks: [{ description: `I may fall ${HOSTILE}`, personsChoice: 'I will still go' }],
    },
  }));
});

describe('the printed plan from the server', () => {
  test('is an HTML page, never cached, under a policy allowing its one stylesheet and nothing else', async () => {
    const res = await print(planId, w.headers('person'));
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('text/html; charset=utf-8');
    expect(res.headers.get('cache-control')).toBe('no-store');
    expect(res.headers.get('content-security-policy')).toBe(CSP);
    expect(res.headers.get('x-frame-options')).toBe('DENY');
    expect(res.headers.get('referrer-policy')).toBe('no-referrer');
    const html = await res.text();
    expect(html).toMatch(/<title>person(&#39;|&#x27;|')s care and support plan<\/title>/);
    expect(html).not.toMatch(/<script|<img/i);
  });

  test('in Chromium: styled, no axe violations, no console errors, hostile text shown as text, no sideways scroll at 320 px', async () => {
    for (const width of [1024, 320]) {
      const { context, page, consoleErrors } = await openPage(b.browser, { width });
      const dialogs: string[] = [];
      page.on('dialog', (dialog) => {
        dialogs.push(dialog.message());
        void dialog.dismiss();
      });
      await context.setExtraHTTPHeaders(w.headers('person'));
      const res = await page.goto(printUrl(planId));
      expect(res?.status()).toBe(200);
      await expectStyledAndAccessible(page);
      const { scrollWidth, viewportWidth } = await horizontalOverflow(page);
      expect(scrollWidth).toBeLessThanOrEqual(viewportWidth);
      expect(await page.locator('script, img').count()).toBe(0);
      // biome-ignore lint/performance/useDomNodeTextContent: the rendered text is what is being tested
      const text = await page.locator('body').innerText();
      // About me, the goal, and the goal again under the support it meets, the support, its carer, the risk.
      expect(text.split(HOSTILE).length - 1).toBe(6);
      expect(await page.title()).toBe("person's care and support plan");
      expect(dialogs).toEqual([]);
      expect(consoleErrors).toEqual([]);
      await context.close();
    }
  });

  test('a page of coopcare’s own fetches it with the token and saves it: the saved file opens styled, whole and axe-clean', async () => {
    const { context, page } = await openPage(b.browser);
    await page.goto(`${t.url}/`);
    // What a "print my plan" button does: fetch with the bearer token, save the answer as a file to open and print.
    const [download] = await Promise.all([
      page.waitForEvent('download'),
      page.evaluate(
        async ({ url, authorization }) => {
          const res = await fetch(url, { headers: { authorization } });
          const link = Object.assign(document.createElement('a'), {
            href: URL.createObjectURL(await res.blob()),
            download: 'care-plan.html',
          });
          link.click();
        },
        { url: printUrl(planId), authorization: w.headers('person').authorization! },
      ),
    ]);
    expect(download.suggestedFilename()).toBe('care-plan.html');
    const folder = await mkdtemp(path.join(tmpdir(), 'care-plan-'));
    const file = path.join(folder, download.suggestedFilename());
    await download.saveAs(file);
    const saved = await context.newPage();
    await saved.goto(`file://${file}`);
    expect(await saved.title()).toBe("person's care and support plan");
    await expectStyledAndAccessible(saved);
    await context.close();
    await rm(folder, { recursive: true });
  });

  test('?version=N prints an earlier version; one that never was is 404, one that cannot be is 400', async () => {
    expect((await print(planId, w.headers('person'), '?version=1')).status).toBe(200);
    expect((await print(planId, w.headers('person'), '?version=2')).status).toBe(404);
    const bad = await print(planId, w.headers('person'), '?version=first');
    expect(bad.status).toBe(400);
    expect(await bad.json()).toMatchObject({ status: 400, errors: [{ parameter: 'version' }] });
  });
});

describe('who may print a plan', () => {
  test('the person and their representatives; anyone outside the circle is refused as a problem, saying nothing of the plan', async () => {
    const friend = bearer(await w.login(w.emails.friend));
    const cases: [string, Record<string, string>, number][] = [
      ['person', w.headers('person'), 200],
      ['EDIT_PLAN representative', w.headers('representativeAll'), 200],
      ['VIEW_PLAN representative', friend, 200],
      ...(['coordinator', 'careWorker', 'officer', 'admin', 'partner', 'widget', 'representativeNone'] as RoleName[]).map(
        (role): [string, Record<string, string>, number] => [role, w.headers(role), 403],
      ),
      ['anonymous', {}, 401],
    ];
    const seen: [string, number][] = [];
    for (const [who, headers] of cases) {
      const res = await print(planId, headers);
      seen.push([who, res.status]);
      expect(res.headers.get('cache-control')).toBe('no-store');
      if (res.status !== 200) {
        expect(res.headers.get('content-type')).toBe('application/problem+json; charset=utf-8');
        const body = await res.text();
        for (const words of ['garden', 'Walk', planId]) expect(body).not.toContain(words);
      }
    }
    expect(seen).toEqual(cases.map(([who, , status]) => [who, status]));
  });

  test('an unknown plan is 404, a malformed id 400, someone else’s 403', async () => {
    expect((await print(crypto.randomUUID(), w.headers('person'))).status).toBe(404);
    const bad = await print('plan-1', w.headers('person'));
    expect(bad.status).toBe(400);
    expect(await bad.json()).toMatchObject({ errors: [{ parameter: 'id' }] });
    expect((await print(planId, w.headers('otherPerson'))).status).toBe(403);
  });

  test('a representative’s print is in the audit trail with via print; the person’s own and refused ones are not', async () => {
    const before = await auditCount(t, 'carePlan.read', planId);
    await print(planId, w.headers('person'));
    await print(planId, w.headers('officer'));
    expect(await auditCount(t, 'carePlan.read', planId)).toBe(before);
    expect((await print(planId, w.headers('representativeAll'))).status).toBe(200);
    const [last] = await t.db.query(
      `SELECT actor_person_id, summary FROM audit_event WHERE action = 'carePlan.read' AND object_id = $1 ORDER BY id DESC LIMIT 1`,
      [planId],
    );
    expect(last).toEqual({ actor_person_id: w.ids.representativeAll, summary: { version: 1, via: 'print' } });
  });
});
