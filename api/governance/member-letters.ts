import type { Links, OutgoingMessage, Recipient } from '../notifications/letter.js';
import { outgoingMessage } from '../notifications/letter.js';
import { MessageKind } from '../notifications/notifications.enums.js';

/** Who entered them on which co-op's register, in a sentence: the class, never the share or anyone else's name. */
export function admissionWords(officerName: string, coOpName: string, memberClass: string): string {
  const memberClassWords = memberClass.toLowerCase().replaceAll('_', ' ');
  return `${officerName} entered you on the register of members of ${coOpName} in coopcare, in its ${memberClassWords} class.`;
}

/** To someone admitted by email who has an account already: their membership is on their account page. */
export function memberAdmitted(to: Recipient, what: string, links: Links): OutgoingMessage {
  return outgoingMessage({
    kind: MessageKind.CO_OP_MEMBER_ADMITTED,
    to,
    subject: 'You are a member of a co-op in coopcare',
    paragraphs: [what, 'Sign in to see your membership. If you did not ask to join, tell the co-op.'],
    link: { label: 'See your membership', url: links.account() },
    links,
  });
}
