// What the account page's shell and views share (served at /account-kit.client.js): GraphQL requests
// and their refusals, elements built from text (what people typed, names and notes, never becomes
// markup), error summaries, and times in the UK's words. Plain JavaScript, type-checked with the widgets.

/**
 * What a view is given: the signed-in GraphQL call, where to put what it shows (and the heading to give
 * it), the page's live region, and a way to show itself again after a change.
 * @typedef {{
 *   id: string,
 *   api: (query: string, variables?: Record<string, unknown>) => Promise<any>,
 *   render: (nodes: Node[], title?: string) => void,
 *   announce: (text: string) => void,
 *   refreshView: () => Promise<void>,
 * }} ViewContext
 * @typedef {{ title: string, what: string, show: (context: ViewContext) => Promise<void>, refused: (error: unknown) => string }} View
 */

/** @param {string} id */
export function byId(id) {
  const element = document.getElementById(id);
  if (!element) throw new Error(`The page has no #${id}.`);
  return element;
}

/**
 * An element with attributes and children; strings become text nodes, never markup.
 * @param {string} tag @param {Record<string, string | boolean>} [attributes] @param {(Node | string | null | false)[]} children
 */
export function h(tag, attributes = {}, ...children) {
  const element = document.createElement(tag);
  for (const [name, value] of Object.entries(attributes)) {
    if (value === true) element.setAttribute(name, '');
    else if (value !== false) element.setAttribute(name, value);
  }
  element.append(...children.filter((child) => child !== null && child !== false));
  return element;
}

/** A refusal from coopcare (its `extensions.code` and words), or the page's own when no answer came. */
export class Refusal extends Error {
  /** @param {string} code @param {string} message @param {{ argument?: string, status?: number }} [details] */
  constructor(code, message, details = {}) {
    super(message);
    this.code = code;
    this.argument = details.argument;
    /** The HTTP status: 401 is a session the server no longer knows, not a refusal of what was asked. */
    this.status = details.status;
  }
}

const OUR_SIDE = 'Something went wrong on our side. Try again later.';

/**
 * One GraphQL operation on this server; its data, or a Refusal with the first error's code and words.
 * @param {string} query @param {Record<string, unknown>} variables @param {string} [token]
 */
export async function request(query, variables, token) {
  let response;
  try {
    response = await fetch('/graphql', {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
      body: JSON.stringify({ query, variables }),
    });
  } catch {
    throw new Refusal('NETWORK', 'The page could not reach coopcare. Check your internet connection and try again.');
  }
  const body = await response.json().catch(() => null);
  const error = body?.errors?.[0];
  if (error) {
    const code = typeof error.extensions?.code === 'string' ? error.extensions.code : 'INTERNAL_SERVER_ERROR';
    const message = code === 'INTERNAL_SERVER_ERROR' || typeof error.message !== 'string' ? OUR_SIDE : error.message;
    throw new Refusal(code, message, { argument: error.extensions?.argument, status: response.status });
  }
  if (!body?.data) throw new Refusal('INTERNAL_SERVER_ERROR', OUR_SIDE);
  return body.data;
}

/**
 * An error summary's contents: a heading and each problem, linked to its field when it has one. The
 * links move focus themselves: the fragment names the page's views.
 * @param {{ text: string, field?: string }[]} items
 */
export function errorSummary(items) {
  const list = items.map(({ text, field }) => {
    if (!field) return h('li', {}, text);
    const link = h('a', { href: `#${field}` }, text);
    link.addEventListener('click', (event) => {
      event.preventDefault();
      document.getElementById(field)?.focus();
    });
    return h('li', {}, link);
  });
  return [h('h2', {}, 'There is a problem'), h('ul', {}, ...list)];
}

// ---- words ----

const LONDON = new Intl.DateTimeFormat('en-GB', {
  timeZone: 'Europe/London',
  weekday: 'long',
  day: 'numeric',
  month: 'long',
  hour: 'numeric',
  minute: '2-digit',
  hourCycle: 'h12',
});

/**
 * "Tuesday 8 December at 9:30am", "… at midday", in the UK's time whatever the browser's: the words the
 * emails use (api/common/london.ts londonMoment), so the page and the message that led to it agree.
 * @param {string} iso
 */
export function londonTime(iso) {
  const part = Object.fromEntries(LONDON.formatToParts(new Date(iso)).map((p) => [p.type, p.value]));
  const day = `${part.weekday} ${part.day} ${part.month}`;
  const period = String(part.dayPeriod).toLowerCase();
  if (part.hour === '12' && part.minute === '00') return `${day} at ${period === 'pm' ? 'midday' : 'midnight'}`;
  return `${day} at ${part.hour}:${part.minute}${period}`;
}

/** @param {[string, Node | string][]} rows */
export function summaryList(rows) {
  return h('dl', { class: 'summary' }, ...rows.map(([term, value]) => h('div', {}, h('dt', {}, term), h('dd', {}, value))));
}

/** @param {Record<string, string>} words @param {string} value */
export const wordFor = (words, value) => words[value] ?? value;

/** The view's own words for the refusals every view can meet. @param {string} what @param {unknown} error */
function refusedWords(what, error) {
  if (!(error instanceof Refusal)) return OUR_SIDE;
  if (error.code === 'NOT_FOUND') return `We could not find ${what}. The link may be wrong, or it may have been removed.`;
  if (error.code === 'FORBIDDEN') {
    return (
      `You cannot see ${what} with the account you are signed in with. ` +
      'If the link was sent to you, sign out and sign in with the email address it was sent to.'
    );
  }
  return error.message;
}

/** @param {string} title @param {string} what @param {(context: ViewContext) => Promise<void>} show @returns {View} */
export const view = (title, what, show) => ({ title, what, show, refused: (error) => refusedWords(what, error) });
