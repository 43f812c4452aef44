import { Field, ObjectType } from 'type-graphql';
import { ID } from '../graphql/scalars.js';
import { Check, Column, CreateDateColumn, Entity, ForeignKey, Index, PrimaryGeneratedColumn } from 'typeorm';
import { StaffRole } from '../auth/auth.enums.js';

/** Someone working for a provider (coordinator, care worker) or a council (officer). */
@ObjectType({ description: 'A staff relationship: its role and the provider or council it is with.' })
@Entity('staff_membership')
@Check(
  'staff_membership_target',
  `(role = 'COUNCIL_OFFICER' AND council_id IS NOT NULL AND provider_id IS NULL) OR ` +
    `(role IN ('COORDINATOR', 'CARE_WORKER') AND provider_id IS NOT NULL AND council_id IS NULL)`,
)
export class StaffMembership {
  @Field(() => ID, { description: 'Opaque and stable; one per role held at one provider or council.' })
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Index('staff_membership_person_idx')
  @ForeignKey('Person', { onDelete: 'CASCADE' })
  @Column({ name: 'person_id', type: 'uuid' })
  personId: string;

  @Field(() => StaffRole, { description: 'What the person does there.' })
  @Column({ type: 'text' })
  role: StaffRole;

  @Field(() => ID, { nullable: true, description: 'The provider, for a COORDINATOR or CARE_WORKER; null for a COUNCIL_OFFICER.' })
  @Index('staff_membership_provider_idx')
  @ForeignKey('Provider', { onDelete: 'CASCADE' })
  @Column({ name: 'provider_id', type: 'uuid', nullable: true })
  providerId: string | null;

  @Field(() => ID, { nullable: true, description: 'The council, for a COUNCIL_OFFICER; null otherwise.' })
  @ForeignKey('Council', { onDelete: 'CASCADE' })
  @Column({ name: 'council_id', type: 'uuid', nullable: true })
  councilId: string | null;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;
}
