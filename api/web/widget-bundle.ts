import fs from 'node:fs';
import path from 'node:path';
import express from 'express';
import { projectRoot } from '../config.js';
import type { PersistedDocumentManifest } from '../graphql/trusted-documents.js';

/** What scripts/build-widgets.mjs writes to dist/widgets/widgets.json. */
export interface WidgetBuild {
  /** `coopcare.<hash>.js`: changes whenever the code does. */
  file: string;
  /** Subresource integrity of the file, for `<script integrity>`. */
  integrity: string;
  bytes: number;
  gzipBytes: number;
  brotliBytes: number;
  widgets: string[];
}

export const WIDGETS_DIR = path.join(projectRoot, 'dist', 'widgets');

export interface LoadedBundle {
  build: WidgetBuild;
  /** The module in each encoding a browser may accept. */
  bodies: { br: Buffer; gzip: Buffer; identity: Buffer };
  elementsManifest: Buffer;
  /**
   * The operations this bundle sends by id (codegen's persisted-documents.json, copied by the build):
   * read from the build, not from widgets/generated, so the ids the API knows are always those of the
   * bundle it serves.
   */
  persistedDocuments: PersistedDocumentManifest;
}

/** The built bundle, read once into memory; null when `npm run build` has not made it. */
export function loadWidgetBundle(dir = WIDGETS_DIR): LoadedBundle | null {
  const summary = path.join(dir, 'widgets.json');
  if (!fs.existsSync(summary)) return null;
  const build = JSON.parse(fs.readFileSync(summary, 'utf8')) as WidgetBuild;
  const read = (name: string) => fs.readFileSync(path.join(dir, name));
  // A bundle built before the widgets sent operation ids would fail every request: say so at start instead.
  if (!fs.existsSync(path.join(dir, 'persisted-documents.json'))) {
    throw new Error(`${dir} holds no persisted-documents.json: it was built by an older coopcare. Run \`npm run build\`.`);
  }
  return {
    build,
    bodies: { br: read(`${build.file}.br`), gzip: read(`${build.file}.gz`), identity: read(build.file) },
    elementsManifest: read('custom-elements.json'),
    persistedDocuments: JSON.parse(read('persisted-documents.json').toString('utf8')) as PersistedDocumentManifest,
  };
}

/** A year: the hashed file never changes, so browsers and CDNs keep it until they need the space. */
const IMMUTABLE = 'public, max-age=31536000, immutable';
/** `/widgets/coopcare.js` follows each release: caches check again after five minutes. */
const REVALIDATE = 'public, max-age=300, stale-while-revalidate=86400';

/**
 * `/widgets/`: the bundle at a stable address (`coopcare.js`, for a partner's one script tag) and at
 * its content-hashed one (`coopcare.<hash>.js`, cached for ever), each precompressed with brotli or
 * gzip as the browser accepts; `widgets.json` (the current file and its integrity) and the
 * custom-elements manifest. Any site may load them (CORS `*`, and the cross-origin resource policy set
 * for every answer); none reaches the database.
 */
export function createWidgetRouter(bundle: LoadedBundle | null): express.Router {
  const router = express.Router();
  router.use((_req, res, next) => {
    res.set('Access-Control-Allow-Origin', '*');
    if (!bundle) {
      res.status(503).json({ error: 'The widgets are not built: run `npm run build`, then start coopcare again.' });
      return;
    }
    next();
  });
  if (!bundle) return router;

  const sendModule =
    (cacheControl: string): express.RequestHandler =>
    (req, res) => {
      const encoding = req.acceptsEncodings('br', 'gzip', 'identity');
      const chosen = encoding === 'br' || encoding === 'gzip' ? encoding : 'identity';
      res.set({
        'Content-Type': 'text/javascript; charset=utf-8',
        'Cache-Control': cacheControl,
        Vary: 'Accept-Encoding',
        ...(chosen === 'identity' ? {} : { 'Content-Encoding': chosen }),
      });
      // Express answers a matching If-None-Match with 304 from the ETag it makes of each body.
      res.send(bundle.bodies[chosen]);
    };
  router.get('/coopcare.js', sendModule(REVALIDATE));
  router.get(`/${bundle.build.file}`, sendModule(IMMUTABLE));
  router.get('/widgets.json', (_req, res) => {
    res.set('Cache-Control', REVALIDATE).json(bundle.build);
  });
  router.get('/custom-elements.json', (_req, res) => {
    res.set({ 'Content-Type': 'application/json; charset=utf-8', 'Cache-Control': REVALIDATE }).send(bundle.elementsManifest);
  });
  return router;
}
