import { describe, expect, test } from 'vitest';
import { useTestApp } from './support/app.js';

/**
 * The demo data is shown to councils and partners as if it were real, so it must read true and reach no
 * one: what a listing says of itself (its name, legal form, days, ages, town) agrees with its facts, and
 * its phone numbers, registration numbers and addresses belong to nobody.
 */
const t = useTestApp({ seeded: true });

interface ProviderRow {
  name: string;
  summary: string;
  description: string;
  legal_form: string;
  registration_number: string | null;
  contact_phone: string | null;
  contact_email: string | null;
  website: string | null;
  cqc_location_id: string | null;
}
const providers = (): Promise<ProviderRow[]> => t.db.query('SELECT * FROM provider ORDER BY name');

/** Ofcom's numbers for drama: 01632 960000–960999 (no area) and 0113 496 0000–0999 (Leeds). */
const DRAMA_NUMBER = /^(01632 960\d{3}|0113 496 0\d{3})$/;

describe('nothing reaches a real organisation or person', () => {
  test('every phone number is one Ofcom keeps for drama, in the contact fields and in any text', async () => {
    const rows = await providers();
    for (const p of rows) expect(p.contact_phone, p.name).toMatch(DRAMA_NUMBER);
    const texts: { text: string }[] = await t.db.query(`
      SELECT name || ' ' || summary || ' ' || description AS text FROM provider
      UNION ALL SELECT name || ' ' || description FROM service
      UNION ALL SELECT name || ' ' || description FROM consortium`);
    const numbers = texts.flatMap((r) => r.text.match(/\b0\d{2,4} ?\d{3} ?\d{3,4}\b/g) ?? []);
    expect(numbers.filter((n) => !DRAMA_NUMBER.test(n))).toEqual([]);
  });

  test('emails are on example.org or a .example domain, websites on .example', async () => {
    const emails: { email: string }[] = await t.db.query(
      `SELECT email FROM person UNION ALL SELECT contact_email FROM provider WHERE contact_email IS NOT NULL`,
    );
    expect(emails.length).toBeGreaterThan(0);
    for (const { email } of emails) expect(email).toMatch(/@(example\.org|[a-z0-9.-]+\.example)$/);
    const websites: { website: string }[] = await t.db.query(
      `SELECT website FROM provider WHERE website IS NOT NULL UNION ALL SELECT website FROM consortium WHERE website IS NOT NULL`,
    );
    for (const { website } of websites) expect(new URL(website).hostname).toMatch(/\.example$/);
  });

  test('each registration number has the shape of the register its legal form is on, and CQC ids are not the CQC’s', async () => {
    const society = /^RS\d{6}$/; // FCA Mutuals Public Register
    const company = /^(\d{8}|(SC|NI)\d{6})$/; // Companies House, a CIC's too
    const charity = /^\d{6,7}$/; // Charity Commission
    const shapeOf: Record<string, RegExp> = {
      CO_OPERATIVE_SOCIETY: society,
      COMMUNITY_BENEFIT_SOCIETY: society,
      // ORUK publishes these forms' numbers as Mutuals Public Register ones (GB-MPR).
      WORKER_CO_OPERATIVE: society,
      MULTI_STAKEHOLDER_CO_OPERATIVE: society,
      COMMUNITY_INTEREST_COMPANY: company,
      CHARITY: charity,
      OTHER: company,
    };
    for (const p of await providers()) {
      expect(p.registration_number, `${p.name} (${p.legal_form})`).toMatch(shapeOf[p.legal_form]!);
      if (p.cqc_location_id) expect(p.cqc_location_id, p.name).toMatch(/^1-[02-9]\d{8,10}$/);
    }
  });
});

describe('what a listing says of itself agrees with its facts', () => {
  test('a legal form named in the name, summary or description is the provider’s', async () => {
    const named: [RegExp, string][] = [
      [/\bworker co-operative\b/i, 'WORKER_CO_OPERATIVE'],
      [/\bmulti-stakeholder co-operative\b/i, 'MULTI_STAKEHOLDER_CO_OPERATIVE'],
      [/\bcommunity benefit society\b/i, 'COMMUNITY_BENEFIT_SOCIETY'],
      [/\bco-operative society\b/i, 'CO_OPERATIVE_SOCIETY'],
      [/\b(community interest company|CIC)\b/, 'COMMUNITY_INTEREST_COMPANY'],
      [/\b(charity|Trust)\b/, 'CHARITY'],
      [/\b(Ltd|Limited)$/m, 'OTHER'],
    ];
    for (const p of await providers()) {
      for (const [words, form] of named) {
        if (words.test(`${p.name}\n${p.summary}\n${p.description}`)) expect(p.legal_form, p.name).toBe(form);
      }
    }
  });

  test('a service named after a weekday opens on that day only; one open "every day" opens all seven', async () => {
    const rows: { name: string; description: string; days: string[] }[] = await t.db.query(`
      SELECT s.name, s.description, array_agg(DISTINCT o.day_of_week::text) AS days
        FROM service s JOIN service_opening_time o ON o.service_id = s.id GROUP BY s.id`);
    const weekdays = ['MONDAY', 'TUESDAY', 'WEDNESDAY', 'THURSDAY', 'FRIDAY', 'SATURDAY', 'SUNDAY'];
    const namedAfterADay = rows.filter((s) => weekdays.some((d) => new RegExp(`\\b${d}\\b`, 'i').test(s.name)));
    expect(namedAfterADay.map((s) => s.name).sort()).toEqual(['Friday lunch and social', 'Wednesday memory café']);
    for (const s of namedAfterADay) expect(s.days, s.name).toEqual(weekdays.filter((d) => new RegExp(`\\b${d}\\b`, 'i').test(s.name)));
    for (const s of rows.filter((r) => /every day|seven days a week/i.test(r.description))) {
      expect([...s.days].sort(), s.name).toEqual([...weekdays].sort());
    }
  });

  test('a provider for adults or older people serves no younger ones', async () => {
    const rows: { provider: string; text: string; service: string; minimum_age: number | null }[] = await t.db.query(`
      SELECT p.name AS provider, p.summary || ' ' || p.description AS text, s.name AS service, s.minimum_age
        FROM provider p JOIN service s ON s.provider_id = p.id`);
    for (const r of rows.filter((r) => /\badults\b/i.test(r.text))) expect(r.minimum_age, r.service).toBeGreaterThanOrEqual(18);
    for (const r of rows.filter((r) => /\bolder people\b/i.test(r.text))) expect(r.minimum_age, r.service).toBeGreaterThanOrEqual(60);
  });

  test('each office has a gazetteer postcode in its town’s districts, and the provider serves that district', async () => {
    const townDistricts: Record<string, string[]> = {
      Huddersfield: ['HD1', 'HD2', 'HD3', 'HD4', 'HD5'],
      Slaithwaite: ['HD7'],
      Marsden: ['HD7'],
      Holmfirth: ['HD9'],
      Honley: ['HD9'],
      Kirkburton: ['HD8'],
      'Denby Dale': ['HD8'],
      Dewsbury: ['WF12', 'WF13'],
      Mirfield: ['WF14'],
      Liversedge: ['WF15'],
      Heckmondwike: ['WF16'],
      Batley: ['WF17'],
      Birstall: ['WF17'],
      Cleckheaton: ['BD19'],
    };
    type Office = { provider: string; town: string; postcode: string; in_gazetteer: boolean; outcode: string; served: boolean };
    const offices: Office[] = await t.db.query(`
      SELECT p.name AS provider, l.town, l.postcode, split_part(l.postcode, ' ', 1) AS outcode,
             EXISTS (SELECT 1 FROM postcode g WHERE g.postcode = l.postcode) AS in_gazetteer,
             EXISTS (SELECT 1 FROM service_area a
                      WHERE a.provider_id = p.id AND a.service_id IS NULL AND a.outcode = split_part(l.postcode, ' ', 1)) AS served
        FROM provider_location l JOIN provider p ON p.id = l.provider_id`);
    expect(offices.length).toBeGreaterThanOrEqual(12);
    for (const o of offices) {
      expect(o.in_gazetteer, `${o.provider}: ${o.postcode}`).toBe(true);
      expect(townDistricts[o.town], `${o.provider}: ${o.town}`).toContain(o.outcode);
      expect(o.served, `${o.provider} serves ${o.outcode}`).toBe(true);
    }
  });
});
