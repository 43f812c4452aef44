/** Value helpers the ORUK mappings share. */

/** A value worth sending: not null, not blank. */
export const nonEmpty = (value: string | null | undefined): value is string => typeof value === 'string' && value.trim() !== '';

/** Copies only the defined values, so optional properties are absent rather than undefined or null. */
export function compact<T extends object>(value: T): T {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined && v !== null)) as T;
}
