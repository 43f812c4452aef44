import { Check, Column, Entity, PrimaryColumn } from 'typeorm';

/** A postcode district (outcode, "HD1") at the mean point of its known postcodes. */
@Entity('postcode_district')
@Check('postcode_district_coordinates_check', 'latitude BETWEEN -90 AND 90 AND longitude BETWEEN -180 AND 180')
export class PostcodeDistrict {
  @PrimaryColumn({ type: 'varchar', length: 4, primaryKeyConstraintName: 'PK_postcode_district' })
  outcode: string;

  @Column({ type: 'double precision' })
  latitude: number;

  @Column({ type: 'double precision' })
  longitude: number;

  /** Royal Mail post town ("HUDDERSFIELD"); ONSPD does not carry it, so it is null unless seeded. */
  @Column({ name: 'post_town', type: 'varchar', length: 40, nullable: true })
  postTown: string | null;
}
