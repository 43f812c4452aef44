import type { Logger } from '../common/logger.js';

/** A text message: a phone number as the contact gave it, and words as plain as the email's. */
export interface TextMessage {
  to: string;
  text: string;
}

/**
 * Where crisis alerts go by text as well as email. coopcare has no provider of its own: a council plugs
 * one in (GOV.UK Notify, say) by implementing this and passing it to the alerts module
 * (api/alerts/alerts.module.ts). `send` runs after the alert's transaction has committed, so a provider
 * is never called for an alert that rolled back; a failure is logged, and the email still goes.
 */
export interface SmsChannel {
  /** False while no provider is plugged in: the alert's audit event records its text messages as not sent. */
  readonly configured: boolean;
  send(messages: readonly TextMessage[]): Promise<void>;
}

/** No provider: nothing is sent, and the log says so once per process, not once per alert. */
export class NoSmsProvider implements SmsChannel {
  readonly configured = false;
  private told = false;

  constructor(private readonly log: Pick<Logger, 'warn'>) {}

  async send(messages: readonly TextMessage[]): Promise<void> {
    if (this.told || messages.length === 0) return;
    this.told = true;
    this.log.warn('No SMS provider is configured: crisis alerts go by email only (see README, "Crisis alerts").');
  }
}
