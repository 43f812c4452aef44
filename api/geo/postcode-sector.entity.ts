import { Check, Column, Entity, PrimaryColumn } from 'typeorm';

/** A postcode sector ("HD1 2") at the mean point of its known postcodes: the fallback for an unknown unit. */
@Entity('postcode_sector')
@Check('postcode_sector_coordinates_check', 'latitude BETWEEN -90 AND 90 AND longitude BETWEEN -180 AND 180')
export class PostcodeSector {
  @PrimaryColumn({ type: 'varchar', length: 6, primaryKeyConstraintName: 'PK_postcode_sector' })
  sector: string;

  @Column({ type: 'double precision' })
  latitude: number;

  @Column({ type: 'double precision' })
  longitude: number;

  @Column({ name: 'postcode_count', type: 'integer' })
  postcodeCount: number;
}
