import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * A co-op that keeps its register and constitution in coopcare (api/governance) has its listing's member
 * classes and board seats written from them, not typed in by its coordinators: this says which co-ops do.
 */
export class MemberFactsFromTheRegister1771000000100 implements MigrationInterface {
  name = 'MemberFactsFromTheRegister1771000000100';

  public async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE "provider" ADD "member_facts_from_register" boolean NOT NULL DEFAULT false`);
  }

  public async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE "provider" DROP COLUMN "member_facts_from_register"`);
  }
}
