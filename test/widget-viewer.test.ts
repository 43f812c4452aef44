import { describe, expect, test } from 'vitest';
import { useTestApp } from './support/app.js';
import { demoSignIn } from './support/demo.js';
import { bearer } from './support/graphql.js';
import { demoPartner } from './support/widget-sessions.js';

const t = useTestApp({ seeded: true });
const PAGE = 'https://carers.example';
const WIDGET_VIEWER = `{ widgetViewer { name purpose expiresAt personalBudgets { kind availablePence } } }`;

type WidgetViewerData = {
  widgetViewer: { name: string; purpose: string; expiresAt: string; personalBudgets: { kind: string; availablePence: number }[] } | null;
};

describe('widgetViewer', () => {
  test('tells a widget session whose it is, what it is for, when it ends and the person’s budgets', async () => {
    const partner = await demoPartner(t, PAGE);
    for (const purpose of ['BOOKING', 'BUDGET_VIEW'] as const) {
      const before = Date.now();
      const res = await t.gql<WidgetViewerData, unknown>(WIDGET_VIEWER, undefined, {
        ...bearer(await partner.mint(purpose, 5)),
        origin: PAGE,
      });
      expect(res.errors).toBeUndefined();
      const viewer = res.data!.widgetViewer!;
      expect(viewer).toMatchObject({ name: 'Margaret Hirst', purpose });
      expect(Date.parse(viewer.expiresAt)).toBeGreaterThan(before + 4 * 60_000);
      expect(Date.parse(viewer.expiresAt)).toBeLessThanOrEqual(Date.now() + 5 * 60_000);
      expect(viewer.personalBudgets.map((b) => b.kind)).toEqual(['COUNCIL_MANAGED']);
    }
  });

  test('is null for anyone who is not a widget session, signed in or not', async () => {
    expect((await t.gql<WidgetViewerData, unknown>(WIDGET_VIEWER)).data).toEqual({ widgetViewer: null });
    const margaret = await demoSignIn(t, 'margaret');
    expect((await t.gql<WidgetViewerData, unknown>(WIDGET_VIEWER, undefined, margaret)).data).toEqual({ widgetViewer: null });
  });
});
