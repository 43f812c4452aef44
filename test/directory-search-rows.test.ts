import { In } from 'typeorm';
import { describe, expect, test } from 'vitest';
import { LedgerEntry } from '../api/brokerage/personal-budget.entity.js';
import { entityFromJson } from '../api/common/entity-rows.js';
import { Provider } from '../api/directory/provider.entity.js';
import { ServiceCategory } from '../api/directory/service-category.entity.js';
import { Service } from '../api/directory/service.entity.js';
import { useTestApp } from './support/app.js';

/**
 * The search hydrates its page from `row_to_json` (api/common/entity-rows.ts) rather than through
 * TypeORM: the entities it builds must equal TypeORM's loads of the same rows, whatever the session's
 * time zone and however awkward the text, and it must refuse entities whose columns JSON renders unlike
 * the driver.
 */
describe('entities from row_to_json', () => {
  const t = useTestApp({ seeded: true });

  for (const [entity, table] of [
    [Service, 'service'],
    [Provider, 'provider'],
    [ServiceCategory, 'service_category'],
  ] as const) {
    test(`${table} rows from JSON equal TypeORM's in every time zone, quotes, backslashes and accents included`, async () => {
      await t.db.query(`UPDATE ${table} SET description = description || ' "quoted" \\ back – ünïcode'`);
      for (const tz of ['UTC', 'Europe/London', 'Asia/Kolkata']) {
        const rows: { j: Record<string, unknown> }[] = await t.db.transaction(async (em) => {
          await em.query(`SET LOCAL TimeZone='${tz}'`);
          return em.query(`SELECT row_to_json(x) AS j FROM ${table} x ORDER BY id`);
        });
        const loaded = await t.db.getRepository<object>(entity).find({ order: { id: 'ASC' } });
        expect(rows.length).toBeGreaterThan(0);
        expect(rows.map((r) => entityFromJson<object>(t.db, entity, r.j))).toStrictEqual(loaded);
      }
    });
  }

  test("a search page's services, providers and categories equal TypeORM's loads of them", async () => {
    const page = await t.services.directorySearch.searchServices({ text: 'care' }, 'RELEVANCE', { first: 20 });
    expect(page.rows.length).toBeGreaterThan(1);
    const services = page.rows.map((r) => r.node);
    const byId = async <T extends { id: string }>(entity: new () => T, ids: string[]) => {
      const found = await t.db.getRepository(entity).findBy({ id: In(ids) } as never);
      return ids.map((id) => found.find((e) => e.id === id));
    };
    expect(services).toStrictEqual(
      await byId(
        Service,
        services.map((s) => s.id),
      ),
    );
    expect(page.providers).toStrictEqual(
      await byId(
        Provider,
        page.providers.map((p) => p.id),
      ),
    );
    expect(page.categories).toStrictEqual(
      await byId(
        ServiceCategory,
        page.categories.map((c) => c.id),
      ),
    );
  });

  test('refuses an entity with a bigint column, naming it, rather than hydrate it unlike TypeORM', () => {
    expect(() => entityFromJson(t.db, LedgerEntry, {})).toThrow(/LedgerEntry\.\w+ \(bigint\)/);
  });
});
