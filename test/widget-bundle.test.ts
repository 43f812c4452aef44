import { createHash } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import zlib from 'node:zlib';
import { describe, expect, test } from 'vitest';
import { startTestApp } from './harness.js';
import { useTestApp } from './support/app.js';
import { builtWidgets, rawGet } from './support/web-pages.js';
import { loadWidgetBundle, WIDGETS_DIR, type WidgetBuild } from '../api/web/widget-bundle.js';

const t = useTestApp();
const built = (): WidgetBuild => JSON.parse(fs.readFileSync(path.join(WIDGETS_DIR, 'widgets.json'), 'utf8'));
const bundleCode = () => fs.readFileSync(path.join(WIDGETS_DIR, built().file));

/** The elements DESIGN.md names: the one bundle defines each. */
const ELEMENTS = ['coopcare-booking', 'coopcare-budget', 'coopcare-provider', 'coopcare-provider-search'];

describe('the widget bundle', () => {
  test('is at most 40 KB gzipped, and carries no GraphQL parser', () => {
    const { gzipBytes, bytes } = built();
    expect(gzipBytes).toBeLessThanOrEqual(40 * 1024);
    expect(zlib.gzipSync(bundleCode(), { level: 9 }).length).toBe(gzipBytes);
    expect(bytes).toBe(bundleCode().length);
    // graphql-js's lexer and printer: the documents ship as strings, so neither may be bundled.
    expect(bundleCode().toString()).not.toMatch(/Syntax Error: |GraphQLError|Unexpected character/);
  });

  test('defines every element DESIGN.md names, each documented in the custom-elements manifest', () => {
    const manifest = JSON.parse(fs.readFileSync(path.join(WIDGETS_DIR, 'custom-elements.json'), 'utf8'));
    const declarations = manifest.modules.flatMap((m: { path: string; declarations?: object[] }) =>
      (m.declarations ?? []).map((d) => ({ ...d, path: m.path })),
    ) as {
      tagName?: string;
      path: string;
      summary?: string;
      description?: string;
      attributes?: { name: string; description?: string }[];
      events?: { name: string; description?: string }[];
      cssParts?: { name: string; description?: string }[];
      cssProperties?: { name: string }[];
    }[];
    const elements = declarations.filter((d) => d.tagName);
    expect(elements.map((e) => e.tagName).sort()).toEqual(ELEMENTS);
    for (const element of elements) {
      const source = fs.readFileSync(element.path, 'utf8');
      const styles = element.path.replace(/\.ts$/, '.styles.ts');
      const code = source + (fs.existsSync(styles) ? fs.readFileSync(styles, 'utf8') : '');
      expect(element.summary || element.description, `${element.tagName} has a description`).toBeTruthy();
      for (const a of element.attributes ?? []) expect(a.description, `${element.tagName}[${a.name}] is described`).toBeTruthy();
      expect(element.attributes?.map((a) => a.name)).toContain('api');
      // Every part the template sets and every event it fires is in the manifest, described.
      const parts = new Set([...source.matchAll(/\bpart="([^"$]+)"/g)].flatMap((m) => m[1]!.split(/\s+/)));
      const documentedParts = new Map((element.cssParts ?? []).map((p) => [p.name, p.description]));
      for (const part of parts) expect(documentedParts.get(part), `${element.tagName}::part(${part}) is documented`).toBeTruthy();
      const fired = new Set([...code.matchAll(/new (Coopcare\w+Event)\(/g)].map((m) => m[1]));
      const eventNames = (element.events ?? []).map((e) => e.name);
      for (const e of element.events ?? []) expect(e.description, `${element.tagName}'s ${e.name} event is described`).toBeTruthy();
      for (const event of fired) {
        const name = event!
          .replace(/^Coopcare/, 'coopcare')
          .replace(/Event$/, '')
          .replace(/([a-z])([A-Z])/g, '$1-$2')
          .toLowerCase();
        expect(eventNames, `${element.tagName} documents the ${name} event it fires`).toContain(name);
      }
      expect(element.cssProperties?.length, `${element.tagName} lists the theme's custom properties`).toBeGreaterThanOrEqual(10);
    }
  });
});

describe('GET /widgets/', () => {
  test('coopcare.js: the module for any site, compressed as the browser accepts, revalidated after five minutes', async () => {
    const code = bundleCode();
    for (const [accept, encoding, decode] of [
      ['br, gzip', 'br', zlib.brotliDecompressSync],
      ['gzip, deflate', 'gzip', zlib.gunzipSync],
      ['identity', undefined, (b: Buffer) => b],
    ] as const) {
      const res = await rawGet(`${t.url}/widgets/coopcare.js`, { 'accept-encoding': accept, origin: 'https://carers.example' });
      expect(res.status).toBe(200);
      expect(res.headers['content-type']).toBe('text/javascript; charset=utf-8');
      expect(res.headers['content-encoding']).toBe(encoding);
      expect(res.headers.vary).toMatch(/Accept-Encoding/i);
      expect(res.headers['cache-control']).toBe('public, max-age=300, stale-while-revalidate=86400');
      expect(res.headers['access-control-allow-origin']).toBe('*');
      expect(res.headers['cross-origin-resource-policy']).toBe('cross-origin');
      expect(decode(res.body).equals(code)).toBe(true);
    }
  });

  test('the content-hashed address is cached for ever; an earlier hash is gone; a matching ETag is a 304', async () => {
    const { file, integrity } = built();
    const res = await rawGet(`${t.url}/widgets/${file}`, { 'accept-encoding': 'br' });
    expect(res.status).toBe(200);
    expect(res.headers['cache-control']).toBe('public, max-age=31536000, immutable');
    expect(integrity).toBe(`sha384-${createHash('sha384').update(zlib.brotliDecompressSync(res.body)).digest('base64')}`);
    expect((await rawGet(`${t.url}/widgets/coopcare.000000000000.js`)).status).toBe(404);
    const again = await rawGet(`${t.url}/widgets/${file}`, { 'accept-encoding': 'br', 'if-none-match': String(res.headers.etag) });
    expect(again.status).toBe(304);
    expect(again.body.length).toBe(0);
  });

  test('widgets.json names the current file and its integrity; custom-elements.json is the manifest', async () => {
    const summary = await (await fetch(`${t.url}/widgets/widgets.json`)).json();
    expect(summary).toEqual(built());
    const manifest = await fetch(`${t.url}/widgets/custom-elements.json`);
    expect(manifest.headers.get('access-control-allow-origin')).toBe('*');
    expect((await manifest.json()).schemaVersion).toBeTruthy();
  });

  test('says in words when the widgets were never built, instead of failing', async () => {
    const bare = await startTestApp({ widgets: null });
    try {
      const res = await fetch(`${bare.url}/widgets/coopcare.js`);
      expect(res.status).toBe(503);
      expect((await res.json()).error).toMatch(/npm run build/);
    } finally {
      await bare.close();
    }
  });

  test('a build without the operation ids the widgets send is refused at start, in words', () => {
    const older = fs.mkdtempSync(path.join(os.tmpdir(), 'coopcare-widgets-'));
    try {
      fs.cpSync(WIDGETS_DIR, older, { recursive: true });
      expect(loadWidgetBundle(older)?.persistedDocuments).toEqual(builtWidgets().persistedDocuments);
      fs.rmSync(path.join(older, 'persisted-documents.json'));
      expect(() => loadWidgetBundle(older)).toThrow(/built by an older coopcare\. Run `npm run build`/);
    } finally {
      fs.rmSync(older, { recursive: true, force: true });
    }
  });
});
