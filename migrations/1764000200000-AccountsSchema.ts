import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * In creation order (a table after those it references). Constraint names are those TypeORM derives
 * from the entities, so the entities and this schema compare equal.
 */
const TABLES: [name: string, definition: string][] = [
  [
    'person',
    `(
    "id" uuid NOT NULL DEFAULT gen_random_uuid(),
    "email" text NOT NULL,
    "name" text NOT NULL,
    "password_hash" text,
    "is_admin" boolean NOT NULL DEFAULT false,
    "council_id" uuid,
    "lacks_capacity" boolean NOT NULL DEFAULT false,
    "capacity_reason" text,
    "capacity_recorded_by_id" uuid,
    "capacity_recorded_at" TIMESTAMP WITH TIME ZONE,
    "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
    "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
    -- Stored lower-cased, so the unique index is case-insensitive without an expression.
    CONSTRAINT "person_email_is_lowercase" CHECK (email = lower(email)),
    CONSTRAINT "PK_5fdaf670315c4b7e70cce85daa3" PRIMARY KEY ("id"),
    CONSTRAINT "FK_132a69909316649cfe02f40d410" FOREIGN KEY ("council_id") REFERENCES "council"("id") ON DELETE RESTRICT,
    CONSTRAINT "FK_0c71fc34a5400c38051ae929576" FOREIGN KEY ("capacity_recorded_by_id") REFERENCES "person"("id") ON DELETE SET NULL
  )`,
  ],
  [
    'staff_membership',
    `(
    "id" uuid NOT NULL DEFAULT gen_random_uuid(),
    "person_id" uuid NOT NULL,
    "role" text NOT NULL,
    "provider_id" uuid,
    "council_id" uuid,
    "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
    CONSTRAINT "staff_membership_target" CHECK (
      (role = 'COUNCIL_OFFICER' AND council_id IS NOT NULL AND provider_id IS NULL)
      OR (role IN ('COORDINATOR', 'CARE_WORKER') AND provider_id IS NOT NULL AND council_id IS NULL)),
    CONSTRAINT "PK_2e8be2ced5badd7744ed536e748" PRIMARY KEY ("id"),
    CONSTRAINT "FK_d6b0dd0f654e6cdf5f8c550c913" FOREIGN KEY ("person_id") REFERENCES "person"("id") ON DELETE CASCADE,
    CONSTRAINT "FK_87859da5bdb5dddeb4f54b73568" FOREIGN KEY ("provider_id") REFERENCES "provider"("id") ON DELETE CASCADE,
    CONSTRAINT "FK_f8def3b7e8f49b8f134180dd6a1" FOREIGN KEY ("council_id") REFERENCES "council"("id") ON DELETE CASCADE
  )`,
  ],
  // A pending invitation names only the email and name the granter typed; accepting fills in the representative.
  [
    'representative_grant',
    `(
    "id" uuid NOT NULL DEFAULT gen_random_uuid(),
    "person_id" uuid NOT NULL,
    "representative_id" uuid,
    "right" text NOT NULL,
    "granted_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
    "granted_by_id" uuid,
    "grant_reason" text,
    "revoked_at" TIMESTAMP WITH TIME ZONE,
    "revoked_by_id" uuid,
    "revoke_reason" text,
    "invited_email" text,
    "invited_name" text,
    "accepted_at" TIMESTAMP WITH TIME ZONE,
    CONSTRAINT "representative_grant_not_self" CHECK (person_id <> representative_id),
    CONSTRAINT "representative_grant_accepted_by_representative" CHECK ((representative_id IS NULL) = (accepted_at IS NULL)),
    CONSTRAINT "representative_grant_pending_names_invitee"
      CHECK (representative_id IS NOT NULL OR (invited_email IS NOT NULL AND invited_name IS NOT NULL)),
    CONSTRAINT "PK_45996d1fbaa8cfcab9e6e3f45de" PRIMARY KEY ("id"),
    CONSTRAINT "FK_689b60db0607a0ce0051f73d044" FOREIGN KEY ("person_id") REFERENCES "person"("id") ON DELETE CASCADE,
    CONSTRAINT "FK_1c4f01f87e87164b81338f665b0" FOREIGN KEY ("representative_id") REFERENCES "person"("id") ON DELETE CASCADE,
    CONSTRAINT "FK_c8434d7fc35ba1e0915eb7c6ce6" FOREIGN KEY ("granted_by_id") REFERENCES "person"("id") ON DELETE SET NULL,
    CONSTRAINT "FK_f47ba005157f020dfdc34005088" FOREIGN KEY ("revoked_by_id") REFERENCES "person"("id") ON DELETE SET NULL
  )`,
  ],
  [
    'account_session',
    `(
    "id" uuid NOT NULL DEFAULT gen_random_uuid(),
    "person_id" uuid NOT NULL,
    "refresh_hash" text NOT NULL,
    "refresh_expires_at" TIMESTAMP WITH TIME ZONE NOT NULL,
    "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
    "revoked_at" TIMESTAMP WITH TIME ZONE,
    CONSTRAINT "PK_5c3e060425fa96014c285fc6c1e" PRIMARY KEY ("id"),
    CONSTRAINT "FK_552e8c580df2c040feafb013489" FOREIGN KEY ("person_id") REFERENCES "person"("id") ON DELETE CASCADE
  )`,
  ],
  // Every refresh token a session has swapped: presenting any of them again ends the session.
  [
    'used_refresh_token',
    `(
    "token_hash" text NOT NULL,
    "session_id" uuid NOT NULL,
    "used_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
    CONSTRAINT "PK_used_refresh_token" PRIMARY KEY ("token_hash"),
    CONSTRAINT "FK_used_refresh_token_session" FOREIGN KEY ("session_id") REFERENCES "account_session"("id") ON DELETE CASCADE
  )`,
  ],
  // Keyed by SHA-256s of (email, client address) for the lock-out and of the address alone for the per-minute limit.
  [
    'login_throttle',
    `(
    "key_hash" text NOT NULL,
    "failures" integer NOT NULL DEFAULT '0',
    "last_failure_at" TIMESTAMP WITH TIME ZONE NOT NULL,
    "locked_until" TIMESTAMP WITH TIME ZONE,
    "lock_count" integer NOT NULL DEFAULT '0',
    CONSTRAINT "PK_58297e0a1c374c7c17bd4b74521" PRIMARY KEY ("key_hash")
  )`,
  ],
  [
    'api_key',
    `(
    "id" uuid NOT NULL DEFAULT gen_random_uuid(),
    "name" text NOT NULL,
    "organisation_name" text NOT NULL,
    "council_id" uuid NOT NULL,
    "key_prefix" text NOT NULL,
    "secret_hash" text NOT NULL,
    "scopes" text array NOT NULL,
    "allowed_origins" text array NOT NULL,
    "created_by_id" uuid,
    "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
    "revoked_at" TIMESTAMP WITH TIME ZONE,
    "revoked_by_id" uuid,
    CONSTRAINT "PK_b1bd840641b8acbaad89c3d8d11" PRIMARY KEY ("id"),
    CONSTRAINT "FK_5cb492a71b5cbe144464160fc71" FOREIGN KEY ("council_id") REFERENCES "council"("id") ON DELETE RESTRICT,
    CONSTRAINT "FK_1799b360b8b068fa98feb7bef75" FOREIGN KEY ("created_by_id") REFERENCES "person"("id") ON DELETE SET NULL,
    CONSTRAINT "FK_2f10ffe96d897761448d137c0b4" FOREIGN KEY ("revoked_by_id") REFERENCES "person"("id") ON DELETE SET NULL
  )`,
  ],
  [
    'widget_session',
    `(
    "id" uuid NOT NULL DEFAULT gen_random_uuid(),
    "api_key_id" uuid NOT NULL,
    "person_id" uuid NOT NULL,
    "purpose" text NOT NULL,
    "origin" text NOT NULL,
    "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
    "expires_at" TIMESTAMP WITH TIME ZONE NOT NULL,
    CONSTRAINT "PK_2714d48f3df35d22dbbeb5d93e0" PRIMARY KEY ("id"),
    CONSTRAINT "FK_28394d95a4b144e20790cc27d60" FOREIGN KEY ("api_key_id") REFERENCES "api_key"("id") ON DELETE CASCADE,
    CONSTRAINT "FK_23b2637881f2aaad6082fb92a35" FOREIGN KEY ("person_id") REFERENCES "person"("id") ON DELETE CASCADE
  )`,
  ],
  [
    'widget_consent',
    `(
    "id" uuid NOT NULL DEFAULT gen_random_uuid(),
    "person_id" uuid NOT NULL,
    "api_key_id" uuid NOT NULL,
    "given_by_id" uuid,
    "reason" text,
    "given_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
    "revoked_at" TIMESTAMP WITH TIME ZONE,
    "revoked_by_id" uuid,
    "revoke_reason" text,
    CONSTRAINT "PK_widget_consent" PRIMARY KEY ("id"),
    CONSTRAINT "FK_widget_consent_person" FOREIGN KEY ("person_id") REFERENCES "person"("id") ON DELETE CASCADE,
    CONSTRAINT "FK_widget_consent_api_key" FOREIGN KEY ("api_key_id") REFERENCES "api_key"("id") ON DELETE CASCADE,
    CONSTRAINT "FK_widget_consent_given_by" FOREIGN KEY ("given_by_id") REFERENCES "person"("id") ON DELETE SET NULL,
    CONSTRAINT "FK_widget_consent_revoked_by" FOREIGN KEY ("revoked_by_id") REFERENCES "person"("id") ON DELETE SET NULL
  )`,
  ],
];

const INDEXES: string[] = [
  `CREATE UNIQUE INDEX "person_email_key" ON "person" ("email")`,
  `CREATE INDEX "staff_membership_person_idx" ON "staff_membership" ("person_id")`,
  `CREATE INDEX "staff_membership_provider_idx" ON "staff_membership" ("provider_id")`,
  `CREATE INDEX "representative_grant_representative_idx" ON "representative_grant" ("representative_id")`,
  // At most one live grant of a right, accepted or pending; partial, so TypeORM cannot declare them.
  `CREATE UNIQUE INDEX "representative_grant_live_key" ON "representative_grant" ("person_id", "representative_id", "right")
     WHERE revoked_at IS NULL`,
  `CREATE UNIQUE INDEX "representative_grant_pending_key" ON "representative_grant" ("person_id", "invited_email", "right")
     WHERE revoked_at IS NULL AND representative_id IS NULL`,
  // An account signing in finds the invitations sent to its email.
  `CREATE INDEX "representative_grant_invited_email_idx" ON "representative_grant" ("invited_email")
     WHERE revoked_at IS NULL AND representative_id IS NULL`,
  `CREATE INDEX "account_session_person_idx" ON "account_session" ("person_id")`,
  `CREATE UNIQUE INDEX "account_session_refresh_key" ON "account_session" ("refresh_hash")`,
  `CREATE INDEX "used_refresh_token_session_idx" ON "used_refresh_token" ("session_id")`,
  `CREATE INDEX "api_key_council_idx" ON "api_key" ("council_id")`,
  `CREATE UNIQUE INDEX "api_key_secret_hash_key" ON "api_key" ("secret_hash")`,
  `CREATE INDEX "widget_session_api_key_idx" ON "widget_session" ("api_key_id")`,
  `CREATE INDEX "widget_consent_api_key_idx" ON "widget_consent" ("api_key_id")`,
  // At most one live consent of a person to a partner key.
  `CREATE UNIQUE INDEX "widget_consent_live_key" ON "widget_consent" ("person_id", "api_key_id") WHERE revoked_at IS NULL`,
];

/**
 * Accounts and access: people, their staff ties to providers and councils, representative grants and
 * invitations, sessions with their used refresh tokens, sign-in throttling, partner API keys, widget
 * consents and sessions. Runs after the directory: people and keys belong to councils and providers.
 */
export class AccountsSchema1764000200000 implements MigrationInterface {
  name = 'AccountsSchema1764000200000';

  public async up(q: QueryRunner): Promise<void> {
    for (const [name, definition] of TABLES) await q.query(`CREATE TABLE "${name}" ${definition}`);
    for (const index of INDEXES) await q.query(index);
  }

  public async down(q: QueryRunner): Promise<void> {
    // Their indexes go with them.
    for (const [name] of [...TABLES].reverse()) await q.query(`DROP TABLE "${name}"`);
  }
}
