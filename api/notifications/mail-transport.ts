import { createTransport } from 'nodemailer';
import type { Config } from '../config.js';

/** One message as it leaves coopcare. */
export interface Mail {
  /** The same on every attempt (`<outbox id@host>`), so a receiving server can tell a resend. */
  messageId: string;
  to: { name: string; email: string };
  subject: string;
  text: string;
}

/** Where the sender hands messages: an SMTP server, or nowhere (kept for /dev/mail). */
export interface MailTransport {
  /** The status a message gets once handed over: SENT, or KEPT when it is only kept to be read at /dev/mail. */
  readonly handedOverAs: 'SENT' | 'KEPT';
  send(mail: Mail): Promise<void>;
}

/**
 * How long one SMTP exchange may take at most. The sender's lease (mail-sender.ts) is longer, so a
 * message whose sending is slow is never claimed by another sender while it is still under way.
 */
const SMTP_TIMEOUTS = { connectionTimeout: 20_000, greetingTimeout: 20_000, socketTimeout: 40_000 };
export const SEND_TIMEOUT_MS = 90_000;

/** Sends through SMTP_URL (credentials in it), From MAIL_FROM; a connection per message, so nothing stays open. */
export function smtpTransport(smtpUrl: string, mailFrom: string): MailTransport {
  const transporter = createTransport({ url: smtpUrl, ...SMTP_TIMEOUTS });
  return {
    handedOverAs: 'SENT',
    async send(mail) {
      await transporter.sendMail({
        from: mailFrom,
        to: { name: mail.to.name, address: mail.to.email },
        subject: mail.subject,
        text: mail.text,
        messageId: mail.messageId,
      });
    },
  };
}

/** No SMTP server (outside production): messages are marked KEPT and read at /dev/mail. */
const keptTransport: MailTransport = { handedOverAs: 'KEPT', send: async () => {} };

export function transportFor(config: Pick<Config, 'smtpUrl' | 'mailFrom'>): MailTransport {
  return config.smtpUrl ? smtpTransport(config.smtpUrl, config.mailFrom) : keptTransport;
}

/** The reason a send failed, short and without what an SMTP URL or a server's greeting might hold. */
export function failureReason(error: unknown): string {
  const e = error as { code?: unknown; responseCode?: unknown; message?: unknown; name?: unknown };
  const code = [e.code, e.responseCode].filter((part) => typeof part === 'string' || typeof part === 'number').join(' ');
  const firstLine = typeof e.message === 'string' ? (e.message.split('\n')[0] ?? '') : String(e.name ?? 'failed');
  const reason = `${code ? `${code}: ` : ''}${firstLine}`.replace(/\/\/[^@\s/]*@/g, '//[redacted]@');
  return reason.length > 300 ? `${reason.slice(0, 299)}…` : reason;
}
