import { createHash } from 'node:crypto';
import { describe, expect, test } from 'vitest';
import { useTestApp } from './support/app.js';

/**
 * Every answer (pages, both APIs, health checks, errors, unknown paths) carries the security headers: a
 * content security policy fitting it that no page may frame, nosniff, no referrer; HSTS only over TLS;
 * and nothing that would stop partners' pages loading coopcare's resources or reading its public APIs.
 */
const t = useTestApp();

const JSON_POST = { method: 'POST', headers: { 'content-type': 'application/json' } };
const ANSWERS: [string, string, RequestInit][] = [
  ['the council page', '/', {}],
  ['the council page, as Express also routes it', '/EMBED/', {}],
  ['the embed page', '/embed', {}],
  ["the council page's script", '/council-page.js', {}],
  ['the account page', '/account', {}],
  ["the account page's script", '/account-page.client.js', {}],
  ['a GraphQL answer', '/graphql', { ...JSON_POST, body: JSON.stringify({ query: '{ __typename }' }) }],
  ["the API's page at /graphql", '/graphql', { headers: { accept: 'text/html' } }],
  ['the schema', '/schema.graphql', {}],
  ['a GraphQL refusal', '/graphql', { ...JSON_POST, body: JSON.stringify({ query: '{ nope ' }) }],
  ['a body that is not JSON', '/graphql', { ...JSON_POST, body: '{' }],
  ['a body over 200 kB', '/graphql', { ...JSON_POST, body: JSON.stringify({ query: '{ __typename }', padding: 'x'.repeat(210_000) }) }],
  ['a refused credential', '/graphql', { method: 'POST', headers: { ...JSON_POST.headers, 'x-api-key': 'cck_nope' }, body: '{}' }],
  ['an ORUK list', '/oruk/services', {}],
  ['an ORUK refusal', '/oruk/services?nope=1', {}],
  ['/healthz', '/healthz', {}],
  ['/readyz', '/readyz', {}],
  ['an unknown path', '/nowhere', {}],
];

describe.each(ANSWERS)('%s', (_what, path, init) => {
  test('carries the security headers, and no HSTS over plain http', async () => {
    const res = await fetch(`${t.url}${path}`, init);
    expect(res.headers.get('content-security-policy')).toMatch(/frame-ancestors 'none'/);
    expect(res.headers.get('content-security-policy')).toMatch(/base-uri 'none'/);
    expect(res.headers.get('x-content-type-options')).toBe('nosniff');
    expect(res.headers.get('x-frame-options')).toBe('DENY');
    expect(res.headers.get('referrer-policy')).toBe('no-referrer');
    expect(res.headers.get('cross-origin-resource-policy')).toBe('cross-origin');
    expect(res.headers.get('strict-transport-security')).toBeNull();
  });
});

test('JSON answers may load nothing', async () => {
  const paths = [
    '/healthz',
    '/oruk/services',
    '/nowhere',
    '/council-page.js',
    '/account-kit.client.js',
    '/widgets/widgets.json',
    '/schema.graphql',
  ];
  for (const path of paths) {
    expect((await fetch(`${t.url}${path}`)).headers.get('content-security-policy'), path).toMatch(/^default-src 'none';/);
  }
});

/** The policy's directives by name. */
function directives(policy: string | null): Record<string, string> {
  return Object.fromEntries((policy ?? '').split(';').map((d) => d.trim().split(/ (.*)/s).slice(0, 2) as [string, string]));
}

test.each(['/', '/account'])(
  '%s may run only scripts from this server, talk only to it, and apply only its own inline style',
  async (path) => {
    const res = await fetch(`${t.url}${path}`);
    const style = /<style>([^<]*)<\/style>/.exec(await res.text())![1]!;
    expect(directives(res.headers.get('content-security-policy'))).toEqual({
      'default-src': "'none'",
      'script-src': "'self'",
      'connect-src': "'self'",
      'style-src': `'sha256-${createHash('sha256').update(style).digest('base64')}'`,
      'frame-ancestors': "'none'",
      'base-uri': "'none'",
      'form-action': "'none'",
    });
  },
);

test("/embed and the API's page, however Express routes them, may apply only their own inline style and run nothing", async () => {
  for (const path of ['/embed', '/embed/', '/Embed', '/graphql', '/GraphQL']) {
    const res = await fetch(`${t.url}${path}`, { headers: { accept: 'text/html' } });
    expect(res.status, path).toBe(200);
    const style = /<style>([^<]*)<\/style>/.exec(await res.text())![1]!;
    const policy = directives(res.headers.get('content-security-policy'));
    expect(policy['default-src'], path).toBe("'none'");
    expect(policy['style-src'], path).toBe(`'sha256-${createHash('sha256').update(style).digest('base64')}'`);
    expect(policy['script-src'], path).toBeUndefined();
    expect(policy['connect-src'], path).toBeUndefined();
  }
});

test('HSTS is sent when the request came over TLS, as a trusted proxy reports it', async () => {
  // The test app trusts loopback as a proxy (production trusts none unless COOPCARE_TRUST_PROXY says so).
  const res = await fetch(`${t.url}/healthz`, { headers: { 'x-forwarded-proto': 'https' } });
  expect(res.headers.get('strict-transport-security')).toBe('max-age=31536000; includeSubDomains');
});

test('CORS still works: GraphQL answers the asking page, ORUK any page', async () => {
  const graphql = await fetch(`${t.url}/graphql`, {
    ...JSON_POST,
    headers: { ...JSON_POST.headers, origin: 'https://council.example' },
    body: JSON.stringify({ query: '{ __typename }' }),
  });
  expect(graphql.headers.get('access-control-allow-origin')).toBe('https://council.example');
  const oruk = await fetch(`${t.url}/oruk/services`, { headers: { origin: 'https://council.example' } });
  expect(oruk.headers.get('access-control-allow-origin')).toBe('*');
});
