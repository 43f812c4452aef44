/**
 * A spreadsheet opens a cell starting with = + - @ (or a tab or carriage return that hides one) as a
 * formula; names and descriptions come from people, so such a cell is prefixed with an apostrophe,
 * which spreadsheets show as text (OWASP's CSV injection advice). Every CSV coopcare writes guards its
 * typed cells with this.
 */
export function neutralised(text: string): string {
  return /^[=+\-@\t\r]/.test(text) ? `'${text}` : text;
}
