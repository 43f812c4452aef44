import { londonMoment } from '../common/london.js';
import { type Links, type OutgoingMessage, outgoingMessage, type Recipient } from '../notifications/letter.js';
import { MessageKind } from '../notifications/notifications.enums.js';

/*
 * The words of crisis messages. An email can be read over a shoulder or on a locked phone, so it says
 * only that an alert was raised about someone and when: never the kind of crisis or the note, which
 * whoever may read the alert sees after signing in.
 */

interface AboutAlert {
  alertId: string;
  personName: string;
  raisedAt: Date;
}

const signInLink = (links: Links, alertId: string) => ({ label: 'Sign in to see the alert', url: links.crisisAlert(alertId) });

/**
 * Whom a crisis alert email goes to: a coordinator, or an emergency contact with or without an account
 * under the address the person gave. Only one with an account can sign in to see the alert.
 */
export type AlertReader = 'coordinator' | 'contact with account' | 'contact without account';

/** To an emergency contact of the person, and to the coordinators of the providers visiting them. */
export function crisisAlertMessage(links: Links, to: Recipient, alert: AboutAlert, as: AlertReader): OutgoingMessage {
  const raised = `A crisis alert was raised about ${alert.personName} on ${londonMoment(alert.raisedAt)}.`;
  const signIn = 'When you sign in you can see the alert and say that you are dealing with it.';
  const contact = `You are one of ${alert.personName}’s emergency contacts.`;
  const { paragraphs, link } =
    as === 'contact without account'
      ? {
          // No account, so no sign-in link that cannot work: what to do now, and NHS 111 for help that is not an emergency.
          paragraphs: [raised, `${contact} Please check on them now, or call them.`, 'If someone is in danger, call 999.'],
          link: { label: 'For urgent medical help that is not an emergency, NHS 111', url: links.urgentMedicalHelp() },
        }
      : {
          paragraphs: [
            raised,
            as === 'coordinator'
              ? `Your co-op has visits booked with ${alert.personName}. Please make sure someone is dealing with it.`
              : `${contact} If you can, check on them now.`,
            signIn,
          ],
          link: signInLink(links, alert.alertId),
        };
  return outgoingMessage({
    kind: MessageKind.CRISIS_ALERT,
    to,
    subject: `Crisis alert about ${alert.personName}`,
    paragraphs,
    link,
    links,
  });
}

/** The text message to an emergency contact with a phone: the email's words, shorter. */
export function crisisAlertText(links: Links, alert: AboutAlert, hasAccount: boolean): string {
  const raised = `coopcare: a crisis alert was raised about ${alert.personName}.`;
  return hasAccount
    ? `${raised} See it: ${links.crisisAlert(alert.alertId)}`
    : `${raised} Please check on them now, or call them. If someone is in danger, call 999.`;
}

/**
 * To the council's duty contact (or its officers) when nobody acknowledged the alert in `minutes`, or,
 * with `minutes` null, as it was raised because there was nobody else to tell.
 */
export function escalationMessage(links: Links, to: Recipient, alert: AboutAlert, minutes: number | null): OutgoingMessage {
  return outgoingMessage({
    kind: MessageKind.CRISIS_ALERT_ESCALATED,
    to,
    dedupeKey: `crisis-escalation:${alert.alertId}:${to.email}`,
    subject: `Crisis alert not acknowledged: ${alert.personName}`,
    paragraphs: [
      `A crisis alert was raised about ${alert.personName} on ${londonMoment(alert.raisedAt)}.`,
      minutes === null
        ? 'There was nobody else coopcare could tell of it at once, so it comes straight to the council’s duty team.'
        : `Nobody has said they are dealing with it in ${minutes} minutes, so it comes to the council’s duty team.`,
      // The duty contact is often a team's shared address, not an account: any officer of the council may read the alert.
      'Please sign in with a council officer’s account, see the alert and its contacts, and say that you are dealing with it.',
    ],
    link: signInLink(links, alert.alertId),
    links,
  });
}
