import type { PeopleService } from '../accounts/people.service.js';
import { type Acting, actingPersonId } from '../auth/actor.js';
import { londonMoment } from '../common/london.js';
import type { DirectoryService } from '../directory/directory.service.js';
import { MessageKind } from '../notifications/notifications.enums.js';
import type { OutboxService } from '../notifications/outbox.service.js';
import { capital, messagesTo, whose } from '../notifications/recipient.js';
import type { HelpRequest } from './help.entity.js';
import { districtOf } from './help.types.js';
import type { TimeBankMember } from './time-bank.entity.js';

/**
 * The messages a request's changes send, written in the change's transaction. They say the day, the time in UK
 * time and the postcode district, never the full postcode or the request's description: an email is read
 * outside coopcare, and both are read signed in.
 */
export class HelpMessages {
  constructor(
    private readonly outbox: OutboxService,
    private readonly people: PeopleService,
    private readonly directory: DirectoryService,
  ) {}

  /** To the helper the asker chose. */
  async helperAccepted(acting: Acting, request: HelpRequest, member: TimeBankMember, helper: TimeBankMember): Promise<void> {
    const [coOp, people] = await Promise.all([this.coOpName(request), this.people.peopleByIds([member.personId, helper.personId])]);
    const helped = people.find((p) => p.id === member.personId);
    const helping = people.find((p) => p.id === helper.personId);
    if (!helped || !helping) return;
    const { links } = this.outbox;
    await this.outbox.enqueue(
      messagesTo({
        kind: MessageKind.TIME_BANK_HELPER_ACCEPTED,
        people: [helping],
        except: actingPersonId(acting.actor),
        link: { label: 'Sign in to coopcare', url: links.account() },
        links,
        write: () => ({
          subject: `You are helping ${helped.name} on ${londonMoment(request.startsAt)}`,
          paragraphs: [
            `${helped.name} accepted your offer of help through ${coOp}’s time bank: ${londonMoment(request.startsAt)}, ` +
              `for ${request.minutes} minutes, in ${districtOf(request.postcode)}.`,
            'Sign in to see the address and what is wanted, under the help you give.',
          ],
        }),
      }),
    );
  }

  /** To the asker's side (the person helped and whoever asked for them) when the accepted helper left the time bank. */
  async helperCannotCome(acting: Acting, request: HelpRequest, member: TimeBankMember): Promise<void> {
    const askers = [member.personId, ...(request.askedById ? [request.askedById] : [])];
    const [coOp, people] = await Promise.all([this.coOpName(request), this.people.peopleByIds([...new Set(askers)])]);
    const helped = people.find((p) => p.id === member.personId);
    if (!helped) return;
    const { links } = this.outbox;
    await this.outbox.enqueue(
      messagesTo({
        kind: MessageKind.TIME_BANK_HELPER_CANNOT_COME,
        people,
        except: actingPersonId(acting.actor),
        link: { label: 'Sign in to coopcare', url: links.account() },
        links,
        write: (to) => ({
          subject: `${capital(whose(to, helped))} helper for ${londonMoment(request.startsAt)} can no longer come`,
          paragraphs: [
            `The helper chosen for ${whose(to, helped)} help on ${londonMoment(request.startsAt)} has left ${coOp}’s time bank.`,
            'The request is open again: sign in to choose another helper.',
          ],
        }),
      }),
    );
  }

  private async coOpName(request: HelpRequest): Promise<string> {
    return (await this.directory.getProvider(request.providerId, { includeUnpublished: true }))?.name ?? 'The co-op';
  }
}
