// The account page's own code (served at /account-page.client.js): signing in and out, keeping the
// session's token fresh, and showing the view the address's fragment names (account-views.client.js).
// The token lives in sessionStorage, so it ends with the tab and no other site's page can read it; every
// text from the server goes in as text, never as markup. Plain JavaScript, type-checked with the widgets
// (widgets/tsconfig.json), so the browser runs exactly this file.

import { byId, errorSummary, h, Refusal, request, serverNow } from './account-kit.client.js';
import { routeOf, VIEWS } from './account-views.client.js';

/** @typedef {{ token: string, refreshToken: string, expiresAt: string, refreshExpiresAt: string, name: string }} Session */

const STORE = 'coopcare.account.session';
/** Refresh this long before the token stops working: a request sent then still arrives in time. */
const REFRESH_AHEAD_MS = 2 * 60_000;
const PAGE_TITLE = document.title;

const SESSION_FIELDS = 'token refreshToken expiresAt refreshExpiresAt viewer { name }';
const SIGN_IN = `mutation SignIn($email: String!, $password: String!) { login(email: $email, password: $password) { ${SESSION_FIELDS} } }`;
const REFRESH = `mutation Refresh($refreshToken: String!) { refreshSession(refreshToken: $refreshToken) { ${SESSION_FIELDS} } }`;

/** @returns {Session | null} */
function storedSession() {
  try {
    const session = JSON.parse(sessionStorage.getItem(STORE) ?? 'null');
    return session && typeof session.token === 'string' && typeof session.refreshToken === 'string' ? session : null;
  } catch {
    return null;
  }
}

/** @type {Session | null} */
let session = storedSession();
/** @type {Promise<boolean> | null} */
let refreshing = null;
/** @type {ReturnType<typeof setTimeout> | undefined} */
let refreshTimer;

/** @param {{ token: string, refreshToken: string, expiresAt: string, refreshExpiresAt: string, viewer: { name: string } }} result */
function keep(result) {
  const { viewer, ...tokens } = result;
  session = { ...tokens, name: viewer.name };
  sessionStorage.setItem(STORE, JSON.stringify(session));
  clearTimeout(refreshTimer);
  const wait = Date.parse(session.expiresAt) - serverNow() - REFRESH_AHEAD_MS;
  // Left open, the page still renews the session in time, and says at once when it cannot.
  refreshTimer = setTimeout(
    async () => {
      if (!(await refresh()) && !session) signedOut();
    },
    Math.max(wait, 0),
  );
}

function forget() {
  session = null;
  sessionStorage.removeItem(STORE);
  clearTimeout(refreshTimer);
}

/**
 * A new token for the refresh token, once however many requests ask at the same moment (each refresh
 * token works once, and a second use would end the session). False when the session has ended.
 */
function refresh() {
  const current = session;
  if (!current) return Promise.resolve(false);
  refreshing ??= request(REFRESH, { refreshToken: current.refreshToken })
    .then((data) => {
      keep(data.refreshSession);
      return true;
    })
    .catch((error) => {
      // A refused refresh token ends the session; offline for a moment, or a server in trouble, does not.
      if (error instanceof Refusal && error.code === 'UNAUTHENTICATED') forget();
      return false;
    })
    .finally(() => {
      refreshing = null;
    });
  return refreshing;
}

/**
 * A GraphQL operation as the signed-in person: the token refreshed first when it is about to end, and
 * once more when the server says it has. A session that cannot be renewed returns the page to sign-in.
 * @param {string} query @param {Record<string, unknown>} [variables]
 */
async function api(query, variables = {}) {
  if (session && Date.parse(session.expiresAt) - serverNow() < REFRESH_AHEAD_MS / 2) await refresh();
  for (let attempt = 0; ; attempt++) {
    if (!session) throw signedOut();
    try {
      return await request(query, variables, session.token);
    } catch (error) {
      // 401 is the server no longer knowing the token; a refusal of what was asked (a wrong password) is 200.
      const ended = error instanceof Refusal && error.status === 401;
      if (!ended || attempt > 0 || !(await refresh())) {
        if (ended) forget();
        throw session ? error : signedOut();
      }
    }
  }
}

function signedOut() {
  showSignIn('Your session has ended. Sign in again to carry on.');
  return new Refusal('SIGNED_OUT', 'Your session has ended.');
}

/** @param {string} text */
function announce(text) {
  byId('status').textContent = text;
}

/** @param {string} title */
function setHeading(title) {
  byId('heading').textContent = title;
  document.title = `${title} – ${PAGE_TITLE}`;
}

// ---- signing in ----

const FIELDS = /** @type {const} */ (['email', 'password']);

/** @param {Partial<Record<(typeof FIELDS)[number], string>>} errors @param {string} [general] */
function showSignInErrors(errors, general) {
  for (const field of FIELDS) {
    const message = errors[field];
    const text = byId(`${field}-error`);
    text.hidden = !message;
    text.replaceChildren(...(message ? [h('span', { class: 'visually-hidden' }, 'Error: '), message] : []));
    byId(`${field}-group`).classList.toggle('error', Boolean(message));
    const input = byId(field);
    if (message) input.setAttribute('aria-describedby', `${field}-error`);
    else input.removeAttribute('aria-describedby');
  }
  const items = FIELDS.flatMap((field) => (errors[field] ? [{ text: /** @type {string} */ (errors[field]), field }] : []));
  if (general) items.push({ text: general, field: 'email' });
  const summary = byId('sign-in-errors');
  summary.replaceChildren(...(items.length ? errorSummary(items) : []));
  if (items.length) summary.focus();
}

/** @param {string} [reason] Why sign-in is shown again, if it is. */
function showSignIn(reason = '') {
  byId('account').hidden = true;
  byId('view').replaceChildren();
  byId('view').removeAttribute('aria-busy');
  delete byId('view').dataset.shows;
  byId('sign-in').hidden = false;
  byId('sign-in-reason').textContent = reason || signInReason(routeOf(location.hash));
  showSignInErrors({});
  setHeading('Sign in to your account');
}

/** What the emailed link the person followed will show once they sign in. @param {ReturnType<typeof routeOf>} route */
function signInReason(route) {
  return route.name === 'overview' || route.name === 'notFound' ? '' : `Sign in to see ${VIEWS[route.name].what}.`;
}

byId('sign-in-form').addEventListener('submit', async (event) => {
  event.preventDefault();
  const email = /** @type {HTMLInputElement} */ (byId('email')).value.trim();
  const passwordInput = /** @type {HTMLInputElement} */ (byId('password'));
  /** @type {Partial<Record<(typeof FIELDS)[number], string>>} */
  const errors = {};
  if (!email) errors.email = 'Enter your email address';
  else if (!/^[^\s@]+@[^\s@]+$/.test(email)) errors.email = 'Enter an email address in the right format, like name@example.com';
  if (!passwordInput.value) errors.password = 'Enter your password';
  if (errors.email || errors.password) return showSignInErrors(errors);
  const button = /** @type {HTMLButtonElement} */ (event.submitter ?? byId('sign-in-form').querySelector('button'));
  button.disabled = true;
  announce('Signing in…');
  try {
    const data = await request(SIGN_IN, { email, password: passwordInput.value });
    passwordInput.value = '';
    keep(data.login);
    announce('');
    showAccount();
  } catch (error) {
    announce('');
    showSignInErrors({}, error instanceof Refusal ? signInRefusal(error) : 'Something went wrong. Try again later.');
  } finally {
    button.disabled = false;
  }
});

/** @param {Refusal} error */
function signInRefusal(error) {
  // The server's words for a wrong password name neither which part was wrong nor whether the email exists.
  if (error.code === 'UNAUTHENTICATED') return 'The email address or password is not right. Check them and try again.';
  return error.message;
}

// ---- signed in ----

byId('sign-out').addEventListener('click', async () => {
  const token = session?.token;
  forget();
  // The session ends on the server too, so a copied token stops working; the page signs out whatever it answers.
  if (token) await request('mutation SignOut { logout }', {}, token).catch(() => undefined);
  showSignIn();
  byId('sign-in-reason').textContent = 'You have signed out.';
  announce('You have signed out.');
  byId('heading').focus();
});

function showAccount() {
  if (!session) return showSignIn();
  byId('sign-in').hidden = true;
  byId('account').hidden = false;
  byId('viewer-name').textContent = session.name;
  void showView({ focus: true });
}

/** Bumped by each view shown, so an answer for a view the person has left is dropped. */
let shown = 0;

/** @param {{ focus: boolean }} options */
async function showView({ focus }) {
  const route = routeOf(location.hash);
  const view = VIEWS[route.name];
  const current = ++shown;
  const problem = byId('view-problem');
  problem.replaceChildren();
  setHeading(view.title);
  const area = byId('view');
  area.setAttribute('aria-busy', 'true');
  area.replaceChildren(h('p', {}, 'Loading…'));
  /** @param {Node[]} nodes @param {string} [title] */
  const render = (nodes, title) => {
    if (current !== shown) return;
    if (title) setHeading(title);
    byId('view').replaceChildren(...nodes);
  };
  try {
    await view.show({ id: route.id, api, render, announce, refreshView: () => showView({ focus: false }) });
  } catch (error) {
    if (current !== shown || (error instanceof Refusal && error.code === 'SIGNED_OUT')) return;
    render([]);
    problem.replaceChildren(...errorSummary([{ text: view.refused(error) }]));
  }
  if (current !== shown) return;
  area.removeAttribute('aria-busy');
  // Which view is done, for whatever waits on it (the tests): a new fragment's view is not busy until its hashchange.
  area.dataset.shows = location.hash;
  if (focus) byId('heading').focus();
}

addEventListener('hashchange', () => {
  // Only the page's own views (or none, back to where the page began): the skip link names an element.
  if (session && (location.hash === '' || location.hash.startsWith('#/'))) void showView({ focus: true });
});

if (session) {
  // The stored token may have ended while the tab slept: refresh first when it is near its end.
  keep({ ...session, viewer: { name: session.name } });
  showAccount();
} else {
  showSignIn();
}
