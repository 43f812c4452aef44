// The account page's views (served at /account-views.client.js), one for each place a message links to:
// `#/` the overview, `#/bookings/<id>`, `#/care-plans/<id>`, `#/alerts/<id>`, `#/invitations` and
// `#/messages`. Each asks GraphQL for what it shows, as the signed-in person, and says a refusal in
// words. Plain JavaScript, type-checked with the widgets (widgets/tsconfig.json).

import { errorSummary, h, londonTime, Refusal, summaryList, view, wordFor } from './account-kit.client.js';
import { messagesView } from './account-messages.client.js';

/** @typedef {import('./account-kit.client.js').ViewContext} ViewContext */

const IDENTIFIER = /^[\w-]{1,100}$/;
const WITH_ID = /** @type {const} */ ({ bookings: 'booking', 'care-plans': 'carePlan', alerts: 'alert' });
const WITHOUT_ID = /** @type {const} */ (['invitations', 'messages']);

/**
 * The view the fragment names, and its id (`#/bookings/<id>`). No fragment, or one that names no view
 * (the skip link's), is the overview; a view's address with something wrong in it is a page not found.
 * @param {string} hash
 * @returns {{ name: keyof typeof VIEWS, id: string }}
 */
export function routeOf(hash) {
  if (!hash.startsWith('#/')) return { name: 'overview', id: '' };
  const [section = '', id, ...rest] = hash.slice(2).split('/');
  if (section === '' && id === undefined) return { name: 'overview', id: '' };
  if (rest.length > 0) return { name: 'notFound', id: '' };
  if (section in WITH_ID && id !== undefined && IDENTIFIER.test(id))
    return { name: WITH_ID[/** @type {keyof typeof WITH_ID} */ (section)], id };
  const plain = WITHOUT_ID.find((name) => name === section);
  return plain && id === undefined ? { name: plain, id: '' } : { name: 'notFound', id: '' };
}

/** @param {string} href @param {string} text */
const link = (href, text) => h('a', { href }, text);

/** @param {string} text */
const paragraph = (text) => h('p', {}, text);

/** A list of links, or the sentence for none. @param {Node[]} items @param {string} none */
const listOr = (items, none) => (items.length ? h('ul', {}, ...items.map((item) => h('li', {}, item))) : paragraph(none));

const BOOKING_STATUS = {
  REQUESTED: 'Waiting for the provider to confirm',
  CONFIRMED: 'Confirmed',
  DECLINED: 'Declined by the provider',
  CANCELLED: 'Cancelled',
  COMPLETED: 'Completed',
};
const PLAN_STATUS = { AGREED: 'Agreed', DRAFT: 'Not yet agreed by everyone' };
const RIGHTS = {
  BOOK: 'book care',
  VIEW_BUDGET: 'see their budget',
  EDIT_PLAN: 'change their care plan',
  VIEW_PLAN: 'read their care plan',
};
const CIRCLE_ROLES = { VIEW: 'read the plan', SUGGEST: 'suggest changes', EDIT: 'make changes', OWNER: 'make changes and decide' };
const ALERT_KINDS = { FALLEN: 'Has fallen', NO_ANSWER: 'No answer at the door', UNWELL: 'Unwell', OTHER: 'Something else' };

/** How many visits the booking view lists. */
const NEXT_VISITS = 5;

// ---- the overview ----

const OVERVIEW = `query AccountOverview {
  me {
    staffOf { role providerId }
    personalBudgets { id person { name } bookings(first: 20) { edges { node { id status service { name } provider { name } } } } }
    carePlans { id status person { name } }
    representativeInvitations { personId }
    circleInvitations { planId }
  }
  crisisAlerts(open: true) { id raisedAt person { name } }
}`;
const WAITING = `query BookingsWaiting($providerId: ID!) {
  providerBookings(providerId: $providerId, status: REQUESTED, first: 20) { edges { node { id person { name } service { name } } } }
}`;

/** @param {{ id: string, status: string, service: { name: string } }} booking @param {string} who */
const bookingLink = (booking, who) =>
  h('span', {}, link(`#/bookings/${booking.id}`, `${booking.service.name}${who}`), ` – ${wordFor(BOOKING_STATUS, booking.status)}`);

/** @param {ViewContext} context */
async function showOverview({ api, render }) {
  const { me, crisisAlerts } = await api(OVERVIEW);
  const coordinated = me.staffOf.filter((/** @type {any} */ s) => s.role === 'COORDINATOR' && s.providerId);
  const waiting = await Promise.all(coordinated.map((/** @type {any} */ s) => api(WAITING, { providerId: s.providerId })));
  const bookings = me.personalBudgets.flatMap((/** @type {any} */ budget) =>
    budget.bookings.edges.map((/** @type {any} */ e) => bookingLink(e.node, ` for ${budget.person.name}`)),
  );
  const requested = waiting.flatMap((data) =>
    data.providerBookings.edges.map((/** @type {any} */ e) =>
      link(`#/bookings/${e.node.id}`, `${e.node.service.name} for ${e.node.person.name}`),
    ),
  );
  const plans = me.carePlans.map((/** @type {any} */ plan) =>
    h('span', {}, link(`#/care-plans/${plan.id}`, `${plan.person.name}’s care plan`), ` – ${wordFor(PLAN_STATUS, plan.status)}`),
  );
  const invitations = me.representativeInvitations.length + me.circleInvitations.length;
  const alerts = crisisAlerts.map((/** @type {any} */ alert) =>
    link(`#/alerts/${alert.id}`, `About ${alert.person.name}, raised on ${londonTime(alert.raisedAt)}`),
  );
  render([
    ...(alerts.length ? [h('h2', {}, 'Crisis alerts nobody has acknowledged'), listOr(alerts, '')] : []),
    ...(coordinated.length
      ? [h('h2', {}, 'Bookings waiting for you to confirm'), listOr(requested, 'No bookings are waiting for you.')]
      : []),
    h('h2', {}, 'Bookings'),
    listOr(bookings, 'There are no bookings for you to see.'),
    h('h2', {}, 'Care plans'),
    listOr(plans, 'You are not in the circle of any care plan.'),
    h('h2', {}, 'Invitations'),
    h(
      'p',
      {},
      link(
        '#/invitations',
        invitations ? `You have ${invitations} ${invitations === 1 ? 'invitation' : 'invitations'} waiting` : 'Invitations',
      ),
      invitations ? '' : ': none are waiting for you.',
    ),
    h('h2', {}, 'Messages and email'),
    h('p', {}, link('#/messages', 'Choose which messages we send you'), ', or change your email address.'),
  ]);
}

// ---- a booking ----

const BOOKING = `query AccountBooking($id: ID!) {
  booking(id: $id) { id status person { name } service { name } provider { name } visits { id startsAt status } }
}`;

/** @param {ViewContext} context */
async function showBooking({ id, api, render }) {
  const { booking } = await api(BOOKING, { id });
  if (!booking) throw new Refusal('NOT_FOUND', 'No such booking.');
  const now = Date.now();
  const next = booking.visits
    .filter((/** @type {any} */ v) => v.status === 'SCHEDULED' && Date.parse(v.startsAt) > now)
    .sort((/** @type {any} */ a, /** @type {any} */ b) => Date.parse(a.startsAt) - Date.parse(b.startsAt))
    .slice(0, NEXT_VISITS);
  render(
    [
      summaryList([
        ['Service', booking.service.name],
        ['Provider', booking.provider.name],
        ['For', booking.person.name],
        ['Status', h('strong', { class: 'tag' }, wordFor(BOOKING_STATUS, booking.status))],
      ]),
      h('h2', {}, 'Next visits'),
      listOr(
        next.map((/** @type {any} */ v) => londonTime(v.startsAt)),
        'No visits are coming up.',
      ),
    ],
    `Booking: ${booking.service.name}`,
  );
}

// ---- a care plan ----

const CARE_PLAN = `query AccountCarePlan($id: ID!) {
  carePlan(id: $id) {
    id status currentVersion person { name }
    proposals(status: OPEN, first: 20) { totalCount edges { node { id proposedAt proposedBy { name } } } }
  }
}`;

/** @param {ViewContext} context */
async function showCarePlan({ id, api, render }) {
  const { carePlan } = await api(CARE_PLAN, { id });
  if (!carePlan) throw new Refusal('NOT_FOUND', 'No such care plan.');
  const open = carePlan.proposals;
  const proposals = open.edges.map((/** @type {any} */ { node }) =>
    paragraph(`Proposed by ${node.proposedBy?.name ?? 'someone no longer in the circle'} on ${londonTime(node.proposedAt)}`),
  );
  render(
    [
      summaryList([
        ['Status', h('strong', { class: 'tag' }, wordFor(PLAN_STATUS, carePlan.status))],
        ['Version', String(carePlan.currentVersion)],
        ['Changes waiting for a decision', String(open.totalCount)],
      ]),
      ...(proposals.length ? [h('h2', {}, 'Changes waiting for a decision'), listOr(proposals, '')] : []),
    ],
    `${carePlan.person.name}’s care plan`,
  );
}

// ---- a crisis alert ----

const ALERT = `query AccountAlert($id: ID!) {
  me { id }
  crisisAlert(id: $id) { id kind note raisedAt person { name } raisedBy { id name } acknowledgedAt acknowledgedBy { name } escalatedAt }
}`;
const ACKNOWLEDGE = `mutation AccountAcknowledge($alertId: ID!) {
  acknowledgeCrisisAlert(alertId: $alertId) { __typename ... on CrisisAlert { id } ... on ErrorResult { message } }
}`;

/** @param {ViewContext} context */
async function showAlert({ id, api, render, announce, refreshView }) {
  const { me, crisisAlert: alert } = await api(ALERT, { id });
  if (!alert) throw new Refusal('NOT_FOUND', 'No such alert.');
  const problem = h('div', { class: 'error-summary', role: 'alert', tabindex: '-1' });
  const acknowledge = h('button', { type: 'button' }, 'Acknowledge this alert');
  acknowledge.addEventListener('click', async () => {
    acknowledge.setAttribute('disabled', '');
    try {
      const { acknowledgeCrisisAlert: result } = await api(ACKNOWLEDGE, { alertId: alert.id });
      announce(result.__typename === 'CrisisAlert' ? 'You acknowledged the alert.' : result.message);
      await refreshView();
    } catch (error) {
      acknowledge.removeAttribute('disabled');
      problem.replaceChildren(...errorSummary([{ text: error instanceof Refusal ? error.message : String(error) }]));
      problem.focus();
    }
  });
  const acknowledged = alert.acknowledgedAt
    ? `${alert.acknowledgedBy?.name ?? 'Someone'} acknowledged it on ${londonTime(alert.acknowledgedAt)}.`
    : null;
  // Whoever raised an alert cannot also say someone is dealing with it.
  const waiting =
    alert.raisedBy.id === me.id
      ? paragraph('Nobody has acknowledged your alert yet. The people told of it have been sent an email.')
      : h(
          'div',
          {},
          paragraph('Nobody has acknowledged this alert yet. Acknowledge it when you are dealing with it, so others know.'),
          acknowledge,
        );
  render(
    [
      problem,
      summaryList([
        ['About', alert.person.name],
        ['Raised', londonTime(alert.raisedAt)],
        ['Raised by', alert.raisedBy.name],
        ['What happened', wordFor(ALERT_KINDS, alert.kind)],
        ['Note', alert.note || 'No note'],
      ]),
      ...(alert.escalatedAt
        ? [paragraph(`Nobody acknowledged it in time, so the council’s duty officer was told on ${londonTime(alert.escalatedAt)}.`)]
        : []),
      acknowledged ? h('div', { class: 'panel' }, paragraph(acknowledged)) : waiting,
      paragraph('If someone is in danger, call 999.'),
    ],
    `Crisis alert about ${alert.person.name}`,
  );
}

// ---- invitations ----

const INVITATIONS = `query AccountInvitations {
  me {
    representativeInvitations { id personId person { name } right }
    circleInvitations { planId personName role asLeadCoordinator invitedAt }
  }
}`;

const ACCEPT_REPRESENTING = 'mutation AcceptRepresenting($personId: ID!) { acceptRepresentativeInvitation(personId: $personId) { id } }';
const DECLINE_REPRESENTING = 'mutation DeclineRepresenting($personId: ID!) { declineRepresentativeInvitation(personId: $personId) }';
const ACCEPT_CIRCLE = 'mutation AcceptCircle($planId: ID!) { acceptCircleInvitation(planId: $planId) { id } }';
const DECLINE_CIRCLE = 'mutation DeclineCircle($planId: ID!) { declineCircleInvitation(planId: $planId) }';

/** @typedef {[mutation: string, variables: Record<string, string>, done: string]} Answer What an answer sends, and says once done. */

/**
 * An invitation: what it is, and Accept and Decline buttons whose names say which invitation they
 * answer, for a screen reader listing every button on the page.
 * @param {{ text: string, whose: string, accept: Answer, decline: Answer }} invitation
 * @param {ViewContext} context @param {HTMLElement} problem
 */
function invitationItem({ text, whose, accept, decline }, { api, announce, refreshView }, problem) {
  /** @param {string} verb @param {Answer} answer */
  const button = (verb, [mutation, variables, done]) => {
    const element = h(
      'button',
      { type: 'button', class: verb === 'Accept' ? '' : 'secondary' },
      verb,
      h('span', { class: 'visually-hidden' }, ` ${whose}`),
    );
    element.addEventListener('click', async () => {
      element.setAttribute('disabled', '');
      try {
        await api(mutation, variables);
        announce(done);
        await refreshView();
      } catch (error) {
        element.removeAttribute('disabled');
        problem.replaceChildren(...errorSummary([{ text: error instanceof Refusal ? error.message : String(error) }]));
        problem.focus();
      }
    });
    return element;
  };
  return h('li', {}, paragraph(text), button('Accept', accept), ' ', button('Decline', decline));
}

/** @param {ViewContext} context */
async function showInvitations(context) {
  const { me } = await context.api(INVITATIONS);
  const problem = h('div', { class: 'error-summary', role: 'alert', tabindex: '-1' });
  /** @type {Map<string, { name: string, rights: string[] }>} */
  const byPerson = new Map();
  for (const grant of me.representativeInvitations) {
    const entry = byPerson.get(grant.personId) ?? { name: grant.person?.name ?? 'Someone', rights: /** @type {string[]} */ ([]) };
    entry.rights.push(wordFor(RIGHTS, grant.right));
    byPerson.set(grant.personId, entry);
  }
  const representing = [...byPerson].map(([personId, { name, rights }]) =>
    invitationItem(
      {
        text: `${name} asked you to act for them as their representative: to ${rights.join(', ')}.`,
        whose: `the invitation from ${name}`,
        accept: [ACCEPT_REPRESENTING, { personId }, `You now act for ${name}.`],
        decline: [DECLINE_REPRESENTING, { personId }, `You declined the invitation from ${name}.`],
      },
      context,
      problem,
    ),
  );
  const circles = me.circleInvitations.map((/** @type {any} */ invitation) => {
    const plan = `${invitation.personName}’s care plan`;
    const as = invitation.asLeadCoordinator ? ' as its lead coordinator' : '';
    const { planId } = invitation;
    return invitationItem(
      {
        text:
          `You were invited on ${londonTime(invitation.invitedAt)} into the circle of ${plan}${as}, ` +
          `to ${wordFor(CIRCLE_ROLES, invitation.role)}.`,
        whose: `the invitation to ${plan}`,
        accept: [ACCEPT_CIRCLE, { planId }, `You joined the circle of ${plan}.`],
        decline: [DECLINE_CIRCLE, { planId }, `You declined the invitation to ${plan}.`],
      },
      context,
      problem,
    );
  });
  context.render([
    problem,
    h('h2', {}, 'Acting for someone'),
    representing.length ? h('ul', { class: 'people' }, ...representing) : paragraph('Nobody has asked you to act for them.'),
    h('h2', {}, 'Care plan circles'),
    circles.length ? h('ul', { class: 'people' }, ...circles) : paragraph('Nobody has invited you into a care plan’s circle.'),
  ]);
}

/** @param {ViewContext} context */
async function showNotFound({ render }) {
  render([paragraph('There is no such page in your account. The link may be wrong.'), h('p', {}, link('#/', 'Go to your account'))]);
}

export const VIEWS = {
  overview: view('Your account', 'your account', showOverview),
  booking: view('Booking', 'this booking', showBooking),
  carePlan: view('Care plan', 'this care plan', showCarePlan),
  alert: view('Crisis alert', 'this crisis alert', showAlert),
  invitations: view('Invitations', 'your invitations', showInvitations),
  messages: messagesView,
  notFound: view('Page not found', 'this page', showNotFound),
};
