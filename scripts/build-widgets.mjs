// Builds the widgets into one ES module for browsers (dist/widgets): a content-hashed file that can be
// cached for ever, its gzip and brotli forms (so the server compresses nothing per request), the
// custom-elements manifest, the operations the bundle sends by id, and widgets.json naming the current
// file, its integrity hash and sizes.
// `npm run build` runs it; the tests' global setup runs it too, so a test always meets the current code.
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import zlib from 'node:zlib';
import { create, ts } from '@custom-elements-manifest/analyzer/index.js';
import { litPlugin } from '@custom-elements-manifest/analyzer/src/features/framework-plugins/lit/lit.js';
import { build } from 'esbuild';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const source = path.join(root, 'widgets');
export const WIDGETS_OUT = path.join(root, 'dist', 'widgets');

/** Each folder of widgets/ holding `<folder>/<folder>.ts` is a widget; shared/ and generated/ are not. */
export function widgetFolders() {
  return fs
    .readdirSync(source, { withFileTypes: true })
    .filter((d) => d.isDirectory() && fs.existsSync(path.join(source, d.name, `${d.name}.ts`)))
    .map((d) => d.name)
    .sort();
}

function manifestOf(folders) {
  const files = [
    ...fs.readdirSync(path.join(source, 'shared')).map((f) => path.join('shared', f)),
    ...folders.flatMap((f) => fs.readdirSync(path.join(source, f)).map((file) => path.join(f, file))),
  ].filter((f) => f.endsWith('.ts') && !f.endsWith('.test.ts'));
  const modules = files.map((f) =>
    ts.createSourceFile(`widgets/${f}`, fs.readFileSync(path.join(source, f), 'utf8'), ts.ScriptTarget.ES2022, true),
  );
  // The analyzer sees `dispatchEvent(new CoopcareSelectEvent(…))` but cannot read the name a typed event
  // class carries, and lists a nameless event; each widget names its events with @fires instead.
  const namedEventsOnly = {
    name: 'coopcare-named-events-only',
    packageLinkPhase({ customElementsManifest }) {
      for (const declaration of customElementsManifest.modules.flatMap((m) => m.declarations ?? [])) {
        if (declaration.events) declaration.events = declaration.events.filter((e) => e.name);
      }
    },
  };
  return create({ modules, plugins: [...litPlugin(), namedEventsOnly] });
}

export async function buildWidgets({ quiet = false } = {}) {
  const persistedDocuments = path.join(source, 'generated', 'persisted-documents.json');
  if (!fs.existsSync(path.join(source, 'generated', 'gql.ts')) || !fs.existsSync(persistedDocuments)) {
    throw new Error('widgets/generated is missing: run `npm run codegen` first (npm run build and npm test do).');
  }
  const folders = widgetFolders();
  const result = await build({
    stdin: {
      contents: folders.map((f) => `import './${f}/${f}.js';`).join('\n'),
      resolveDir: source,
      sourcefile: 'coopcare.ts',
      loader: 'ts',
    },
    bundle: true,
    format: 'esm',
    target: ['chrome111', 'firefox113', 'safari16.4'],
    minify: true,
    legalComments: 'eof',
    tsconfig: path.join(source, 'tsconfig.json'),
    write: false,
    logLevel: 'silent',
  });
  const code = Buffer.from(result.outputFiles[0].contents);
  const hash = createHash('sha256').update(code).digest('hex').slice(0, 12);
  const file = `coopcare.${hash}.js`;
  const gzip = zlib.gzipSync(code, { level: 9 });
  const brotli = zlib.brotliCompressSync(code, {
    params: { [zlib.constants.BROTLI_PARAM_QUALITY]: 11, [zlib.constants.BROTLI_PARAM_SIZE_HINT]: code.length },
  });
  fs.mkdirSync(WIDGETS_OUT, { recursive: true });
  for (const old of fs.readdirSync(WIDGETS_OUT)) fs.rmSync(path.join(WIDGETS_OUT, old));
  fs.writeFileSync(path.join(WIDGETS_OUT, file), code);
  fs.writeFileSync(path.join(WIDGETS_OUT, `${file}.gz`), gzip);
  fs.writeFileSync(path.join(WIDGETS_OUT, `${file}.br`), brotli);
  // The API answers the bundle's operation ids from this copy: the ids it knows are those of the bundle it serves.
  fs.copyFileSync(persistedDocuments, path.join(WIDGETS_OUT, 'persisted-documents.json'));
  fs.writeFileSync(path.join(WIDGETS_OUT, 'custom-elements.json'), `${JSON.stringify(manifestOf(folders), null, 2)}\n`);
  const summary = {
    file,
    integrity: `sha384-${createHash('sha384').update(code).digest('base64')}`,
    bytes: code.length,
    gzipBytes: gzip.length,
    brotliBytes: brotli.length,
    widgets: folders,
  };
  fs.writeFileSync(path.join(WIDGETS_OUT, 'widgets.json'), `${JSON.stringify(summary, null, 2)}\n`);
  if (!quiet) console.log(`widgets: ${file}, ${code.length} bytes, ${gzip.length} gzipped (${folders.join(', ')})`);
  return summary;
}

if (process.argv[1] === fileURLToPath(import.meta.url)) await buildWidgets();
