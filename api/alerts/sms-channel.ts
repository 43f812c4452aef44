/** A text message: a phone number as the contact gave it, and words as plain as the email's. */
export interface TextMessage {
  to: string;
  text: string;
}

/**
 * Where crisis alerts go by text as well as email. coopcare has no provider of its own: a council plugs
 * one in (GOV.UK Notify, say) by implementing this and passing it to the alerts module
 * (api/alerts/alerts.module.ts). `send` runs after the alert's transaction has committed, so a provider
 * is never called for an alert that rolled back. It must not throw: the alert and its emails stand
 * whatever the provider does, so a provider logs its own failures.
 */
export interface SmsChannel {
  /** False while no provider is plugged in: the alert's audit event records that no text could go, and start-up logs it. */
  readonly configured: boolean;
  send(messages: readonly TextMessage[]): Promise<void>;
}

/** No provider: nothing is sent (api/main.ts says so in the log once, at start). */
export class NoSmsProvider implements SmsChannel {
  readonly configured = false;

  async send(): Promise<void> {}
}
