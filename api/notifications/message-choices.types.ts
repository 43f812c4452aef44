import { Field, ObjectType } from 'type-graphql';
import { MessageChannel, MessageKind } from './notifications.enums.js';

@ObjectType({ description: 'How you get one kind of message.' })
export class MessageChoice {
  @Field(() => MessageKind, { description: 'What the messages are about.' })
  kind: MessageKind;

  @Field(() => MessageChannel, { description: 'How you get them: EMAIL unless you chose NONE.' })
  channel: MessageChannel;

  @Field(() => Boolean, {
    description: 'False for the kinds always sent (links you asked for, notices that keep your account safe, crisis alerts).',
  })
  canTurnOff: boolean;

  @Field(() => String, { description: 'What the messages are about, in a sentence.' })
  description: string;
}
