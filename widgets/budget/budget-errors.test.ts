import type { Page } from 'playwright-core';
import { describe, expect, test } from 'vitest';
import { expectNoAxeViolations, focused, GRAPHQL, openPage, partnerPage } from '../../test/support/browser.js';
import { heading, problem, refused, status, useBudgetWidget, widget, words } from '../../test/support/budget-widget.js';
import { demoSignIn } from '../../test/support/demo.js';
import { demoPartner, expiredWidgetToken } from '../../test/support/widget-sessions.js';

/**
 * `<coopcare-budget>` when it cannot show a budget: no session, one that has ended or is for another
 * site, a budget-id it may not show, a person with no budget, and no answer from coopcare. Each is
 * said in words. The budgets shown: budget.test.ts.
 */
const { t, chromium, site, open, mint } = useBudgetWidget();

const SESSION_ENDED = 'Your session on this page has ended, so your budget is no longer shown. Reload the page to see it again.';

describe('<coopcare-budget> and the page’s session', () => {
  const counting = `window.sessionExpired = 0;
    document.addEventListener('coopcare-session-expired', () => { window.sessionExpired += 1; });`;
  const expiredEvents = (page: Page) => page.evaluate(() => (window as unknown as { sessionExpired: number }).sessionExpired);

  test('without a token asks the person to sign in; a token set later shows the budget', async () => {
    const { context, page, consoleErrors } = await open(`<coopcare-budget></coopcare-budget>`);
    await widget(page).getByText('To see your personal budget here, sign in to this website first.').waitFor();
    await expectNoAxeViolations(page);
    const token = await mint('BUDGET_VIEW');
    await widget(page).evaluate((element, value) => {
      (element as HTMLElement & { sessionToken: string }).sessionToken = value;
    }, token);
    await heading(page).waitFor();
    expect(await widget(page).getByText('sign in to this website first').count()).toBe(0);
    // Taken away again (the person signed out of the partner's site): the figures go at once.
    await widget(page).evaluate((element) => element.removeAttribute('session-token'));
    await widget(page).evaluate((element) => {
      (element as HTMLElement & { sessionToken: string | null }).sessionToken = null;
    });
    await widget(page).getByText('sign in to this website first').waitFor();
    expect(await widget(page).locator('[part="budget"]').count()).toBe(0);
    // The attribute works as the property does.
    await widget(page).evaluate((element, value) => element.setAttribute('session-token', value), token);
    await heading(page).waitFor();
    expect(consoleErrors).toEqual([]);
    await context.close();
  });

  test.each([
    ['an expired token', async () => expiredWidgetToken(await mint('BUDGET_VIEW'))],
    ['a garbage token', async () => 'not-a-token'],
  ])('%s shows the session-ended words and fires coopcare-session-expired', async (_case, token) => {
    const { context, page, consoleErrors } = await open(`<coopcare-budget session-token="${await token()}"></coopcare-budget>`, {
      script: counting,
    });
    await problem(page).waitFor();
    expect(await words(problem(page))).toBe(SESSION_ENDED);
    await expect.poll(() => expiredEvents(page)).toBe(1);
    expect(await widget(page).locator('[part="budget"]').count()).toBe(0);
    await expectNoAxeViolations(page);
    expect(consoleErrors).toEqual([refused(401)]);
    await context.close();
  });

  test('a session ended after the budget was shown: the download says so in words and fires coopcare-session-expired', async () => {
    const ending = await demoPartner(t, site.origin);
    const { context, page, consoleErrors } = await open(
      `<coopcare-budget session-token="${await ending.mint('BUDGET_VIEW')}"></coopcare-budget>`,
      {
        script: counting,
      },
    );
    await heading(page).waitFor();
    const revoked = await t.gql(
      `mutation($i: RevokeWidgetConsentInput!) { revokeWidgetConsent(input: $i) }`,
      { i: { apiKeyId: ending.apiKeyId } },
      await demoSignIn(t, 'margaret'),
    );
    expect(revoked.errors).toBeUndefined();
    await page.getByRole('button', { name: 'Download statement (CSV)' }).click();
    const alert = widget(page).locator('.download-error[role="alert"]');
    await alert
      .getByText('Your session on this page has ended, so the statement could not be downloaded. Reload the page and try again.')
      .waitFor();
    expect(await expiredEvents(page)).toBe(1);
    expect(consoleErrors).toEqual([refused(401)]);
    await context.close();
  });

  test('a token minted for another site’s page gets no answer the page may read, which is said in words', async () => {
    const elsewhere = await demoPartner(t, 'https://elsewhere.example');
    const { context, page, consoleErrors } = await open(
      `<coopcare-budget session-token="${await elsewhere.mint('BUDGET_VIEW')}"></coopcare-budget>`,
    );
    await problem(page).waitFor();
    expect(await words(problem(page))).toBe(
      'We could not reach coopcare to show your budget. Check your internet connection and try again; if this keeps happening, ' +
        'contact the organisation whose site this is.',
    );
    expect(consoleErrors).toContainEqual(expect.stringContaining('blocked by CORS policy'));
    await context.close();
  });

  test.each([
    [
      'another person’s budget',
      'arthur',
      'This page cannot show this budget. If you think it should, contact the organisation whose site this is.',
    ],
    ['a budget that does not exist', '00000000-0000-4000-8000-000000000001', 'We could not find the budget this page asked for.'],
    ['something that is not a budget id', 'nope', 'This page asked for a budget in a way coopcare does not understand.'],
  ])('budget-id naming %s is refused in words', async (_case, budgetId, expected) => {
    const id = budgetId === 'arthur' ? await arthursBudgetId() : budgetId;
    const { context, page } = await open(
      `<coopcare-budget budget-id="${id}" session-token="${await mint('BUDGET_VIEW')}"></coopcare-budget>`,
    );
    await problem(page).getByText(expected, { exact: false }).waitFor();
    expect(await widget(page).locator('[part="budget"]').count()).toBe(0);
    expect(await page.getByRole('button', { name: 'Try again' }).count()).toBe(0);
    await context.close();
  });

  test('a person with no budget is told so in words', async () => {
    // David cares for his mother and lives in Kirklees too, with no budget of his own.
    await t.db.query(
      `UPDATE person SET council_id = (SELECT council_id FROM person WHERE email = 'margaret@example.org')
        WHERE email = 'david@example.org'`,
    );
    const davids = await demoPartner(t, site.origin, 'david');
    const { context, page, consoleErrors } = await open(
      `<coopcare-budget session-token="${await davids.mint('BUDGET_VIEW')}"></coopcare-budget>`,
    );
    await widget(page)
      .getByText('There is no personal budget for David Hirst yet. When the council sets one up, it will show here.')
      .waitFor();
    await expect(status(page).textContent()).resolves.toBe('No personal budget to show for David Hirst.');
    await expectNoAxeViolations(page);
    expect(consoleErrors).toEqual([]);
    await context.close();
  });
});

describe('<coopcare-budget> when coopcare cannot be reached', () => {
  test('the budget and the statement each say so in words', async () => {
    const { context, page } = await openPage(chromium.browser);
    const url = site.page(
      '/budget-offline',
      partnerPage(t.url, `<coopcare-budget session-token="${await mint('BUDGET_VIEW')}"></coopcare-budget>`),
    );
    await page.route(GRAPHQL, (route) => route.abort('internetdisconnected'));
    await page.goto(url);
    await problem(page).getByText('We could not reach coopcare to show your budget.', { exact: false }).waitFor();
    await page.unroute(GRAPHQL);
    await page.route(`${t.url}/exports/**`, (route) => route.abort('internetdisconnected'));
    await page.getByRole('button', { name: 'Try again' }).click();
    await heading(page).waitFor();
    expect(await problem(page).count()).toBe(0);
    // The button the person pressed is still there, now for refreshing, and keeps the focus.
    expect(await focused(page)).toMatchObject({ part: 'refresh-button' });
    expect(await page.getByRole('button', { name: 'Refresh figures' }).count()).toBe(1);
    await page.getByRole('button', { name: 'Download statement (CSV)' }).click();
    await widget(page)
      .locator('.download-error')
      .getByText('We could not download the statement. Check your internet connection and try again.')
      .waitFor();
    await context.close();
  });

  test('an answer that is not a widget session’s is explained, not shown as a budget', async () => {
    const { context, page } = await openPage(chromium.browser);
    await page.route(GRAPHQL, (route) =>
      route.fulfill({ contentType: 'application/json', body: JSON.stringify({ data: { widgetViewer: null } }) }),
    );
    await page.goto(
      site.page('/budget-not-widget', partnerPage(t.url, `<coopcare-budget session-token="a-person-token"></coopcare-budget>`)),
    );
    await problem(page).getByText('This page’s sign-in is not one that can show a budget.', { exact: false }).waitFor();
    await context.close();
  });
});

async function arthursBudgetId(): Promise<string> {
  const res = await t.gql<{ me: { personalBudgets: { id: string }[] } }, unknown>(
    `{ me { personalBudgets { id } } }`,
    undefined,
    await demoSignIn(t, 'arthur'),
  );
  return res.data!.me.personalBudgets[0]!.id;
}
