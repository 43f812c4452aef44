import fs from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import { projectRoot } from '../../api/config.js';
import { type LoadedBundle, loadWidgetBundle } from '../../api/web/widget-bundle.js';

/** A page's text as a reader copies it: the entities escapeHtml writes decoded, tags kept. */
export const decodeEntities = (html: string) => html.replace(/&#(\d+);/g, (_m, code: string) => String.fromCharCode(Number(code)));

/** The bundle the tests' global setup built, as the server loads it. */
export function builtWidgets(): LoadedBundle {
  const bundle = loadWidgetBundle();
  if (!bundle) throw new Error('dist/widgets is missing: the tests’ global setup builds it.');
  return bundle;
}

/** The id (without its `sha256:` prefix) and text of the built widgets' query `name`. */
export function persistedOperation(name: string): { id: string; text: string } {
  const found = Object.entries(builtWidgets().persistedDocuments).find(([, text]) => new RegExp(`\\bquery ${name}\\b`).test(text));
  if (!found) throw new Error(`no persisted operation ${name}`);
  return { id: found[0].replace(/^sha256:/, ''), text: found[1] };
}

/** A manifest kept in the repository, so tests of the generated reference do not follow the widgets' own docs. */
export const FIXTURE_MANIFEST = fs.readFileSync(path.join(projectRoot, 'test', 'fixtures', 'custom-elements.json'));

/** The built bundle, documented by the fixture manifest. */
export const widgetsWithFixtureManifest = (): LoadedBundle => ({ ...builtWidgets(), elementsManifest: FIXTURE_MANIFEST });

/**
 * The answer as it crossed the wire: fetch would decompress it and hide Content-Encoding, and will not
 * send a Host header of the test's choosing.
 */
export function rawGet(
  url: string,
  headers: Record<string, string> = {},
): Promise<{ status: number; headers: http.IncomingHttpHeaders; body: Buffer }> {
  return new Promise((resolve, reject) => {
    http
      .get(url, { headers }, (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => resolve({ status: res.statusCode!, headers: res.headers, body: Buffer.concat(chunks) }));
      })
      .on('error', reject);
  });
}
