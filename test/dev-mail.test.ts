import type { Socket } from 'node:net';
import { describe, expect, it } from 'vitest';
import { fromThisComputer } from '../api/notifications/dev-mail.router.js';
import { letter } from '../api/notifications/letter.js';
import { MessageKind } from '../api/notifications/notifications.enums.js';
import { createApp } from '../api/server.js';
import type { TestApp } from './harness.js';
import { useTestApp } from './support/app.js';
import { expectNoAxeViolations, horizontalOverflow, openPage, useBrowser } from './support/browser.js';
import { useMailServer } from './support/mail.js';

/** /dev/mail: where `npm start` without SMTP_URL keeps every message, for following each flow by hand. */

const mail = await useMailServer();
const HOSTILE = '<script>alert("x")</script> & <b>Bold</b>';

async function keep(t: TestApp, subject: string, name: string, extra: string[] = []) {
  const to = { email: 'someone@example.org', name };
  const links = t.services.outbox.links;
  const words = letter({
    kind: MessageKind.BOOKING_CONFIRMED,
    subject,
    to,
    paragraphs: ['Your booking is confirmed.', ...extra],
    link: { label: 'See the booking', url: links.booking('0b7a1c1e-0000-4000-8000-000000000001') },
    links,
  });
  await t.services.uow.transaction(() => t.services.outbox.enqueue([{ kind: MessageKind.BOOKING_CONFIRMED, to, letter: words }]));
}

describe('without SMTP_URL, outside production', () => {
  const t = useTestApp();
  const b = useBrowser();

  it('keeps messages instead of sending them, and lists them newest first with who, what kind, when and the words', async () => {
    await keep(t, 'First message', 'Ann Example');
    await keep(t, HOSTILE, HOSTILE, [`Read how to embed the tools at ${t.url}/embed?from=mail&x=1. <i>Not markup</i>`]);
    expect(await t.services.mailSender.deliverDue()).toEqual({ handedOver: 2, retrying: 0, dead: 0 });
    expect((await t.db.query(`SELECT DISTINCT status FROM outbox_message`)).map((r: { status: string }) => r.status)).toEqual(['KEPT']);

    const res = await fetch(`${t.url}/dev/mail`);
    expect(res.status).toBe(200);
    expect(res.headers.get('cache-control')).toBe('no-store');
    const csp = res.headers.get('content-security-policy') ?? '';
    expect(csp).toMatch(/default-src 'none'.*style-src 'sha256-/);
    expect(csp).not.toContain('script-src');
    const html = await res.text();
    expect(html).not.toContain('<script>');
    expect(html).not.toContain('<b>Bold</b>');
    expect(html.indexOf('First message')).toBeGreaterThan(html.indexOf('&#60;script&#62;'));
  });

  it('is a page that passes axe, reflows at 320 px, shows the text as text and makes each address a working link', async () => {
    const { context, page, consoleErrors } = await openPage(b.browser, { width: 320 });
    try {
      await page.goto(`${t.url}/dev/mail`);
      expect(await page.locator('h1').textContent()).toBe('Messages kept on this computer');
      const headings = await page.locator('article h2').allTextContents();
      expect(headings).toEqual([HOSTILE, 'First message']);
      const newest = page.locator('article').first();
      expect(await newest.locator('pre').textContent()).toContain(`Hello ${HOSTILE},`);
      expect(await newest.locator('tr', { hasText: 'To' }).locator('td').textContent()).toBe(`${HOSTILE} <someone@example.org>`);
      expect(await newest.locator('tr', { hasText: 'Kind' }).locator('td').textContent()).toBe('BOOKING_CONFIRMED');
      expect(await newest.locator('tr', { hasText: 'Written' }).locator('td').textContent()).toMatch(
        /^\w+day \d{1,2} \w+ \d{4} at (\d{1,2}:\d{2}[ap]m|midday|midnight)$/,
      );

      const links = await newest.locator('pre a').evaluateAll((as) => as.map((a) => [a.textContent, (a as HTMLAnchorElement).href]));
      const embed = `${t.url}/embed?from=mail&x=1`;
      expect(links.map(([, href]) => href)).toEqual([
        embed,
        `${t.url}/account#/bookings/0b7a1c1e-0000-4000-8000-000000000001`,
        `${t.url}/account#/messages`,
      ]);
      expect(links[0]?.[0]).toBe(embed);
      expect(await newest.locator('pre').textContent()).toContain(`${embed}. <i>Not markup</i>`);
      expect(await horizontalOverflow(page)).toMatchObject({ scrollWidth: 320 });
      await expectNoAxeViolations(page);

      await newest.locator('pre a').first().click();
      await page.waitForURL(embed);
      expect(await page.locator('h1').textContent()).toBe('Add care search and booking to your website');
      expect(consoleErrors).toEqual([]);
    } finally {
      await context.close();
    }
  });
});

describe('asked from another computer', () => {
  const t = useTestApp();

  /**
   * The same app, behind a server whose every connection says it comes from elsewhere: the test can
   * only reach the app over 127.0.0.1, and the socket's address is what the page goes by.
   */
  async function servedFrom(remoteAddress: string) {
    const app = await createApp({ services: t.services, config: { publicRateLimitPerMinute: 1000, nodeEnv: 'test', trustProxy: true } });
    const { server, url } = await app.listen(0, '127.0.0.1');
    server.on('connection', (socket: Socket) => Object.defineProperty(socket, 'remoteAddress', { value: remoteAddress }));
    return {
      url,
      async close() {
        server.closeAllConnections();
        await new Promise((resolve) => server.close(resolve));
        await app.apollo.stop();
      },
    };
  }

  it('answers 404 like any unknown path, even when X-Forwarded-For claims this computer', async () => {
    await keep(t, 'A reset link', 'Ann Example');
    await t.services.mailSender.deliverDue();
    const elsewhere = await servedFrom('192.0.2.7');
    try {
      for (const headers of [{}, { 'x-forwarded-for': '127.0.0.1' }] as Record<string, string>[]) {
        const res = await fetch(`${elsewhere.url}/dev/mail`, { headers });
        expect(res.status).toBe(404);
        expect(await res.json()).toEqual({ error: 'Not found' });
      }
    } finally {
      await elsewhere.close();
    }
    const local = await servedFrom('::ffff:127.0.0.1');
    try {
      expect(await (await fetch(`${local.url}/dev/mail`)).text()).toContain('A reset link');
    } finally {
      await local.close();
    }
  });

  it('counts only loopback socket addresses as this computer, and nothing a proxy relayed', () => {
    const asked = (remoteAddress: string | undefined, headers: Record<string, string> = {}) =>
      fromThisComputer({ socket: { remoteAddress }, headers });
    for (const address of ['127.0.0.1', '127.8.9.10', '::1', '::ffff:127.0.0.1']) expect(asked(address), address).toBe(true);
    for (const address of ['192.0.2.7', '10.0.0.1', '::ffff:192.0.2.7', '2001:db8::1', '0.0.0.0', '::', 'localhost', '', undefined]) {
      expect(asked(address), String(address)).toBe(false);
    }
    // A proxy on this computer relays everyone's requests from a loopback socket.
    expect(asked('127.0.0.1', { 'x-forwarded-for': '192.0.2.7' })).toBe(false);
    expect(asked('127.0.0.1', { forwarded: 'for=192.0.2.7' })).toBe(false);
  });
});

describe('with SMTP_URL', () => {
  const t = useTestApp({ smtpUrl: mail.url });

  it('does not exist: messages leave by email', async () => {
    expect((await fetch(`${t.url}/dev/mail`)).status).toBe(404);
  });
});

describe('in production', () => {
  const t = useTestApp({ nodeEnv: 'production' });

  it('does not exist, whatever is configured', async () => {
    expect((await fetch(`${t.url}/dev/mail`)).status).toBe(404);
  });
});
