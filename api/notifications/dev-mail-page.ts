import { londonMoment } from '../common/london.js';
import { councilLayout, escapeHtml } from '../web/page-layout.js';
import type { KeptMessage } from './outbox.service.js';

const STATUS: Record<KeptMessage['status'], string> = {
  KEPT: 'kept',
  PENDING: 'waiting for the sender (it runs every few seconds: reload the page)',
  SENT: 'sent',
  DEAD: 'not delivered',
};

/** Addresses in a message's words, up to the first space or angle bracket, less a closing full stop or bracket. */
const ADDRESS = /https?:\/\/[^\s<>"]+[^\s<>".,;:!?)\]]/g;

/** The message's words as HTML: every character escaped, each web address a link to itself. */
function textWithLinks(text: string): string {
  let html = '';
  let from = 0;
  for (const match of text.matchAll(ADDRESS)) {
    const address = escapeHtml(match[0]);
    html += `${escapeHtml(text.slice(from, match.index))}<a href="${address}">${address}</a>`;
    from = match.index + match[0].length;
  }
  return html + escapeHtml(text.slice(from));
}

function messageHtml(message: KeptMessage, index: number): string {
  const heading = `message-${index}`;
  const written = londonMoment(message.createdAt, { year: true });
  return `<article aria-labelledby="${heading}">
<h2 id="${heading}">${escapeHtml(message.subject)}</h2>
<table>
<tr><th scope="row">To</th><td>${escapeHtml(message.recipientName)} &lt;${escapeHtml(message.recipientEmail)}&gt;</td></tr>
<tr><th scope="row">Kind</th><td><code>${escapeHtml(message.kind)}</code></td></tr>
<tr><th scope="row">Written</th><td><time datetime="${message.createdAt.toISOString()}">${written}</time></td></tr>
<tr><th scope="row">Status</th><td>${STATUS[message.status]}</td></tr>
</table>
<pre>${textWithLinks(message.bodyText)}</pre>
</article>`;
}

/** `/dev/mail`: what coopcare would have emailed, newest first, for following every flow by hand without a mail server. */
export function devMailPage(messages: readonly KeptMessage[], limit: number): string {
  const list = messages.length
    ? messages.map(messageHtml).join('\n')
    : '<p>No messages yet. Do something that sends one (invite someone, book a visit) and reload this page.</p>';
  return councilLayout({
    title: 'Messages kept on this computer – coopcare',
    main: `<h1>Messages kept on this computer</h1>
<p class="lead">No <code>SMTP_URL</code> is set, so coopcare sends no email: it keeps each message here instead.</p>
<p class="hint">The ${limit} newest, newest first. Only outside production, and only without <code>SMTP_URL</code>.</p>
${list}`,
  });
}
