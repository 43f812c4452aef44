import { registerEnumType } from 'type-graphql';

/** What kind of crisis an alert is about. Shown to those who sign in, never written in an email. */
export enum CrisisAlertKind {
  FALLEN = 'FALLEN',
  NO_ANSWER = 'NO_ANSWER',
  UNWELL = 'UNWELL',
  OTHER = 'OTHER',
}

registerEnumType(CrisisAlertKind, {
  name: 'CrisisAlertKind',
  description: 'What kind of crisis an alert is about.',
  valuesConfig: {
    FALLEN: { description: 'The person has fallen.' },
    NO_ANSWER: { description: 'Nobody answered the door at a visit.' },
    UNWELL: { description: 'The person is unwell.' },
    OTHER: { description: 'Something else: the note says what.' },
  },
});
