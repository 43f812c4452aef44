/**
 * What a carers' charity's own server does with coopcare, as a small program: (a) searches the
 * directory for services near a postcode and prints them; (b) mints a widget session for one person
 * with the charity's partner API key and prints the token and the HTML to paste into the page the
 * charity serves. README.md in this folder says how to run it.
 */
import { parseArgs } from 'node:util';
import { ClientError, GraphQLClient } from 'graphql-request';
import { graphql } from './generated/gql.js';
import type { PartnerCharitySearchQuery } from './generated/graphql.js';

/** The demo's: coopcare on localhost with the key `npm start` prints. A real charity sets its own. */
const DEMO = {
  api: 'http://localhost:4000/graphql',
  apiKey: 'cck_demo-kirklees-partner-key-not-for-production',
  partnerOrigin: 'http://localhost:4000',
};

const SearchServices = graphql(`
  query PartnerCharitySearch($filter: ServiceFilter!, $first: Int!) {
    services(filter: $filter, first: $first) {
      totalCount
      edges {
        distanceMiles
        node {
          id
          name
          hourlyRatePence
          provider {
            name
            isCooperative
            cqcRating
          }
        }
      }
    }
  }
`);

const CreateWidgetSession = graphql(`
  mutation PartnerCharityWidgetSession($input: CreateWidgetSessionInput!) {
    createWidgetSession(input: $input) {
      token
      expiresAt
    }
  }
`);

export interface Settings {
  /** coopcare's GraphQL endpoint. */
  api: string;
  /** The partner key the council issued the charity; kept on the server, never put in a page. */
  apiKey: string;
  /** Where the charity's page is served: the widget session works only there. */
  partnerOrigin: string;
  /**
   * The coopcare id of the person the session is for. The charity keeps it in its own records, noted
   * when the person agreed to the charity acting for them; a key cannot look people up.
   */
  personId: string | null;
  postcode: string;
  text: string;
  radiusMiles: number;
  limit: number;
}

/** Settings from the environment (where the charity's server keeps them) and the command line (what to search for). */
export function settingsFrom(env: NodeJS.ProcessEnv, args: string[]): Settings {
  const { values } = parseArgs({
    args,
    options: {
      postcode: { type: 'string', default: 'HD7 5AB' },
      text: { type: 'string', default: 'home care' },
      'radius-miles': { type: 'string', default: '10' },
      limit: { type: 'string', default: '5' },
    },
  });
  const number = (name: string, value: string, max: number) => {
    const n = Number(value);
    if (!Number.isInteger(n) || n < 1 || n > max) throw new Error(`--${name} must be a whole number from 1 to ${max}.`);
    return n;
  };
  return {
    api: env.COOPCARE_API || DEMO.api,
    apiKey: env.COOPCARE_API_KEY || DEMO.apiKey,
    partnerOrigin: env.PARTNER_ORIGIN || DEMO.partnerOrigin,
    personId: env.PERSON_ID || null,
    postcode: values.postcode,
    text: values.text,
    radiusMiles: number('radius-miles', values['radius-miles'], 100),
    limit: number('limit', values.limit, 100),
  };
}

const pounds = (pence: number) => new Intl.NumberFormat('en-GB', { style: 'currency', currency: 'GBP' }).format(pence / 100);
const ukTime = (iso: string) =>
  new Intl.DateTimeFormat('en-GB', { timeZone: 'Europe/London', dateStyle: 'long', timeStyle: 'short' }).format(new Date(iso));
const RATINGS: Record<string, string> = {
  OUTSTANDING: 'CQC: Outstanding',
  GOOD: 'CQC: Good',
  REQUIRES_IMPROVEMENT: 'CQC: Requires improvement',
  INADEQUATE: 'CQC: Inadequate',
  NOT_YET_RATED: 'CQC: not yet rated',
  NOT_REGULATED: 'not regulated by CQC',
};
/** Values put into the pasted HTML: a token or an id never needs it, but a template should escape what it inserts. */
const attribute = (value: string) => value.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

function printServices(settings: Settings, found: PartnerCharitySearchQuery['services']): void {
  const where = `within ${settings.radiusMiles} miles of ${settings.postcode}`;
  if (found.edges.length === 0) {
    console.log(`No services match "${settings.text}" ${where}.`);
    return;
  }
  console.log(`Services matching "${settings.text}" ${where}: ${found.totalCount} found, the best ${found.edges.length}:`);
  found.edges.forEach(({ node, distanceMiles }, i) => {
    const facts = [node.provider.isCooperative ? 'co-operative' : null, RATINGS[node.provider.cqcRating]].filter(Boolean).join(', ');
    const distance = distanceMiles === null || distanceMiles === undefined ? '' : `, ${distanceMiles.toFixed(1)} miles away`;
    console.log(`  ${i + 1}. ${node.name}`);
    console.log(`     ${node.provider.name} (${facts})`);
    console.log(`     ${pounds(node.hourlyRatePence)} an hour${distance}`);
    console.log(`     service id ${node.id}`);
  });
}

/** Why a request failed, in words for whoever runs this. */
function problemWith(error: unknown, settings: Settings): string {
  if (error instanceof ClientError) {
    const first = error.response.errors?.[0];
    const code = first?.extensions?.code;
    return `coopcare refused the request: ${first?.message ?? `HTTP ${error.response.status}`}${code ? ` (${String(code)})` : ''}`;
  }
  return `could not reach coopcare at ${settings.api} (${error instanceof Error ? error.message : String(error)}): is it running?`;
}

/** Runs the example; the exit code says whether it did all it was asked. */
export async function main(env: NodeJS.ProcessEnv, args: string[]): Promise<number> {
  let settings: Settings;
  try {
    settings = settingsFrom(env, args);
  } catch (error) {
    console.error(error instanceof Error ? error.message : String(error));
    return 2;
  }
  // The key goes with every request: a charity's server then counts against its own budget, not its address's.
  const coopcare = new GraphQLClient(settings.api, { headers: { 'x-api-key': settings.apiKey } });
  try {
    const { services } = await coopcare.request(SearchServices, {
      filter: { text: settings.text, near: { postcode: settings.postcode, radiusMiles: settings.radiusMiles } },
      first: settings.limit,
    });
    printServices(settings, services);

    if (!settings.personId) {
      console.log('\nNo widget session made: set PERSON_ID to the coopcare id of a person who agreed to your organisation acting');
      console.log('for them (`npm start` prints the demo people’s ids).');
      return 0;
    }
    const { createWidgetSession } = await coopcare.request(CreateWidgetSession, {
      input: { personId: settings.personId, purpose: 'BOOKING', origin: settings.partnerOrigin },
    });
    const script = new URL('/widgets/coopcare.js', settings.api).href;
    const serviceId = services.edges[0]?.node.id ?? 'SERVICE_ID';
    console.log(`\nWidget session for booking, for person ${settings.personId}, on pages at ${settings.partnerOrigin}:`);
    console.log(`  token:   ${createWidgetSession.token}`);
    console.log(`  expires: ${ukTime(createWidgetSession.expiresAt)} (UK time)`);
    console.log(`\nPaste into the page your server sends from ${settings.partnerOrigin}:\n`);
    console.log(`<script type="module" src="${attribute(script)}"></script>`);
    console.log(
      `<coopcare-booking service-id="${attribute(serviceId)}" session-token="${attribute(createWidgetSession.token)}"></coopcare-booking>`,
    );
    return 0;
  } catch (error) {
    console.error(problemWith(error, settings));
    return 1;
  }
}

process.exitCode = await main(process.env, process.argv.slice(2));
