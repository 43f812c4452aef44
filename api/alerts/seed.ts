import { DEMO_ACCOUNTS } from '../accounts/seed.js';
import { actingAs } from '../demo/demo-acting.js';
import type { AppServices } from '../modules.js';

/** Kirklees's duty team, where the demo's escalated alerts go (Ofcom's numbers for drama, never a real line). */
export const DEMO_DUTY_CONTACT = { name: 'Kirklees adult social care duty team', email: 'duty@kirklees.example', phone: '01632 960123' };

/**
 * Margaret's emergency contacts, as David set them up with her: David, and Jean next door who has her
 * spare key; and Kirklees's duty contact, set by Priya. After the accounts; once only: a database where
 * Margaret has contacts is left alone.
 */
export async function seedAlerts(services: AppServices): Promise<string[]> {
  const { people, contacts } = services;
  const margaret = await people.personByEmail(DEMO_ACCOUNTS.margaret.email);
  if (!margaret?.councilId || (await contacts.contactsFor(margaret.id)).length > 0) return [];
  const [david, officer] = await Promise.all((['david', 'officer'] as const).map((k) => actingAs(services, k)));
  await contacts.setEmergencyContacts(david, margaret.id, [
    { name: DEMO_ACCOUNTS.david.name, email: DEMO_ACCOUNTS.david.email, phone: '07700 900461' },
    { name: 'Jean Haigh', email: 'jean.haigh@example.org' },
  ]);
  await contacts.setCouncilDutyContact(officer, margaret.councilId, DEMO_DUTY_CONTACT);
  return ['crisis alerts: Margaret’s emergency contacts (David, and Jean next door) and Kirklees’s duty team'];
}
