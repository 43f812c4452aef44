import type { AddressInfo } from 'node:net';
import { simpleParser } from 'mailparser';
import { SMTPServer } from 'smtp-server';
import { afterAll } from 'vitest';

/** A message as the SMTP server received it. */
export interface ReceivedMail {
  /** Every address of the envelope's RCPT TO, lower-cased. */
  to: string[];
  /** The From header's address. */
  from: string;
  subject: string;
  text: string;
  /** As sent, with its angle brackets: `<id@host>`. */
  messageId: string;
}

/**
 * A real SMTP server on a free port of 127.0.0.1 (no authentication, no TLS) that keeps what it
 * receives, for tests that send real email and read it back (`smtpUrl` of the test app).
 */
export interface Mailbox {
  /** `smtp://127.0.0.1:<port>`, for TestAppOptions `smtpUrl`. */
  readonly url: string;
  /** Every message received, oldest first. */
  readonly messages: readonly ReceivedMail[];
  /** The messages received for this address. */
  to(email: string): ReceivedMail[];
  /** The first message received (now, or within `ms`) that `predicate` accepts. */
  waitFor(predicate: (mail: ReceivedMail) => boolean, ms?: number): Promise<ReceivedMail>;
  /** Answers the next `count` messages' DATA with a temporary failure (451), as a busy server does. */
  refuseNext(count: number): void;
  /** Forgets what was received (and any refusals still to come). */
  clear(): void;
  close(): Promise<void>;
}

export async function startMailServer(): Promise<Mailbox> {
  const messages: ReceivedMail[] = [];
  const waiting = new Set<() => void>();
  let refusals = 0;
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['AUTH', 'STARTTLS'],
    logger: false,
    onData(stream, session, callback) {
      const chunks: Buffer[] = [];
      stream.on('data', (chunk: Buffer) => chunks.push(chunk));
      stream.on('end', () => {
        if (refusals > 0) {
          refusals--;
          callback(Object.assign(new Error('Try again later'), { responseCode: 451 }));
          return;
        }
        simpleParser(Buffer.concat(chunks)).then(
          (parsed) => {
            messages.push({
              to: session.envelope.rcptTo.map((r) => r.address.toLowerCase()),
              from: parsed.from?.value[0]?.address ?? '',
              subject: parsed.subject ?? '',
              text: parsed.text ?? '',
              messageId: parsed.messageId ?? '',
            });
            for (const wake of waiting) wake();
            callback();
          },
          (error: Error) => callback(error),
        );
      });
    },
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.server.address() as AddressInfo;
  return {
    url: `smtp://127.0.0.1:${port}`,
    messages,
    to: (email) => messages.filter((m) => m.to.includes(email.toLowerCase())),
    waitFor(predicate, ms = 5_000) {
      return new Promise((resolve, reject) => {
        const look = () => {
          const found = messages.find(predicate);
          if (!found) return;
          clear();
          resolve(found);
        };
        const timer = setTimeout(() => {
          clear();
          reject(new Error(`no message arrived within ${ms} ms that the test waited for (${messages.length} received)`));
        }, ms);
        const clear = () => {
          clearTimeout(timer);
          waiting.delete(look);
        };
        waiting.add(look);
        look();
      });
    },
    refuseNext(count) {
      refusals = count;
    },
    clear() {
      messages.length = 0;
      refusals = 0;
    },
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

/**
 * A mail server for the whole test file, closed after it: `const mail = await useMailServer();` at the
 * top of the file, then `useTestApp({ smtpUrl: mail.url })`, since the app needs the address when the
 * file is collected.
 */
export async function useMailServer(): Promise<Mailbox> {
  const mailbox = await startMailServer();
  afterAll(() => mailbox.close());
  return mailbox;
}

/** Every http(s) address in a message's text, in order. */
export function linksIn(text: string): string[] {
  return text.match(/https?:\/\/[^\s<>"]+/g) ?? [];
}
