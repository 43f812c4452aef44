import { GeoSchema1764000000000 } from '../../migrations/1764000000000-GeoSchema.js';
import { PlaceNames1769000000000 } from '../../migrations/1769000000000-PlaceNames.js';
import { defineModule } from '../common/module.js';
import { GeoResolver } from './geo.resolver.js';
import { GeoService } from './geo.service.js';
import { Place } from './place.entity.js';
import { PostcodeDistrict } from './postcode-district.entity.js';
import { Postcode } from './postcode.entity.js';
import { PostcodeSector } from './postcode-sector.entity.js';

export const geoModule = defineModule({
  name: 'geo',
  entities: [Postcode, PostcodeSector, PostcodeDistrict, Place],
  resolvers: [GeoResolver],
  migrations: [GeoSchema1764000000000, PlaceNames1769000000000],
  services: ({ uow }) => ({ geo: new GeoService(uow) }),
});
