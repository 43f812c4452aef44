import { Check, Column, Entity, Index, PrimaryColumn } from 'typeorm';

/** A town, village, locality or parish from the ONS Index of Place Names (IPN), at its IPN point. */
@Entity('place')
@Index('place_key_idx', ['key'])
// A GiST trigram index TypeORM cannot describe: migrations/1769000000000-PlaceNames.ts.
@Index('place_key_trgm_idx', { synchronize: false })
@Check('place_coordinates_check', 'latitude BETWEEN -90 AND 90 AND longitude BETWEEN -180 AND 180')
export class Place {
  /** IPN's code (`place23cd`, "IPN0012345"): what a re-import matches rows on. */
  @PrimaryColumn({ type: 'varchar', length: 16, primaryKeyConstraintName: 'PK_place' })
  code: string;

  @Column({ type: 'varchar', length: 120 })
  name: string;

  /** The name as placeKey folds it ("holmfirth"), which lookups compare. */
  @Column({ type: 'varchar', length: 120 })
  key: string;

  /** IPN `descnm`: BUA, BUASD, LOC, PAR or COM (the kinds a resident types; the importer keeps no others). */
  @Column({ type: 'varchar', length: 8 })
  kind: string;

  @Column({ name: 'local_authority', type: 'varchar', length: 80, nullable: true })
  localAuthority: string | null;

  @Column({ type: 'varchar', length: 80, nullable: true })
  county: string | null;

  @Column({ name: 'ward_code', type: 'varchar', length: 9, nullable: true })
  wardCode: string | null;

  /** Named from the file's own WD entry for `ward_code`, when it has one. */
  @Column({ type: 'varchar', length: 120, nullable: true })
  ward: string | null;

  @Column({ name: 'parish_code', type: 'varchar', length: 9, nullable: true })
  parishCode: string | null;

  /** Named from the file's own PAR (or Welsh COM) entry for `parish_code`, when it has one. */
  @Column({ type: 'varchar', length: 120, nullable: true })
  parish: string | null;

  @Column({ type: 'double precision' })
  latitude: number;

  @Column({ type: 'double precision' })
  longitude: number;

  /** The district of the postcode nearest the place when it was imported; null if none was near. */
  @Column({ type: 'varchar', length: 4, nullable: true })
  outcode: string | null;

  /**
   * The districts of the postcodes within about a mile of the place, nearest first and at most six (a
   * town spans several: Huddersfield has HD1 to HD5 around its centre); its nearest district alone when
   * none is that near, none when no postcode is near at all.
   */
  @Column({ type: 'varchar', length: 4, array: true, default: () => "'{}'" })
  outcodes: string[];
}
