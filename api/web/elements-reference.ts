import { escapeHtml } from './page-layout.js';

/**
 * The widgets' reference, read from the custom-elements manifest the build makes from their JSDoc
 * (dist/widgets/custom-elements.json, https://github.com/webcomponents/custom-elements-manifest), so
 * the /embed page says what the code does and nobody copies it by hand. Whatever the manifest holds is
 * read defensively: an element, a field or a whole manifest missing is shown as missing, never a 500.
 */

export interface Documented {
  name: string;
  description: string;
}

export interface AttributeDoc extends Documented {
  /** The JavaScript property the attribute sets, when it has one. */
  property: string | null;
  type: string | null;
  /** A literal default (`10`, `'HD1'`); null when none is given or it is computed (e.g. from the script's address). */
  defaultValue: string | null;
}

export interface ElementDoc {
  tagName: string;
  summary: string;
  description: string;
  attributes: AttributeDoc[];
  events: Documented[];
  parts: Documented[];
  /** The element's own custom properties; the shared theme's are in `ElementsReference.themeProperties`. */
  cssProperties: Documented[];
}

export interface ElementsReference {
  elements: ElementDoc[];
  /** Custom properties of the base every widget extends (the shared theme): the same for every element. */
  themeProperties: Documented[];
}

type Json = Record<string, unknown>;

const isObject = (value: unknown): value is Json => typeof value === 'object' && value !== null && !Array.isArray(value);
const text = (value: unknown): string => (typeof value === 'string' ? value.trim() : '');
const list = (value: unknown): Json[] => (Array.isArray(value) ? value.filter(isObject) : []);
/** Numbers, booleans, null and quoted strings; an identifier or expression says nothing to a reader. */
const LITERAL = /^(?:-?\d+(?:\.\d+)?|true|false|null|'[^'\n]*'|"[^"\n]*")$/;

function documented(entries: Json[], keep: (entry: Json) => boolean = () => true): Documented[] {
  const seen = new Set<string>();
  return entries.flatMap((entry) => {
    const name = text(entry.name);
    // An event the analyzer found only as `new SomeEvent()` has no name a page could listen for.
    if (!name || seen.has(name) || !keep(entry)) return [];
    seen.add(name);
    return [{ name, description: text(entry.description) }];
  });
}

/** The elements and the shared theme properties in a manifest; an unreadable manifest documents nothing. */
export function readElementsManifest(source: Buffer | string | null): ElementsReference {
  let manifest: unknown;
  try {
    manifest = source === null ? null : JSON.parse(source.toString());
  } catch {
    manifest = null;
  }
  const declarations = isObject(manifest) ? list(manifest.modules).flatMap((m) => list(m.declarations)) : [];
  const classes = declarations.filter((d) => d.kind === 'class' && d.customElement === true);
  const elements = classes
    .filter((d) => text(d.tagName))
    .map(
      (d): ElementDoc => ({
        tagName: text(d.tagName),
        summary: text(d.summary),
        description: text(d.description),
        attributes: list(d.attributes).flatMap((a) => {
          const name = text(a.name);
          if (!name) return [];
          const type = isObject(a.type) ? text(a.type.text) : '';
          const defaultValue = text(a.default);
          return [
            {
              name,
              description: text(a.description),
              property: text(a.fieldName) || null,
              type: type || null,
              defaultValue: LITERAL.test(defaultValue) && defaultValue !== "''" && defaultValue !== '""' ? defaultValue : null,
            },
          ];
        }),
        events: documented(list(d.events)),
        parts: documented(list(d.cssParts)),
        cssProperties: documented(list(d.cssProperties), (p) => !isObject(p.inheritedFrom)),
      }),
    )
    .sort((a, b) => a.tagName.localeCompare(b.tagName));
  const themeProperties = documented(classes.filter((d) => !text(d.tagName)).flatMap((d) => list(d.cssProperties)));
  return { elements, themeProperties };
}

/** A description from JSDoc as HTML: escaped, with its `code` spans kept as code. */
export function describe(markdown: string): string {
  return escapeHtml(markdown).replace(/`([^`]+)`/g, '<code>$1</code>');
}

const paragraphs = (markdown: string) =>
  markdown
    .split(/\n[ \t]*\n/)
    .map((p) => p.trim())
    .filter(Boolean)
    .map((p) => `<p>${describe(p)}</p>`)
    .join('\n');

function table(caption: string, headings: [string, string], rows: [string, string][]): string {
  if (rows.length === 0) return '';
  return `<table>
<caption>${escapeHtml(caption)}</caption>
<thead><tr><th scope="col">${headings[0]}</th><th scope="col">${headings[1]}</th></tr></thead>
<tbody>
${rows.map(([key, value]) => `<tr><th scope="row">${key}</th><td>${value}</td></tr>`).join('\n')}
</tbody>
</table>`;
}

const code = (s: string) => `<code>${escapeHtml(s)}</code>`;

function attributeDetails(a: AttributeDoc): string {
  const facts = [a.type && `Type: ${code(a.type)}.`, a.defaultValue && `Default: ${code(a.defaultValue)}.`].filter(Boolean).join(' ');
  return [a.description ? describe(a.description) : 'Not described.', facts].filter(Boolean).join('<br>');
}

/** One element's section of the reference: what it is, then a table each of its attributes, events, parts and own custom properties. */
export function elementSection(element: ElementDoc, headingLevel: 2 | 3 = 3): string {
  const tag = element.tagName;
  const h = `h${headingLevel}`;
  const attributes = element.attributes.map((a): [string, string] => [
    `${code(a.name)}${a.property && a.property !== a.name ? `<br><span class="hint">property ${code(a.property)}</span>` : ''}`,
    attributeDetails(a),
  ]);
  const plain = (entries: Documented[]) =>
    entries.map((e): [string, string] => [code(e.name), describe(e.description) || 'Not described.']);
  const sections = [
    table(`Attributes of ${tag}`, ['Attribute', 'What it does'], attributes),
    table(`Events ${tag} fires`, ['Event', 'When'], plain(element.events)),
    table(`Parts of ${tag} you can style with ::part()`, ['Part', 'What it is'], plain(element.parts)),
    table(`Custom properties of ${tag}`, ['Custom property', 'What it sets'], plain(element.cssProperties)),
  ].filter(Boolean);
  return `<${h} id="${escapeHtml(tag)}">${code(`<${tag}>`)}</${h}>
${paragraphs(element.summary)}
${element.description && element.description !== element.summary ? paragraphs(element.description) : ''}
${sections.join('\n') || '<p>This element documents no attributes, events or parts.</p>'}`;
}

/** The shared theme's custom properties, which every element takes. */
export function themeTable(properties: Documented[]): string {
  return table(
    'Custom properties every coopcare element takes',
    ['Custom property', 'What it sets'],
    properties.map((p) => [code(p.name), describe(p.description) || 'Not described.']),
  );
}
