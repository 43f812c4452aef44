import { GeoGazetteer1763800000000 } from '../../migrations/1763800000000-GeoGazetteer.js';
import { defineModule } from '../common/module.js';
import { GeoResolver } from './geo.resolver.js';
import { GeoService } from './geo.service.js';
import { PostcodeDistrict } from './postcode-district.entity.js';
import { Postcode } from './postcode.entity.js';
import { PostcodeSector } from './postcode-sector.entity.js';

export const geoModule = defineModule({
  name: 'geo',
  entities: [Postcode, PostcodeSector, PostcodeDistrict],
  resolvers: [GeoResolver],
  migrations: [GeoGazetteer1763800000000],
  services: ({ db }) => ({ geo: new GeoService(db) }),
});
