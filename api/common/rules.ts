import isEmailModule from 'validator/lib/isEmail.js';

// validator is CommonJS; under Node's ESM its default export is the module object.
const isEmail = isEmailModule.default;

/** RFC 5321's limit on a whole address; checked before anything parses the text. */
export const MAX_EMAIL_LENGTH = 320;
export const MAX_NAME_LENGTH = 200;

export function normaliseEmail(email: string): string {
  return email.trim().toLowerCase();
}

/** The normalised address, or null when the text is not one. Length first: nothing long reaches the parser. */
export function emailOrNull(value: string): string | null {
  if (value.length > MAX_EMAIL_LENGTH + 64) return null;
  const email = normaliseEmail(value);
  return email.length <= MAX_EMAIL_LENGTH && isEmail(email, { allow_utf8_local_part: true }) ? email : null;
}

/** A person's or organisation's name, trimmed: 1 to 200 characters, or null. */
export function nameOrNull(value: string): string | null {
  const name = value.trim();
  return name && name.length <= MAX_NAME_LENGTH ? name : null;
}
