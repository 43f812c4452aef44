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

/** To an emergency contact of the person, and to the coordinators of the providers visiting them. */
export function crisisAlertMessage(links: Links, to: Recipient, alert: AboutAlert, as: 'contact' | 'coordinator'): OutgoingMessage {
  const why =
    as === 'contact'
      ? `You are one of ${alert.personName}’s emergency contacts. If you can, check on them now.`
      : `Your co-op has visits booked with ${alert.personName}. Please make sure someone is dealing with it.`;
  return outgoingMessage({
    kind: MessageKind.CRISIS_ALERT,
    to,
    subject: `Crisis alert about ${alert.personName}`,
    paragraphs: [
      `A crisis alert was raised about ${alert.personName} on ${londonMoment(alert.raisedAt)}.`,
      why,
      'When you sign in you can see the alert and say that you are dealing with it.',
    ],
    link: signInLink(links, alert.alertId),
    links,
  });
}

/** To the council's duty contact (or its officers) when nobody acknowledged the alert in time. */
export function escalationMessage(links: Links, to: Recipient, alert: AboutAlert, minutes: number): OutgoingMessage {
  return outgoingMessage({
    kind: MessageKind.CRISIS_ALERT_ESCALATED,
    to,
    dedupeKey: `crisis-escalation:${alert.alertId}:${to.email}`,
    subject: `Crisis alert not acknowledged: ${alert.personName}`,
    paragraphs: [
      `A crisis alert was raised about ${alert.personName} on ${londonMoment(alert.raisedAt)}.`,
      `Nobody has said they are dealing with it in ${minutes} minutes, so it comes to the council’s duty team.`,
      'Please sign in, see the alert and its contacts, and say that you are dealing with it.',
    ],
    link: signInLink(links, alert.alertId),
    links,
  });
}
