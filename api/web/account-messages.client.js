// The account page's `#/messages` view (served at /account-messages.client.js): which messages coopcare
// sends the person, kind by kind (email or none; the always-sent kinds shown as fixed), and changing the
// email address they go to, which takes effect only when the person opens the link sent to the new one.
// Plain JavaScript, type-checked with the widgets (widgets/tsconfig.json).

import { errorSummary, h, Refusal, view } from './account-kit.client.js';

/** @typedef {import('./account-kit.client.js').ViewContext} ViewContext */
/** @typedef {{ kind: string, channel: string, canTurnOff: boolean, description: string }} MessageChoice */

const CHOICES = `query AccountMessages { me { email messageChoices { kind channel canTurnOff description } } }`;
const SET_CHOICE = `mutation AccountSetChoice($kind: MessageKind!, $channel: MessageChannel!) {
  setMessageChoice(kind: $kind, channel: $channel) { kind }
}`;
const CHANGE_EMAIL = `mutation AccountChangeEmail($newEmail: String!, $password: String!) {
  requestEmailChange(newEmail: $newEmail, password: $password)
}`;

const CHANNELS = [
  { channel: 'EMAIL', label: 'Email me' },
  { channel: 'NONE', label: 'Do not send these' },
];

/** @typedef {{ newEmail?: string, password?: string, general?: string }} EmailErrors */

/** The email form's fields: the argument each is sent as, and its element's id (the sign-in form has its own). */
const EMAIL_FIELDS = /** @type {const} */ ([
  { key: 'newEmail', id: 'new-email' },
  { key: 'password', id: 'email-password' },
]);

/**
 * A refused change of email, by the field at fault: the address the server names, a password it did
 * not take, or neither (too many tries, no answer).
 * @param {unknown} error @returns {EmailErrors}
 */
function emailRefusal(error) {
  if (!(error instanceof Refusal)) return { general: String(error) };
  if (error.argument === 'newEmail') return { newEmail: error.message };
  if (error.argument === 'password' || error.code === 'UNAUTHENTICATED') return { password: error.message };
  return { general: error.message };
}

/** @param {MessageChoice} choice */
function choiceFieldset(choice) {
  const legend = h('legend', {}, choice.description);
  if (!choice.canTurnOff) {
    return h('fieldset', {}, legend, h('p', { class: 'hint' }, 'Always sent by email. You cannot turn these off.'));
  }
  const radios = CHANNELS.map(({ channel, label }) => {
    const id = `choice-${choice.kind}-${channel}`;
    return h(
      'div',
      { class: 'radio' },
      h('input', { type: 'radio', id, name: choice.kind, value: channel, checked: choice.channel === channel }),
      h('label', { for: id }, label),
    );
  });
  return h('fieldset', {}, legend, ...radios);
}

/**
 * A text input in a form group, with its label and, when given, its error (linked by aria-describedby).
 * @param {string} id @param {string} label @param {Record<string, string>} attributes @param {string} [error]
 */
function textField(id, label, attributes, error) {
  const input = h('input', { id, name: id, ...attributes, ...(error ? { 'aria-describedby': `${id}-error` } : {}) });
  const message = error
    ? h('p', { class: 'error-message', id: `${id}-error` }, h('span', { class: 'visually-hidden' }, 'Error: '), error)
    : null;
  return h('div', { class: error ? 'form-group error' : 'form-group' }, h('label', { for: id }, label), message, input);
}

/** @param {ViewContext} context */
async function showMessages({ api, render, announce }) {
  const { me } = await api(CHOICES);
  /** @type {MessageChoice[]} */
  const choices = me.messageChoices;
  const problem = h('div', { class: 'error-summary', role: 'alert', tabindex: '-1' });
  const saved = h('div', { role: 'status' });

  const choicesForm = h(
    'form',
    { novalidate: true },
    ...choices.map(choiceFieldset),
    h('button', { type: 'submit' }, 'Save message choices'),
  );
  choicesForm.addEventListener('submit', async (event) => {
    event.preventDefault();
    const form = new FormData(/** @type {HTMLFormElement} */ (choicesForm));
    const changed = choices.filter((c) => c.canTurnOff && form.get(c.kind) !== c.channel);
    problem.replaceChildren();
    try {
      // One at a time: each is its own audited change, and a refusal leaves the ones before it saved.
      for (const choice of changed) {
        const channel = String(form.get(choice.kind));
        await api(SET_CHOICE, { kind: choice.kind, channel });
        choice.channel = channel;
      }
      saved.replaceChildren(h('div', { class: 'panel' }, h('p', {}, 'Your message choices are saved.')));
    } catch (error) {
      problem.replaceChildren(...errorSummary([{ text: error instanceof Refusal ? error.message : String(error) }]));
      problem.focus();
    }
  });

  const emailArea = h('div', {});
  /** @param {EmailErrors} errors @param {string} typed */
  const showEmailForm = (errors, typed) => {
    const summary = h('div', { class: 'error-summary', role: 'alert', tabindex: '-1' });
    /** @type {{ text: string, field?: string }[]} */
    const items = EMAIL_FIELDS.flatMap(({ key, id }) => (errors[key] ? [{ text: errors[key], field: id }] : []));
    if (errors.general) items.push({ text: errors.general });
    summary.replaceChildren(...(items.length ? errorSummary(items) : []));
    const form = h(
      'form',
      { novalidate: true },
      textField(
        'new-email',
        'New email address',
        { type: 'email', autocomplete: 'email', spellcheck: 'false', maxlength: '320' },
        errors.newEmail,
      ),
      textField(
        'email-password',
        'Your password',
        { type: 'password', autocomplete: 'current-password', maxlength: '256' },
        errors.password,
      ),
      h('button', { type: 'submit' }, 'Send a link to the new address'),
    );
    /** @type {HTMLInputElement} */ (form.querySelector('#new-email')).value = typed;
    form.addEventListener('submit', (event) => {
      event.preventDefault();
      void changeEmail(/** @type {HTMLFormElement} */ (form));
    });
    emailArea.replaceChildren(summary, form);
    if (items.length) summary.focus();
  };
  /** @param {HTMLFormElement} form */
  const changeEmail = async (form) => {
    const newEmail = String(new FormData(form).get('new-email') ?? '').trim();
    const password = String(new FormData(form).get('email-password') ?? '');
    /** @type {EmailErrors} */
    const errors = {};
    if (!newEmail) errors.newEmail = 'Enter your new email address';
    else if (!/^[^\s@]+@[^\s@]+$/.test(newEmail)) errors.newEmail = 'Enter an email address in the right format, like name@example.com';
    if (!password) errors.password = 'Enter your password';
    if (errors.newEmail || errors.password) return showEmailForm(errors, newEmail);
    try {
      await api(CHANGE_EMAIL, { newEmail, password });
    } catch (error) {
      return showEmailForm(emailRefusal(error), newEmail);
    }
    announce('We sent a link to your new email address.');
    emailArea.replaceChildren(
      h(
        'div',
        { class: 'panel' },
        h(
          'p',
          {},
          `We sent a link to ${newEmail}. Your email address changes when you open it. Until then, keep signing in with ${me.email}.`,
        ),
      ),
    );
  };
  showEmailForm({}, '');

  render([
    problem,
    h('h2', {}, 'Messages we send you'),
    h('p', {}, 'Choose, for each kind of message, whether we email you. We send them to ', h('strong', {}, me.email), '.'),
    saved,
    choicesForm,
    h('h2', {}, 'Change your email address'),
    h('p', {}, 'We will send a link to the new address. Your address changes only when you open that link.'),
    emailArea,
  ]);
}

export const messagesView = view('Messages and email', 'your message choices', showMessages);
