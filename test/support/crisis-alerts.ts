import type { TestApp } from '../harness.js';
import { as } from './fulfilment.js';
import type { World } from './world.js';

/** The documents the crisis-alert tests share; a test that reads more of the answer keeps its own. */
export const SET_CONTACTS = `mutation($i: SetEmergencyContactsInput!) { setEmergencyContacts(input: $i) { email } }`;
export const RAISE = `mutation($i: RaiseCrisisAlertInput!) { raiseCrisisAlert(input: $i) { id } }`;

/** The world's person sets their emergency contacts. */
export const setContacts = (t: TestApp, w: World, contacts: { name: string; email: string; phone?: string }[]) =>
  as(t, w, 'person', SET_CONTACTS, { i: { personId: w.ids.person, contacts } });
