import DataLoader from 'dataloader';
import { In, IsNull } from 'typeorm';
import type { AuditService } from '../audit/audit.service.js';
import { ANONYMOUS, type Acting, assertAllowed, requirePerson } from '../auth/actor.js';
import { newSecret, sha256 } from '../auth/secrets.js';
import { groupByKey, type LoaderFactory } from '../common/loaders.js';
import { returnedRows } from '../common/sql.js';
import type { UnitOfWork } from '../common/unit-of-work.js';
import type { TimeBanksReader } from './time-banks.reader.js';
import { timeBankInvalidInput, timeBankNotFound } from './timebank.exception.js';
import type { TimeBankMember } from './time-bank.entity.js';
import { TimeBankMembershipStatus } from './timebank.enums.js';
import { isTheMember } from './timebank.policy.js';
import { VolunteerRecordLink } from './volunteer-record.entity.js';
import { type VolunteerRecordService, volunteeringRoles } from './volunteer-record.service.js';
import {
  SHARE_DAYS,
  type ShareVolunteerRecordInput,
  type VolunteerRecord,
  type VolunteerRecordLinkView,
} from './volunteer-record.types.js';

/** `ccv_` and 256 random bits in base64url: anything else is refused before it is hashed or looked up. */
const TOKEN = /^ccv_[A-Za-z0-9_-]{43}$/;
const DAY_MS = 24 * 60 * 60_000;
/** Working links per volunteer: one for each employer they are talking to, not a store of rows. */
const MAX_LIVE_LINKS = 10;

const view = (link: VolunteerRecordLink, url: string | null = null): VolunteerRecordLinkView => ({
  id: link.id,
  url,
  createdAt: link.createdAt,
  expiresAt: link.expiresAt,
  revokedAt: link.revokedAt,
});

/**
 * Links that show a volunteer's record to someone without an account (an employer): made and revoked by
 * the volunteer alone. The address is the credential, so only its SHA-256 is kept (256 random bits leave
 * nothing to guess); an unknown, expired or revoked address is the same "not found".
 */
export class VolunteerRecordLinksService {
  constructor(
    private readonly uow: UnitOfWork,
    private readonly audit: AuditService,
    private readonly reader: TimeBanksReader,
    private readonly records: VolunteerRecordService,
    /** Where people reach coopcare (config.publicUrl): the shared address starts with it. */
    private readonly publicUrl: string,
  ) {}

  async share(acting: Acting, input: ShareVolunteerRecordInput): Promise<VolunteerRecordLinkView> {
    const actor = requirePerson(acting.actor);
    const member = await this.reader.requireMember(input.memberId, 'input.memberId');
    assertAllowed(isTheMember(actor, member), 'Only the volunteer may share their record.');
    // Bad input rather than FORBIDDEN: the caller is the member, but that membership has no volunteering to show.
    if (member.status !== TimeBankMembershipStatus.APPROVED)
      throw timeBankInvalidInput('Only an approved member can share a volunteer record.', 'input.memberId');
    if (volunteeringRoles(member).length === 0)
      throw timeBankInvalidInput(
        'Only a volunteer or family carer has a volunteer record to share: this membership only receives support.',
        'input.memberId',
      );
    const days = input.days ?? SHARE_DAYS.default;
    if (!Number.isInteger(days) || days < SHARE_DAYS.min || days > SHARE_DAYS.max)
      throw timeBankInvalidInput(`A link works for ${SHARE_DAYS.min} to ${SHARE_DAYS.max} days.`, 'input.days');
    const token = newSecret('ccv');
    return this.uow.transaction(async (em) => {
      const [{ live }]: { live: number }[] = await em.query(
        `SELECT count(*)::int AS live FROM volunteer_record_link WHERE member_id = $1 AND revoked_at IS NULL AND expires_at > now()`,
        [member.id],
      );
      if (live >= MAX_LIVE_LINKS)
        throw timeBankInvalidInput(`A volunteer has at most ${MAX_LIVE_LINKS} working links: revoke one first.`, 'input.memberId');
      const link = await em.save(
        em.create(VolunteerRecordLink, {
          memberId: member.id,
          tokenHash: sha256(token),
          createdById: actor.personId,
          expiresAt: new Date(Date.now() + days * DAY_MS),
        }),
      );
      await this.audit.record(acting, {
        action: 'volunteerRecordLink.create',
        objectType: 'VolunteerRecordLink',
        objectId: link.id,
        providerId: member.providerId,
        summary: { memberId: member.id, days },
      });
      return view(link, `${this.publicUrl.replace(/\/$/, '')}/volunteer-record/${token}`);
    });
  }

  /** Revokes the volunteer's own link; revoking it again changes nothing. */
  async revoke(acting: Acting, linkId: string): Promise<VolunteerRecordLinkView> {
    const actor = requirePerson(acting.actor);
    return this.uow.transaction(async (em) => {
      const link = await em.findOne(VolunteerRecordLink, { where: { id: linkId }, lock: { mode: 'pessimistic_write' } });
      if (!link) throw timeBankNotFound('No volunteer record link has that id.', 'linkId');
      const member = await this.reader.requireMember(link.memberId);
      assertAllowed(isTheMember(actor, member), 'Only the volunteer may revoke their links.');
      if (link.revokedAt) return view(link);
      link.revokedAt = new Date();
      await em.update(VolunteerRecordLink, { id: link.id, revokedAt: IsNull() }, { revokedAt: link.revokedAt });
      await this.audit.record(acting, {
        action: 'volunteerRecordLink.revoke',
        objectType: 'VolunteerRecordLink',
        objectId: link.id,
        providerId: member.providerId,
        summary: { memberId: member.id },
      });
      return view(link);
    });
  }

  /**
   * Stops every working link of a member who is leaving, in the caller's transaction: a record shared while
   * they volunteered must not go on speaking for them. Each revocation is audited as the volunteer's own is.
   */
  async revokeAllOf(acting: Acting, member: TimeBankMember): Promise<void> {
    await this.uow.transaction(async (em) => {
      const revoked = returnedRows<{ id: string }>(
        await em.query(
          `UPDATE volunteer_record_link SET revoked_at = now()
            WHERE member_id = $1 AND revoked_at IS NULL AND expires_at > now() RETURNING id`,
          [member.id],
        ),
      );
      await this.audit.recordAll(
        acting,
        revoked.map(({ id }) => ({
          action: 'volunteerRecordLink.revoke',
          objectType: 'VolunteerRecordLink',
          objectId: id,
          providerId: member.providerId,
          summary: { memberId: member.id, because: 'left' },
        })),
      );
    });
  }

  /** Per request, every member's links in one statement, newest first. Callers check isTheMember first. */
  readonly byMember: LoaderFactory<string, VolunteerRecordLinkView[]> = ({ db }) =>
    new DataLoader(
      async (memberIds) =>
        groupByKey(
          memberIds,
          await db.find(VolunteerRecordLink, { where: { memberId: In([...memberIds]) }, order: { createdAt: 'DESC', id: 'ASC' } }),
          (link) => link.memberId,
        ).map((links) => links.map((link) => view(link))),
      { cache: false },
    );

  /**
   * The record a shared address shows; null for one that is malformed, unknown, expired or revoked alike, and
   * for a member no longer approved (left or refused), whose links leaving did not already revoke.
   */
  async recordByToken(token: string, requestId: string): Promise<VolunteerRecord | null> {
    if (!TOKEN.test(token)) return null;
    const [link]: { id: string; member_id: string }[] = await this.uow.manager.query(
      `SELECT l.id, l.member_id FROM volunteer_record_link l JOIN time_bank_member m ON m.id = l.member_id
        WHERE l.token_hash = $1 AND l.revoked_at IS NULL AND l.expires_at > now() AND m.status = $2`,
      [sha256(token), TimeBankMembershipStatus.APPROVED],
    );
    if (!link) return null;
    const member = await this.reader.requireMember(link.member_id);
    return this.records.auditedRecord({ actor: ANONYMOUS, requestId }, member, { via: 'link', linkId: link.id });
  }
}
