import { COUNCIL, councilLayout, escapeHtml } from './page-layout.js';

/** The pages an emailed link opens, as server.ts routes them under /account (account-pages.router.ts). */
export const TOKEN_PAGE_PATHS = ['set-password', 'forgot-password', 'reset-password', 'confirm-email'] as const;

export interface FieldError {
  /** The input's id and name. */
  field: string;
  message: string;
}

const page = (title: string, main: string) => councilLayout({ title: `${title} – ${COUNCIL.name}`, main });

/** GOV.UK's error summary: first on the page, each error a link to its field, focused by the browser as an alert. */
function errorSummary(errors: readonly FieldError[]): string {
  if (errors.length === 0) return '';
  const items = errors.map((e) => `<li><a href="#${e.field}">${escapeHtml(e.message)}</a></li>`).join('\n');
  return `<div class="error-summary" role="alert" aria-labelledby="error-summary-title" tabindex="-1">
<h2 id="error-summary-title">There is a problem</h2>
<ul>
${items}
</ul>
</div>`;
}

function field(
  input: { id: string; label: string; type: 'email' | 'password'; autocomplete: string; maxlength: number; hint?: string; value?: string },
  errors: readonly FieldError[],
): string {
  const error = errors.find((e) => e.field === input.id);
  const described = [input.hint ? `${input.id}-hint` : '', error ? `${input.id}-error` : ''].filter(Boolean).join(' ');
  const message = error && `<span class="visually-hidden">Error:</span> ${escapeHtml(error.message)}`;
  return `<div class="form-group${error ? ' error' : ''}">
<label for="${input.id}">${input.label}</label>
${input.hint ? `<p class="hint" id="${input.id}-hint">${input.hint}</p>` : ''}
${message ? `<p class="error-message" id="${input.id}-error">${message}</p>` : ''}
<input id="${input.id}" name="${input.id}" type="${input.type}" autocomplete="${input.autocomplete}" spellcheck="false" \
maxlength="${input.maxlength}"${input.value ? ` value="${escapeHtml(input.value)}"` : ''}\
${described ? ` aria-describedby="${described}"` : ''}${error ? ' aria-invalid="true"' : ''}>
</div>`;
}

const PASSWORD_HINT = 'At least 12 characters. A few words you will remember work well. Not a common password, your email or your name.';

/** The form that chooses a password through an invitation or a reset link; the token rides in a hidden field. */
export function passwordPage(path: 'set-password' | 'reset-password', token: string, errors: readonly FieldError[] = []): string {
  const title = path === 'set-password' ? 'Choose your password' : 'Choose a new password';
  const main = `${errorSummary(errors)}
<h1>${title}</h1>
<form method="post" action="/account/${path}" novalidate>
<input type="hidden" name="token" value="${escapeHtml(token)}">
${field({ id: 'password', label: 'Password', type: 'password', autocomplete: 'new-password', maxlength: 256, hint: PASSWORD_HINT }, errors)}
<button type="submit">${path === 'set-password' ? 'Set my password' : 'Change my password'}</button>
</form>`;
  return page(errors.length ? `Error: ${title}` : title, main);
}

export function forgotPasswordPage(errors: readonly FieldError[] = [], email = ''): string {
  const title = 'Forgotten your password?';
  const main = `${errorSummary(errors)}
<h1>${title}</h1>
<p>Enter the email address you sign in with. We will email you a link to choose a new password.</p>
<form method="post" action="/account/forgot-password" novalidate>
${field({ id: 'email', label: 'Email address', type: 'email', autocomplete: 'username', maxlength: 320, value: email }, errors)}
<button type="submit">Send me a link</button>
</form>`;
  return page(errors.length ? `Error: ${title}` : title, main);
}

export function resetRequestedPage(): string {
  return page(
    'Check your email',
    `<h1>Check your email</h1>
<p>If an account signs in with that address, we have sent it a link to choose a new password. The link works for 1 hour.</p>
<p>Nothing arrived? Check your spam folder, or <a href="/account/forgot-password">ask for another link</a>.</p>`,
  );
}

/** Confirming a new address is a button, not the link itself: mail scanners open links. */
export function confirmEmailPage(token: string, newEmail: string): string {
  return page(
    'Confirm your new email address',
    `<h1>Confirm your new email address</h1>
<p>From now on you will sign in with <strong>${escapeHtml(newEmail)}</strong>.</p>
<form method="post" action="/account/confirm-email" novalidate>
<input type="hidden" name="token" value="${escapeHtml(token)}">
<button type="submit">Confirm this email address</button>
</form>`,
  );
}

/** Success: what changed, and the way to sign in. */
export function donePage(title: string, sentence: string): string {
  return page(
    title,
    `<div class="panel"><h1>${escapeHtml(title)}</h1></div>
<p>${escapeHtml(sentence)}</p>
<p><a href="/account">Sign in to your account</a></p>`,
  );
}

/** A link that no longer works, or a refusal that no form can fix. */
export function problemPage(title: string, sentence: string): string {
  return page(
    title,
    `<h1>${escapeHtml(title)}</h1>
<p>${escapeHtml(sentence)}</p>
<p>To choose a password, <a href="/account/forgot-password">ask for a new link</a>. An invitation can be sent again by whoever
invited you. For help, call ${COUNCIL.helpline} on <a href="${COUNCIL.phoneHref}">${COUNCIL.phone}</a>.</p>`,
  );
}
