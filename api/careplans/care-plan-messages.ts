import type { Person } from '../accounts/person.entity.js';
import type { PeopleService } from '../accounts/people.service.js';
import type { RepresentativesService } from '../accounts/representatives.service.js';
import { RepresentativeRight } from '../auth/auth.enums.js';
import type { Recipient } from '../notifications/letter.js';
import { MessageKind } from '../notifications/notifications.enums.js';
import type { OutboxService } from '../notifications/outbox.service.js';
import { capital, messagesTo, whose } from '../notifications/recipient.js';
import type { CarePlan } from './care-plan.entity.js';

/**
 * The messages a care plan's changes send, written in the change's transaction. They say that something
 * waits or was done, by whom and to which version, and link to the plan: never a word of the plan, which
 * is health information for the circle alone.
 */
export class CarePlanMessages {
  constructor(
    private readonly outbox: OutboxService,
    private readonly people: PeopleService,
    private readonly representatives: RepresentativesService,
  ) {}

  /** To the person and the representatives who decide for them (EDIT_PLAN), but not whoever proposed it. */
  async proposalWaiting(plan: CarePlan, proposerId: string): Promise<void> {
    const { person, deciders } = await this.personSide(plan);
    const [proposer] = await this.people.peopleByIds([proposerId]);
    const by = proposer?.id === person.id ? person.name : (proposer?.name ?? 'Someone in the circle');
    await this.send(plan, MessageKind.CARE_PLAN_PROPOSAL, deciders, proposerId, (to) => ({
      subject: `A change to ${whose(to, person)} care plan waits for ${to.personId === person.id ? 'your' : 'a'} decision`,
      paragraphs: [
        `${by} proposed a change to ${whose(to, person)} care plan.`,
        to.personId === person.id
          ? 'Read it, then accept or reject it. Nothing in the plan changes until you accept it.'
          : `Read it, then accept or reject it for ${person.name}, as they may themself. Nothing in the plan changes until it is accepted.`,
      ],
    }));
  }

  /**
   * To the person, the representatives who decide for them and the lead coordinator, the last signer
   * too: both sides signed `version`, and each keeps the message as their record of it.
   */
  async agreed(plan: CarePlan, version: number): Promise<void> {
    const { person, deciders } = await this.personSide(plan);
    const lead = plan.leadCoordinatorId ? await this.people.peopleByIds([plan.leadCoordinatorId]) : [];
    await this.send(plan, MessageKind.CARE_PLAN_AGREED, [...deciders, ...lead], null, (to) => ({
      subject: `${capital(whose(to, person))} care plan is agreed`,
      paragraphs: [
        `Version ${version} of ${whose(to, person)} care plan is signed for ${to.personId === person.id ? 'you' : person.name} ` +
          'and for the co-op by its lead coordinator.',
        'It is the plan care follows until a change to it is accepted and signed again.',
      ],
    }));
  }

  private async personSide(plan: CarePlan): Promise<{ person: Person; deciders: Person[] }> {
    const side = (await this.representatives.withRepresentatives([plan.personId], [RepresentativeRight.EDIT_PLAN])).get(plan.personId)!;
    return { person: side.person, deciders: [side.person, ...side.representatives] };
  }

  private async send(
    plan: CarePlan,
    kind: MessageKind,
    people: readonly Person[],
    except: string | null,
    write: (to: Recipient) => { subject: string; paragraphs: string[] },
  ): Promise<void> {
    const { links } = this.outbox;
    const link = { label: 'See the care plan', url: links.carePlan(plan.id) };
    await this.outbox.enqueue(messagesTo({ kind, people, except, link, links, write }));
  }
}
