import type { PeopleService } from '../accounts/people.service.js';
import { type Acting, actingPersonId } from '../auth/actor.js';
import type { DirectoryService } from '../directory/directory.service.js';
import { MessageKind } from '../notifications/notifications.enums.js';
import type { OutboxService } from '../notifications/outbox.service.js';
import { capital, messagesTo, whose } from '../notifications/recipient.js';
import type { TimeBankMember } from './time-bank.entity.js';
import { TimeBankMembershipStatus } from './timebank.enums.js';

/**
 * The message a coordinator's decision on a membership sends, written in the decision's transaction: to the
 * person, and to the representative who asked for them. It names the co-op, never the refusal's reason,
 * which is a coordinator's own words and is read signed in.
 */
export class MembersMessages {
  constructor(
    private readonly outbox: OutboxService,
    private readonly people: PeopleService,
    private readonly directory: DirectoryService,
  ) {}

  async decided(acting: Acting, member: TimeBankMember): Promise<void> {
    const provider = await this.directory.getProvider(member.providerId, { includeUnpublished: true });
    const coOp = provider?.name ?? 'The co-op';
    const people = await this.people.peopleByIds([...new Set([member.personId, ...(member.askedById ? [member.askedById] : [])])]);
    const holder = people.find((p) => p.id === member.personId);
    if (!holder) return;
    const approved = member.status === TimeBankMembershipStatus.APPROVED;
    const { links } = this.outbox;
    await this.outbox.enqueue(
      messagesTo({
        kind: MessageKind.TIME_BANK_MEMBERSHIP_DECIDED,
        people,
        except: actingPersonId(acting.actor),
        link: { label: 'Sign in to coopcare', url: links.account() },
        links,
        write: (to) =>
          approved
            ? {
                subject: `${capital(whose(to, holder))} membership of ${coOp}’s time bank is approved`,
                paragraphs: [
                  `${coOp}’s time bank approved ${whose(to, holder)} membership.`,
                  'Members offer and ask for help, and bank the time they give in minutes.',
                ],
              }
            : {
                subject: `${capital(whose(to, holder))} request to join ${coOp}’s time bank`,
                paragraphs: [
                  `${coOp}’s time bank did not approve ${whose(to, holder)} membership this time.`,
                  'Sign in to read the coordinator’s reason. You may ask again.',
                ],
              },
      }),
    );
  }
}
