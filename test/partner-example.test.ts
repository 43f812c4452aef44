import { execFile } from 'node:child_process';
import path from 'node:path';
import { beforeAll, describe, expect, test } from 'vitest';
import { projectRoot } from '../api/config.js';
import { useTestApp } from './support/app.js';
import { DEMO_PARTNER_KEY, demoSignIn } from './support/demo.js';
import { bearer } from './support/graphql.js';
import { personIdOf } from './support/widget-sessions.js';

/**
 * examples/partner-charity, run as a charity would run it (`node --import tsx …/main.ts`, a process of
 * its own) against the demo: it searches the directory and prints what the API answers, and mints a
 * widget session with the demo partner key whose token works on the charity's page.
 */
const MAIN = path.join(projectRoot, 'examples', 'partner-charity', 'main.ts');
const t = useTestApp({ seeded: true, demo: true });
const people = { margaret: '', joan: '' };

beforeAll(async () => {
  for (const person of ['margaret', 'joan'] as const) {
    people[person] = await personIdOf(t, await demoSignIn(t, person));
  }
});

const RATING: Record<string, string> = { OUTSTANDING: 'Outstanding', GOOD: 'Good', REQUIRES_IMPROVEMENT: 'Requires improvement' };
const POUNDS = new Intl.NumberFormat('en-GB', { style: 'currency', currency: 'GBP' });

interface Run {
  code: number;
  stdout: string;
  stderr: string;
}

/** Runs the example with the charity's settings for this app; `env` overrides them. */
function runExample(args: string[], env: Record<string, string | undefined> = {}): Promise<Run> {
  const inherited = Object.fromEntries(
    Object.entries(process.env).filter(([name]) => !name.startsWith('COOPCARE_') && name !== 'PERSON_ID' && name !== 'PARTNER_ORIGIN'),
  );
  const settings = { COOPCARE_API: `${t.url}/graphql`, COOPCARE_API_KEY: DEMO_PARTNER_KEY, PARTNER_ORIGIN: t.url, ...env };
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      ['--import', 'tsx', MAIN, ...args],
      { cwd: projectRoot, env: { ...inherited, ...settings }, timeout: 60_000 },
      (error, stdout, stderr) => resolve({ code: error ? Number(error.code ?? 1) : 0, stdout, stderr }),
    );
  });
}

describe('the partner charity example', () => {
  test('searches near a postcode with a text and prints what the API answers, best match first', async () => {
    const run = await runExample(['--postcode', 'HD7 5AB', '--text', 'home care', '--limit', '3']);
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    const api = await t.gql<
      {
        services: {
          totalCount: number;
          edges: { node: { id: string; name: string; hourlyRatePence: number; provider: { name: string; cqcRating: string } } }[];
        };
      },
      unknown
    >(
      `{ services(filter: { text: "home care", near: { postcode: "HD7 5AB", radiusMiles: 10 } }, first: 3) {
          totalCount edges { node { id name hourlyRatePence provider { name cqcRating } } } } }`,
    );
    const { totalCount, edges } = api.data!.services;
    expect(edges).toHaveLength(3);
    expect(run.stdout).toContain(`Services matching "home care" within 10 miles of HD7 5AB: ${totalCount} found, the best 3:\n`);
    expect([...run.stdout.matchAll(/service id (\S+)/g)].map((m) => m[1])).toEqual(edges.map((e) => e.node.id));
    edges.forEach(({ node }, i) => {
      expect(run.stdout).toContain(
        `  ${i + 1}. ${node.name}\n     ${node.provider.name} (co-operative, CQC: ${RATING[node.provider.cqcRating]})\n`,
      );
      expect(run.stdout).toContain(`${POUNDS.format(node.hourlyRatePence / 100)} an hour, `);
    });
    expect(run.stdout.match(/ {5}£\d+\.\d{2} an hour, \d+\.\d miles away\n/g)).toHaveLength(3);
    expect(run.stdout).toContain('No widget session made: set PERSON_ID');
  });

  test('mints a booking session with the partner key, whose token works on the charity’s page, and prints the HTML to paste', async () => {
    const run = await runExample([], { PERSON_ID: people.margaret });
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    const token = /^ {2}token: {3}(\S+)$/m.exec(run.stdout)?.[1];
    expect(token).toBeDefined();
    expect(run.stdout).toContain(`Widget session for booking, for person ${people.margaret}, on pages at ${t.url}:`);
    expect(run.stdout).toMatch(/ {2}expires: \d{1,2} \w+ \d{4} at \d{2}:\d{2} \(UK time\)/);
    const serviceId = /service id (\S+)/.exec(run.stdout)![1];
    expect(run.stdout).toContain(
      `<script type="module" src="${t.url}/widgets/coopcare.js"></script>\n` +
        `<coopcare-booking service-id="${serviceId}" session-token="${token}"></coopcare-booking>\n`,
    );
    const viewer = await t.gql<{ widgetViewer: { name: string; purpose: string } | null }, unknown>(
      `{ widgetViewer { name purpose } }`,
      undefined,
      { ...bearer(token!), origin: t.url },
    );
    expect(viewer.data?.widgetViewer).toEqual({ name: 'Margaret Hirst', purpose: 'BOOKING' });
  });

  test('says in words why coopcare refused it, and exits with 1', async () => {
    const [joan, postcode, key] = await Promise.all([
      runExample([], { PERSON_ID: people.joan }),
      runExample(['--postcode', 'nowhere']),
      runExample([], { COOPCARE_API_KEY: 'cck_not-a-key' }),
    ]);
    expect(joan.code).toBe(1);
    expect(joan.stderr).toBe(
      'coopcare refused the request: This key may make sessions only for people of its council who consented to it. (FORBIDDEN)\n',
    );
    expect(postcode.code).toBe(1);
    // Letters alone are read as a town's name.
    expect(postcode.stderr).toMatch(/^coopcare refused the request: .*town or village.*postcode.* \(PLACE_NOT_FOUND\)\n$/i);
    expect(key.code).toBe(1);
    expect(key.stderr).toBe('coopcare refused the request: This API key is not valid. (UNAUTHENTICATED)\n');
  });

  test('says so when coopcare cannot be reached, or the arguments are wrong', async () => {
    const [unreachable, badLimit] = await Promise.all([
      runExample([], { COOPCARE_API: 'http://127.0.0.1:9/graphql' }),
      runExample(['--limit', '0']),
    ]);
    expect(unreachable.code).toBe(1);
    expect(unreachable.stderr).toMatch(/^could not reach coopcare at http:\/\/127\.0\.0\.1:9\/graphql \(.+\): is it running\?\n$/);
    expect(badLimit.code).toBe(2);
    expect(badLimit.stderr).toBe('--limit must be a whole number from 1 to 100.\n');
  });
});
