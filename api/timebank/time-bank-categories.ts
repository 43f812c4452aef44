/**
 * What a time bank's members help with: the directory's service categories (personal-care, respite,
 * gardening-and-maintenance…), read through the directory's service, and these, which are time-bank help
 * rather than services a co-op sells.
 */
export const TIME_BANK_CATEGORIES: readonly { slug: string; name: string }[] = [
  { slug: 'befriending-calls', name: 'Befriending calls' },
  { slug: 'lifts', name: 'Lifts' },
  { slug: 'shopping', name: 'Shopping' },
  { slug: 'gardening', name: 'Gardening' },
  { slug: 'respite-sitting', name: 'Respite sitting' },
];

/**
 * Help that leaves the helper alone with the person at home (personal care, sitting so a carer can go out)
 * is regulated activity with adults: a helper needs a background check in date (time-banks.reader.ts).
 */
const CHECKED_CATEGORIES: ReadonlySet<string> = new Set(['personal-care', 'respite', 'respite-sitting']);

export function needsBackgroundCheck(category: string, aloneAtHome: boolean): boolean {
  return aloneAtHome || CHECKED_CATEGORIES.has(category);
}
