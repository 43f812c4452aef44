import { GraphQLDateTime } from 'graphql-scalars';
import { Field, ObjectType } from 'type-graphql';
import { ID } from '../graphql/scalars.js';

@ObjectType('CalendarLink', {
  description: 'A secret address at which calendar apps read a person’s visits. Only its holder knows the address; revoke it if it leaks.',
})
export class CalendarLinkView {
  @Field(() => ID, { description: 'Opaque and stable: what revokeCalendarLink takes.' })
  id: string;

  @Field(() => ID, { description: 'Whose visits it shows.' })
  personId: string;

  @Field(() => GraphQLDateTime, { description: 'When it was made.' })
  createdAt: Date;

  @Field(() => GraphQLDateTime, { nullable: true, description: 'When it was revoked; null while it works.' })
  revokedAt: Date | null;

  @Field(() => String, {
    nullable: true,
    description:
      'The address, as a path on this API’s origin (`/calendar/<secret>.ics`): subscribe to it in a calendar app. ' +
      'Only in createCalendarLink’s answer; coopcare keeps a hash of the secret and cannot show it again.',
  })
  path: string | null;
}
