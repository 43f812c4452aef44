import { type Links, type OutgoingMessage, outgoingMessage, type Recipient } from '../notifications/letter.js';
import { MessageKind } from '../notifications/notifications.enums.js';

/** Why someone is asked into a circle, in a sentence: who asked, and whose plan (never what is in it). */
export function circleInvitationReason(inviterName: string, personName: string): string {
  return (
    `${inviterName} asked you to join the circle of ${personName}’s care plan in coopcare, ` +
    'where the people who support them plan their care together.'
  );
}

/** To an invitee who has an account: their invitations are on their account page. */
export function circleInvitation(to: Recipient, because: string, links: Links): OutgoingMessage {
  return outgoingMessage({
    kind: MessageKind.CIRCLE_INVITATION,
    to,
    subject: 'You are invited to a care plan’s circle in coopcare',
    paragraphs: [because, 'Sign in to accept or decline. Nothing changes until you accept.'],
    link: { label: 'See your invitations', url: links.invitations() },
    links,
  });
}
