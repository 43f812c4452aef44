import { Check, Column, Entity, Index, PrimaryColumn } from 'typeorm';

/** One live postcode unit from the ONS Postcode Directory, at its ONS-published point. */
@Entity('postcode')
@Index('postcode_sector_idx', ['sector'])
@Index('postcode_outcode_idx', ['outcode'])
// A GiST index on point(longitude, latitude) (migration PlaceNames) that TypeORM cannot describe: places find their nearest postcode by it.
@Index('postcode_point_idx', { synchronize: false })
@Check('postcode_coordinates_check', 'latitude BETWEEN -90 AND 90 AND longitude BETWEEN -180 AND 180')
export class Postcode {
  /** Normalised: upper case, one space before the inward code ("HD1 2TA"). */
  @PrimaryColumn({ type: 'varchar', length: 8, primaryKeyConstraintName: 'PK_postcode' })
  postcode: string;

  @Column({ type: 'varchar', length: 4 })
  outcode: string;

  /** Outcode, space, first digit of the inward code ("HD1 2"). */
  @Column({ type: 'varchar', length: 6 })
  sector: string;

  @Column({ type: 'double precision' })
  latitude: number;

  @Column({ type: 'double precision' })
  longitude: number;

  /** ONS code of the local authority district (E08000034 is Kirklees). */
  @Column({ name: 'local_authority_code', type: 'varchar', length: 9, nullable: true })
  localAuthorityCode: string | null;
}
