import { dictionary } from '@zxcvbn-ts/language-common';

const MIN_PASSWORD_LENGTH = 12;
/** Far beyond any passphrase; checked before hashing, so nobody can make argon2 hash a megabyte. */
export const MAX_PASSWORD_LENGTH = 256;

let common: ReadonlySet<string> | undefined;
/**
 * zxcvbn-ts's list of passwords most often found in breaches, lower-cased; only those long enough to pass
 * the length rule are kept, as no shorter one can be chosen anyway.
 */
function commonPasswords(): ReadonlySet<string> {
  common ??= new Set(dictionary['passwords-common'].filter((p) => p.length >= MIN_PASSWORD_LENGTH).map((p) => p.toLowerCase()));
  return common;
}

/** Letters and digits only, lower-cased: "Margaret Ellis" and "margaret.ellis" read alike. */
const squashed = (text: string) => text.toLowerCase().replace(/[^\p{L}\p{N}]/gu, '');

/**
 * Why this password may not be used, in a sentence for the person; null when it may. The rules of
 * NCSC and NIST SP 800-63B: a length, a list of known passwords, nothing guessable from the account;
 * no rules about kinds of characters, which make passwords harder to remember, not to guess.
 */
export function passwordRefusal(password: string, account: { email: string; name: string }): string | null {
  if (password.length < MIN_PASSWORD_LENGTH) return `A password needs at least ${MIN_PASSWORD_LENGTH} characters.`;
  if (password.length > MAX_PASSWORD_LENGTH) return `A password can have at most ${MAX_PASSWORD_LENGTH} characters.`;
  if (commonPasswords().has(password.toLowerCase())) {
    return 'That password is one of the most common ones, which are tried first: choose another.';
  }
  const typed = squashed(password);
  const guessable = [account.email, account.email.split('@')[0] ?? '', account.name].map(squashed).filter((s) => s.length > 0);
  if (guessable.includes(typed)) return 'A password cannot be your email address or your name: choose another.';
  return null;
}
