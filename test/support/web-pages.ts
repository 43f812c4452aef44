import fs from 'node:fs';
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

/** A manifest kept in the repository, so tests of the generated reference do not follow the widgets' own docs. */
export const FIXTURE_MANIFEST = fs.readFileSync(path.join(projectRoot, 'test', 'fixtures', 'custom-elements.json'));

/** The built bundle, documented by the fixture manifest. */
export const widgetsWithFixtureManifest = (): LoadedBundle => ({ ...builtWidgets(), elementsManifest: FIXTURE_MANIFEST });
