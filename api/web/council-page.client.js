// The council page's own code (served at /council-page.js), wiring the coopcare widgets together as a
// council's page would: a chosen result opens the co-op's page, "Book this service" opens booking, and in
// the demo a resident's button mints widget sessions on the page's server and hands the tokens to the
// widgets, minting again when a widget says its session has ended. Plain JavaScript, type-checked with
// the widgets (widgets/tsconfig.json), so the browser runs exactly this file.

/** @typedef {{ bookingToken: string, budgetToken: string, expiresAt: string, name: string }} DemoSessions */

/** Renewals allowed in a minute before the page stops: a token refused as soon as it is minted would loop for ever. */
const MAX_RENEWALS_A_MINUTE = 3;

/** @param {string} id */
function byId(id) {
  const element = document.getElementById(id);
  if (!element) throw new Error(`The page has no #${id}.`);
  return element;
}

/**
 * The widget element in `region`, made the first time it is needed: a widget with nothing chosen yet
 * would only say so.
 * @param {HTMLElement} region
 * @param {string} tag
 */
function widgetIn(region, tag) {
  const existing = region.querySelector(tag);
  if (existing instanceof HTMLElement) return existing;
  const element = document.createElement(tag);
  region.append(element);
  return element;
}

/** @param {HTMLElement} section @param {string} headingId */
function reveal(section, headingId) {
  section.hidden = false;
  byId(headingId).focus();
}

const providerSection = byId('provider-section');
const bookingSection = byId('booking-section');

/** @param {string} providerId */
function openProvider(providerId) {
  widgetIn(providerSection, 'coopcare-provider').setAttribute('provider-id', providerId);
  // Booking was for a service of the co-op shown before.
  bookingSection.hidden = true;
  reveal(providerSection, 'provider-heading');
}

/** @param {string} serviceId */
function openBooking(serviceId) {
  widgetIn(bookingSection, 'coopcare-booking').setAttribute('service-id', serviceId);
  showTokens();
  reveal(bookingSection, 'booking-heading');
}

/** @type {HTMLElement | null} */ (document.querySelector('coopcare-provider-search'))?.addEventListener('coopcare-select', (event) => {
  openProvider(event.detail.providerId);
});
// From the co-op's page: "Book this service", or a related co-op, which the widget opens in place and
// moves focus to itself (the page only closes the booking, which was for the co-op shown before).
providerSection.addEventListener('coopcare-select', (event) => {
  if (event.detail.serviceId) openBooking(event.detail.serviceId);
  else bookingSection.hidden = true;
});

// ---- the demo sign-in (only where the page serves the demo data) ----

const demo = document.getElementById('demo');
/** @type {{ person: string, sessions: DemoSessions } | null} */
let signedIn = null;
/** @type {{ person: string, done: Promise<void> } | null} */
let minting = null;
/** @type {number[]} */
let renewals = [];

/** The current tokens on every widget that takes one, and the booking note only while nobody is signed in. */
function showTokens() {
  if (!signedIn) return;
  bookingSection.querySelector('coopcare-booking')?.setAttribute('session-token', signedIn.sessions.bookingToken);
  widgetIn(byId('budget-region'), 'coopcare-budget').setAttribute('session-token', signedIn.sessions.budgetToken);
  byId('booking-sign-in').hidden = true;
}

/** @param {string} text */
function announce(text) {
  byId('demo-status').textContent = text;
}

/** @param {string} message @param {{ focus: boolean }} options */
function showError(message, { focus }) {
  const region = byId('demo-error');
  const heading = document.createElement('h3');
  heading.textContent = 'There is a problem';
  const text = document.createElement('p');
  text.textContent = message;
  region.replaceChildren(heading, text);
  if (focus) region.focus();
}

function clearError() {
  byId('demo-error').replaceChildren();
}

/**
 * Widget sessions for a demo resident, minted by the page's server as a council's server would; an
 * Error with words for the resident when that fails.
 * @param {string} person
 * @returns {Promise<DemoSessions>}
 */
async function mint(person) {
  let response;
  try {
    response = await fetch('/demo/widget-sessions', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ person }),
    });
  } catch {
    throw new Error('The demo could not reach the server. Check your internet connection and try again.');
  }
  const body = await response.json().catch(() => null);
  if (response.ok && body) return body;
  // The server's problem answers say what went wrong in words; anything else did not come from it.
  throw new Error(
    typeof body?.detail === 'string' ? body.detail : 'The demo could not start because of a problem on our side. Try again later.',
  );
}

/** @param {string} person @param {{ renewing: boolean }} options */
async function signIn(person, { renewing }) {
  if (!renewing) announce('Starting the demo…');
  try {
    const sessions = await mint(person);
    signedIn = { person, sessions };
    clearError();
    showTokens();
    byId('demo-signed-in-heading').textContent = `You are trying the demo as ${sessions.name}`;
    byId('demo-signed-in').hidden = false;
    if (!renewing) {
      announce(`You are trying the demo as ${sessions.name}.`);
      byId('demo-signed-in-heading').focus();
    }
  } catch (error) {
    announce('');
    const message = error instanceof Error ? error.message : String(error);
    if (renewing) showError(`Your demo session ended and a new one could not be started. ${message}`, { focus: false });
    else showError(message, { focus: true });
  }
}

/**
 * One request at a time: a double click, or two widgets whose sessions end together, mint once; another
 * resident chosen meanwhile is signed in after it.
 * @param {string} person @param {{ renewing: boolean }} options
 */
function startSignIn(person, options) {
  if (minting?.person === person) return minting.done;
  const done = (minting?.done ?? Promise.resolve()).then(() => signIn(person, options));
  const current = { person, done };
  minting = current;
  void done.finally(() => {
    if (minting === current) minting = null;
  });
  return done;
}

if (demo) {
  for (const button of demo.querySelectorAll('button[data-person]')) {
    if (!(button instanceof HTMLButtonElement)) continue;
    button.addEventListener('click', () => void startSignIn(button.dataset.person ?? '', { renewing: false }));
  }
  document.addEventListener('coopcare-session-expired', (event) => {
    if (!signedIn) return;
    const widget = event.target instanceof Element ? event.target : null;
    const current = [signedIn.sessions.bookingToken, signedIn.sessions.budgetToken];
    // A request sent before the last renewal: the widget already holds, or now gets, the new token.
    if (widget && !current.includes(widget.getAttribute('session-token') ?? '')) {
      showTokens();
      return;
    }
    if (minting?.person === signedIn.person) return;
    const now = Date.now();
    renewals = renewals.filter((at) => now - at < 60_000);
    if (renewals.length >= MAX_RENEWALS_A_MINUTE) {
      showError('The demo session keeps being refused. Reload the page and choose a demo resident again.', { focus: false });
      return;
    }
    renewals.push(now);
    void startSignIn(signedIn.person, { renewing: true });
  });
}
