import { COUNCIL, councilLayout } from './page-layout.js';
import { loadPageScript, type PageScript } from './page-script.js';

/**
 * The page's code, as its modules import one another: the shell (sign-in, session, routing) first. Each
 * is served at `/<name>.client.js`, its file's own name, so the imports resolve in the browser as they
 * do for the type-checker.
 */
export const ACCOUNT_PAGE_SCRIPTS = ['account-page', 'account-kit', 'account-views', 'account-messages'] as const;

export type AccountPageScripts = Record<(typeof ACCOUNT_PAGE_SCRIPTS)[number], PageScript>;

export function loadAccountPageScripts(): AccountPageScripts {
  return Object.fromEntries(ACCOUNT_PAGE_SCRIPTS.map((name) => [name, loadPageScript(name)])) as AccountPageScripts;
}

/** Where a person asks for a link to choose a new password (account-pages, the token pages). */
const FORGOT_PASSWORD = '/account/forgot-password';

/**
 * The signed-in page at `/account`, where every message's link leads: the sign-in form, then the view
 * the address's fragment names (`#/bookings/<id>`, `#/alerts/<id>`, `#/messages`…), which the page's
 * code (account-page.client.js) fills from GraphQL with the person's own token. The page is the same for
 * everyone and holds nothing personal: what a person sees comes after they sign in, and the fragment
 * never reaches a server or its logs.
 */
export function accountPage(scripts: AccountPageScripts): string {
  // The modules the shell imports are preloaded with their integrity, which an import alone cannot carry.
  const [shell, ...imported] = ACCOUNT_PAGE_SCRIPTS;
  const head = [
    `<script type="module" src="/${shell}.client.js" integrity="${scripts[shell].integrity}"></script>`,
    ...imported.map((name) => `<link rel="modulepreload" href="/${name}.client.js" integrity="${scripts[name].integrity}">`),
    '',
  ].join('\n');
  const main = `<h1 id="heading" class="wraps" tabindex="-1">Your account</h1>
<noscript><div class="notice"><p>Your account page needs JavaScript, which is turned off or not available in your browser.
For help with your care, call ${COUNCIL.helpline} on <a href="${COUNCIL.phoneHref}">${COUNCIL.phone}</a>.</p></div></noscript>
<p id="status" role="status" class="visually-hidden"></p>
<section id="sign-in" aria-labelledby="heading" hidden>
<div id="sign-in-errors" class="error-summary" role="alert" tabindex="-1"></div>
<p id="sign-in-reason"></p>
<form id="sign-in-form" novalidate>
<div class="form-group" id="email-group">
<label for="email">Email address</label>
<p class="error-message" id="email-error" hidden></p>
<input id="email" name="email" type="email" autocomplete="username" spellcheck="false" maxlength="320">
</div>
<div class="form-group" id="password-group">
<label for="password">Password</label>
<p class="error-message" id="password-error" hidden></p>
<input id="password" name="password" type="password" autocomplete="current-password" maxlength="256">
</div>
<button type="submit">Sign in</button>
</form>
<p><a href="${FORGOT_PASSWORD}">Forgotten your password?</a></p>
</section>
<div id="account" class="wraps" hidden>
<div class="signed-in-bar">
<p>Signed in as <strong id="viewer-name"></strong></p>
<button type="button" id="sign-out" class="secondary">Sign out</button>
</div>
<nav aria-label="Your account">
<ul class="account-nav">
<li><a href="#/">Overview</a></li>
<li><a href="#/invitations">Invitations</a></li>
<li><a href="#/messages">Messages and email</a></li>
</ul>
</nav>
<div id="view-problem" class="error-summary" role="alert" tabindex="-1"></div>
<div id="view"></div>
</div>`;
  return councilLayout({ title: `Your account – ${COUNCIL.name}`, main, head });
}
