import { In, IsNull, Not } from 'typeorm';
import type { AuditService } from '../audit/audit.service.js';
import { assertAllowed, requirePerson, type Acting } from '../auth/actor.js';
import { RepresentativeRight } from '../auth/auth.enums.js';
import { isEmailAddress, isName, normaliseEmail } from '../common/rules.js';
import { returnedRows } from '../common/sql.js';
import type { UnitOfWork } from '../common/unit-of-work.js';
import { forbidden } from '../auth/auth.exception.js';
import { accountsNotFound, invalidInput } from './accounts.exception.js';
import type { AccountInvitationsService } from './account-invitations.service.js';
import type { AccountLetters } from './account-letters.js';
import type { PeopleService } from './people.service.js';
import { Person } from './person.entity.js';
import { RepresentativeGrant } from './representative-grant.entity.js';

/**
 * Representatives: a person invites someone by email to act for them with named rights; the rights take
 * effect when the invitee, signed in with that email, accepts. For a person whose lack of capacity two
 * officers have established, an officer of their council acts in their place, with a reason, but never
 * for their own benefit: they may not invite themself, nor accept an invitation they made.
 */
export class RepresentativesService {
  constructor(
    private readonly uow: UnitOfWork,
    private readonly audit: AuditService,
    private readonly people: PeopleService,
    private readonly invitations: AccountInvitationsService,
    private readonly letters: AccountLetters,
  ) {}

  /** An audit event about the person, readable by their council's officers. */
  private async auditForPerson(acting: Acting, personId: string, action: string, summary: Record<string, unknown>): Promise<void> {
    const person = await this.uow.manager.findOneByOrFail(Person, { id: personId });
    await this.audit.record(acting, { action, objectType: 'Person', objectId: personId, councilId: person.councilId, summary });
  }

  /** The person's grants, in force and invited. */
  async grantsForPerson(personId: string): Promise<RepresentativeGrant[]> {
    return this.uow.manager.find(RepresentativeGrant, {
      where: { personId, revokedAt: IsNull() },
      order: { grantedAt: 'ASC', right: 'ASC' },
    });
  }

  /** Rights in force that others gave this person (accepted invitations only). */
  async grantsHeldBy(representativeId: string): Promise<RepresentativeGrant[]> {
    return this.uow.manager.find(RepresentativeGrant, {
      where: { representativeId, revokedAt: IsNull() },
      order: { grantedAt: 'ASC', right: 'ASC' },
    });
  }

  /**
   * Rights in force that representatives hold for each of these people (accepted, not revoked), for
   * other domains that list who may act for a person (a care plan's circle). One statement.
   */
  async grantsInForceFor(personIds: readonly string[]): Promise<RepresentativeGrant[]> {
    if (personIds.length === 0) return [];
    return this.uow.manager.find(RepresentativeGrant, {
      where: { personId: In([...personIds]), representativeId: Not(IsNull()), revokedAt: IsNull() },
      order: { grantedAt: 'ASC', right: 'ASC' },
    });
  }

  /**
   * Each of these people with the representatives who hold any of `rights` for them (by the person's
   * id; unknown people left out): who hears of what happens to a person's care. Two statements however
   * many people.
   */
  async withRepresentatives(
    personIds: readonly string[],
    rights: readonly RepresentativeRight[],
  ): Promise<Map<string, { person: Person; representatives: Person[] }>> {
    const grants = (await this.grantsInForceFor([...new Set(personIds)])).filter((g) => rights.includes(g.right));
    const people = new Map(
      (await this.people.peopleByIds([...personIds, ...grants.map((g) => g.representativeId!)])).map((p) => [p.id, p]),
    );
    const found = new Map<string, { person: Person; representatives: Person[] }>();
    for (const id of personIds) {
      const person = people.get(id);
      if (!person || found.has(id)) continue;
      const representatives = new Set(grants.filter((g) => g.personId === id).map((g) => people.get(g.representativeId!)!));
      found.set(id, { person, representatives: [...representatives] });
    }
    return found;
  }

  /** The rights in force one representative holds for one person. */
  private rightsHeld(personId: string, representativeId: string): Promise<RepresentativeGrant[]> {
    return this.uow.manager.find(RepresentativeGrant, {
      where: { personId, representativeId, revokedAt: IsNull() },
      order: { grantedAt: 'ASC', right: 'ASC' },
    });
  }

  /** Pending invitations addressed to this person's email. */
  async invitationsFor(personId: string): Promise<RepresentativeGrant[]> {
    const person = await this.people.personById(personId);
    if (!person) return [];
    return this.uow.manager.getRepository(RepresentativeGrant).find({
      where: { invitedEmail: person.email, representativeId: IsNull(), revokedAt: IsNull() },
      order: { grantedAt: 'ASC', right: 'ASC' },
    });
  }

  /**
   * Invites a representative by email. The rights are pending until the person signed in with that address
   * accepts (`acceptRepresentativeInvitation`), and until then the grant shows only the name the granter
   * typed. The address is emailed: an invitation to set a password when it has no account (one is made),
   * else a note pointing to their invitations; the answer is the same. Returns all the person's live grants.
   */
  async grantRepresentativeRights(
    acting: Acting,
    input: {
      personId?: string | null;
      representativeEmail: string;
      representativeName: string;
      rights: RepresentativeRight[];
      reason?: string | null;
    },
  ): Promise<RepresentativeGrant[]> {
    const actor = requirePerson(acting.actor);
    if (input.rights.length === 0) throw invalidInput('Name at least one right.', 'rights');
    const email = normaliseEmail(input.representativeEmail);
    if (!isEmailAddress(email)) throw invalidInput('That is not an email address.', 'representativeEmail');
    const name = input.representativeName.trim();
    if (!isName(name)) throw invalidInput('A name of 1 to 200 characters, on one line, is needed.', 'representativeName');
    return this.uow.transaction(async (em) => {
      const { person, onBehalf } = await this.people.authorityOver(actor, input.personId ?? actor.personId, input.reason);
      if (email === person.email) throw invalidInput('A person cannot be their own representative.', 'representativeEmail');
      // A vote in one's co-op is the member's own: like a vote in an election (Mental Capacity Act 2005 s.29),
      // it is never decided for someone who lacks capacity, so only the person grants it.
      if (onBehalf && input.rights.includes(RepresentativeRight.VOTE)) {
        throw invalidInput('Only the person may let someone vote for them: VOTE is never granted on their behalf.', 'rights');
      }
      // Acting for a person must not become acting for oneself: that takes someone else's decision.
      if (onBehalf && email === (await em.findOneByOrFail(Person, { id: actor.personId })).email) {
        throw forbidden('You cannot make yourself the representative of a person you act for.');
      }
      const invited: RepresentativeRight[] = [];
      for (const right of new Set(input.rights)) {
        const inserted: unknown[] = await em.query(
          `INSERT INTO representative_grant (person_id, representative_id, invited_email, invited_name,
            "right", granted_by_id, grant_reason)
           VALUES ($1, NULL, $2, $3, $4, $5, $6)
           ON CONFLICT (person_id, invited_email, "right") WHERE revoked_at IS NULL AND representative_id IS NULL DO NOTHING RETURNING id`,
          [person.id, email, name, right, actor.personId, onBehalf ? input.reason!.trim() : null],
        );
        if (inserted.length) invited.push(right);
      }
      if (invited.length > 0) {
        const because = onBehalf
          ? `${await this.invitations.actorName(acting)} asked you, on behalf of ${person.name}, to be their representative in coopcare.`
          : `${person.name} asked you to be their representative in coopcare, to help with their care.`;
        await this.invitations.inviteByEmail(acting, { email, name }, because, (to) => this.letters.representativeInvitation(to, because));
      }
      await this.audit.record(acting, {
        action: 'representative.invite',
        objectType: 'Person',
        objectId: person.id,
        councilId: person.councilId,
        summary: { rights: invited, onBehalfOfPersonLackingCapacity: onBehalf },
      });
      return this.grantsForPerson(person.id);
    });
  }

  /**
   * The invited person accepts the pending grants a person addressed to their email: the rights take
   * effect for their account. A right they already hold for that person stays as it was. FORBIDDEN when
   * there is nothing to accept, whether or not the person exists.
   */
  async acceptRepresentativeInvitation(acting: Acting, personId: string): Promise<RepresentativeGrant[]> {
    const actor = requirePerson(acting.actor);
    return this.uow.transaction(async (em) => {
      const me = await em.findOneByOrFail(Person, { id: actor.personId });
      const pending = await em.find(RepresentativeGrant, {
        where: { personId, invitedEmail: me.email, representativeId: IsNull(), revokedAt: IsNull() },
        lock: { mode: 'pessimistic_write' },
      });
      assertAllowed(pending.length > 0 && personId !== me.id, 'There is no invitation for you to accept.');
      // A grant the acceptor made themself was made acting for the person (nobody may invite their own
      // email for themself), so accepting it would be acting for oneself: refused, however old the grant.
      assertAllowed(
        pending.every((g) => g.grantedById !== me.id),
        'You invited yourself while acting for this person: you cannot accept that.',
      );
      const held = new Set(
        (await em.find(RepresentativeGrant, { where: { personId, representativeId: me.id, revokedAt: IsNull() } })).map((g) => g.right),
      );
      const accepted: RepresentativeRight[] = [];
      for (const grant of pending) {
        if (held.has(grant.right)) {
          await em.update(
            RepresentativeGrant,
            { id: grant.id },
            { revokedAt: new Date(), revokedById: me.id, revokeReason: 'Already held.' },
          );
        } else {
          await em.update(RepresentativeGrant, { id: grant.id }, { representativeId: me.id, acceptedAt: new Date() });
          accepted.push(grant.right);
        }
      }
      await this.auditForPerson(acting, personId, 'representative.accept', { representativeId: me.id, rights: accepted });
      return this.rightsHeld(personId, me.id);
    });
  }

  /** The invited person turns down a person's pending invitations to them; FORBIDDEN when there are none. */
  async declineRepresentativeInvitation(acting: Acting, personId: string): Promise<boolean> {
    const actor = requirePerson(acting.actor);
    return this.uow.transaction(async (em) => {
      const me = await em.findOneByOrFail(Person, { id: actor.personId });
      const declined = returnedRows<{ right: RepresentativeRight }>(
        await em.query(
          `UPDATE representative_grant SET revoked_at = now(), revoked_by_id = $3, revoke_reason = 'Declined.'
                WHERE person_id = $1 AND invited_email = $2 AND representative_id IS NULL AND revoked_at IS NULL RETURNING "right"`,
          [personId, me.email, me.id],
        ),
      );
      assertAllowed(declined.length > 0, 'There is no invitation for you to decline.');
      await this.auditForPerson(acting, personId, 'representative.decline', {
        representativeId: me.id,
        rights: declined.map((d) => d.right),
      });
      return true;
    });
  }

  /**
   * The person (or an officer, as for granting) takes rights back, from a representative (by id) or from
   * a pending invitation (by email); a representative may also give up rights a person gave them, and
   * then sees only what remains of their own.
   */
  async revokeRepresentativeRights(
    acting: Acting,
    input: {
      personId?: string | null;
      representativeId?: string | null;
      representativeEmail?: string | null;
      rights?: RepresentativeRight[] | null;
      reason?: string | null;
    },
  ): Promise<RepresentativeGrant[]> {
    const actor = requirePerson(acting.actor);
    const personId = input.personId ?? actor.personId;
    if (!input.representativeId === !input.representativeEmail) {
      throw invalidInput(
        'Name the representative by representativeId or, for a pending invitation, by representativeEmail.',
        'representativeId',
      );
    }
    const rights = input.rights?.length ? input.rights : Object.values(RepresentativeRight);
    return this.uow.transaction(async (em) => {
      if (input.representativeId === actor.personId && personId !== actor.personId) {
        // Giving up one's own rights: only where the person gave the caller a right in force; otherwise the
        // same FORBIDDEN as for a person who does not exist.
        const mine = await em.find(RepresentativeGrant, {
          where: { personId, representativeId: actor.personId, revokedAt: IsNull() },
          lock: { mode: 'pessimistic_write' },
        });
        assertAllowed(mine.length > 0);
        const revoked = returnedRows<{ right: RepresentativeRight }>(
          await em.query(
            `UPDATE representative_grant SET revoked_at = now(), revoked_by_id = $2
              WHERE person_id = $1 AND representative_id = $2 AND "right" = ANY($3) AND revoked_at IS NULL RETURNING "right"`,
            [personId, actor.personId, rights],
          ),
        );
        await this.auditForPerson(acting, personId, 'representative.giveUp', {
          representativeId: actor.personId,
          rights: revoked.map((r) => r.right),
        });
        return this.rightsHeld(personId, actor.personId);
      }

      const { person, onBehalf } = await this.people.authorityOver(actor, personId, input.reason);
      const byEmail = input.representativeEmail ? normaliseEmail(input.representativeEmail) : null;
      // By email: the invitations sent to it, pending or accepted, so the granter can remove a
      // representative by the address they invited without knowing which account accepted.
      const revoked = returnedRows<{ right: RepresentativeRight }>(
        await em.query(
          `UPDATE representative_grant SET revoked_at = now(), revoked_by_id = $4, revoke_reason = $5
            WHERE person_id = $1 AND "right" = ANY($6) AND revoked_at IS NULL
              AND (representative_id = $2 OR ($3::text IS NOT NULL AND invited_email = $3))
            RETURNING "right"`,
          [person.id, input.representativeId ?? null, byEmail, actor.personId, onBehalf ? input.reason!.trim() : null, rights],
        ),
      );
      if (revoked.length === 0) throw accountsNotFound('This representative holds none of those rights for this person.');
      await this.audit.record(acting, {
        action: 'representative.revoke',
        objectType: 'Person',
        objectId: person.id,
        councilId: person.councilId,
        summary: {
          representativeId: input.representativeId ?? undefined,
          byInvitedEmail: byEmail ? true : undefined,
          rights: revoked.map((r) => r.right),
          onBehalfOfPersonLackingCapacity: onBehalf,
        },
      });
      return this.grantsForPerson(person.id);
    });
  }
}
