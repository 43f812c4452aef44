import { type Links, type OutgoingMessage, outgoingMessage, type Recipient } from '../notifications/letter.js';
import { MessageKind } from '../notifications/notifications.enums.js';

/**
 * The words of every message accounts sends. None names another person's health or care, and each
 * link carries its secret only in the query string.
 */
export class AccountLetters {
  constructor(private readonly links: Links) {}

  /** `because` says who asked them in and for what, e.g. "David Ellis asked you to be their representative in coopcare." */
  invitation(to: Recipient, because: string, secret: string): OutgoingMessage {
    return this.message(
      MessageKind.ACCOUNT_INVITATION,
      to,
      'You are invited to coopcare',
      [because, 'To start, choose a password for your account. The link works once, for 7 days.'],
      { label: 'Choose your password', url: this.links.setPassword(secret) },
    );
  }

  passwordReset(to: Recipient, secret: string): OutgoingMessage {
    return this.message(
      MessageKind.PASSWORD_RESET,
      to,
      'Choose a new coopcare password',
      [
        'Someone asked to reset the password of your coopcare account. If it was you, choose a new password.',
        'The link works once, for 1 hour. If it was not you, ignore this message: your password stays as it is.',
      ],
      { label: 'Choose a new password', url: this.links.resetPassword(secret) },
    );
  }

  /** To the new address: proof that the address is theirs. */
  emailConfirmation(to: Recipient, secret: string): OutgoingMessage {
    return this.message(
      MessageKind.EMAIL_CONFIRMATION,
      to,
      'Confirm your new email address for coopcare',
      [
        'You asked to sign in to coopcare with this email address from now on.',
        'Confirm it to make the change. The link works once, for 24 hours. Until then, nothing changes.',
      ],
      { label: 'Confirm this email address', url: this.links.confirmEmail(secret) },
    );
  }

  /**
   * To the account's own address the moment a change is asked for: whoever asked knew the password and
   * may hold the new mailbox too, so the owner must hear before the link is used, not after. A new
   * password ends the waiting link. The new address is masked: the owner sees it is not theirs, and a
   * domain its asker chose is never written out for a mail program to turn into a link.
   */
  emailChangeRequested(to: Recipient, newEmail: string): OutgoingMessage {
    return this.message(
      MessageKind.ACCOUNT_SECURITY,
      to,
      'Someone asked to change your coopcare email address',
      [
        'Someone signed in to your coopcare account with your password and asked to sign in with another email address, ' +
          `${masked(newEmail)}, from now on. It changes only if that address confirms it.`,
        'If this was not you, someone knows your password: choose a new one now. That stops the change and signs everyone else out.',
      ],
      { label: 'Choose a new password', url: this.links.forgotPassword() },
    );
  }

  /** To an address that already has an account, instead of a confirmation: the asker learns nothing, the owner does. */
  emailAlreadyInUse(to: Recipient): OutgoingMessage {
    return this.security(to, 'Someone tried to move a coopcare account to this email address', [
      'Someone asked to move another coopcare account to this email address. This address already has its own account, so nothing changed.',
      'If it was you, sign in with this address instead.',
    ]);
  }

  passwordChanged(to: Recipient): OutgoingMessage {
    return this.security(to, 'Your coopcare password was changed', [
      'The password of your coopcare account was just changed, and every other sign-in was ended.',
      'If you did not do this, choose a new password at once and tell your council.',
    ]);
  }

  /** To the old address, which can no longer sign in. */
  emailChanged(to: Recipient): OutgoingMessage {
    return this.security(to, 'Your coopcare email address was changed', [
      'Your coopcare account now signs in with a different email address, confirmed from that address. This address no longer signs in.',
      'If you did not do this, tell your council at once.',
    ]);
  }

  /** `what` says where, e.g. "Joe Bloggs added you as a care worker of Colne Valley Care in coopcare." */
  staffAdded(to: Recipient, what: string): OutgoingMessage {
    return this.message(
      MessageKind.STAFF_ADDED,
      to,
      'You were added as staff in coopcare',
      [what, 'Sign in with your usual password to see it.'],
      { label: 'Sign in to coopcare', url: this.links.account() },
    );
  }

  /** To someone with an account whom a person invited to be their representative. */
  representativeInvitation(to: Recipient, because: string): OutgoingMessage {
    return this.message(
      MessageKind.REPRESENTATIVE_INVITATION,
      to,
      'You are invited to be a representative in coopcare',
      [because, 'Sign in to accept or decline. Nothing changes until you accept.'],
      { label: 'See your invitations', url: this.links.invitations() },
    );
  }

  private security(to: Recipient, subject: string, paragraphs: string[]): OutgoingMessage {
    return this.message(MessageKind.ACCOUNT_SECURITY, to, subject, paragraphs, { label: 'Sign in to coopcare', url: this.links.account() });
  }

  private message(
    kind: MessageKind,
    to: Recipient,
    subject: string,
    paragraphs: string[],
    link: { label: string; url: string },
  ): OutgoingMessage {
    return outgoingMessage({ kind, to, subject, paragraphs, link, links: this.links });
  }
}

/** `j***@e***.org` for `jo@example.org`: its first letters and its top-level domain. */
function masked(email: string): string {
  const at = email.lastIndexOf('@');
  const [local, domain] = [email.slice(0, at), email.slice(at + 1)];
  const dot = domain.lastIndexOf('.');
  const first = (part: string) => Array.from(part)[0] ?? '';
  return `${first(local)}***@${first(domain)}***${dot > 0 ? domain.slice(dot) : ''}`;
}
