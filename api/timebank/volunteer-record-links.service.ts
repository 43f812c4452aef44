import DataLoader from 'dataloader';
import { In, IsNull } from 'typeorm';
import type { AuditService } from '../audit/audit.service.js';
import { ANONYMOUS, type Acting, assertAllowed, requirePerson } from '../auth/actor.js';
import { newSecret, sha256 } from '../auth/secrets.js';
import { groupByKey, type LoaderFactory } from '../common/loaders.js';
import type { UnitOfWork } from '../common/unit-of-work.js';
import type { TimeBanksReader } from './time-banks.reader.js';
import { timeBankInvalidInput, timeBankNotFound } from './timebank.exception.js';
import { isTheMember } from './timebank.policy.js';
import { VolunteerRecordLink } from './volunteer-record.entity.js';
import type { VolunteerRecordService } from './volunteer-record.service.js';
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

  /** The record a shared address shows; null for one that is malformed, unknown, expired or revoked alike. */
  async recordByToken(token: string, requestId: string): Promise<VolunteerRecord | null> {
    if (!TOKEN.test(token)) return null;
    const [link]: { id: string; member_id: string }[] = await this.uow.manager.query(
      `SELECT id, member_id FROM volunteer_record_link WHERE token_hash = $1 AND revoked_at IS NULL AND expires_at > now()`,
      [sha256(token)],
    );
    if (!link) return null;
    const member = await this.reader.requireMember(link.member_id);
    return this.records.auditedRecord({ actor: ANONYMOUS, requestId }, member, { via: 'link', linkId: link.id });
  }
}
