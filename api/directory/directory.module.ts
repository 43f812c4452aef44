import { Directory1763800100000 } from '../../migrations/1763800100000-Directory.js';
import { FasterDirectorySearch1763800300000 } from '../../migrations/1763800300000-FasterDirectorySearch.js';
import { DirectoryFiltersInSql1763800420000 } from '../../migrations/1763800420000-DirectoryFiltersInSql.js';
import { DirectoryIntegrity1763800700000 } from '../../migrations/1763800700000-DirectoryIntegrity.js';
import { KnownWordsNeedNoPublicCheck1763800800000 } from '../../migrations/1763800800000-KnownWordsNeedNoPublicCheck.js';
import { PublicWordsSecondChance1763800900000 } from '../../migrations/1763800900000-PublicWordsSecondChance.js';
import type { AuditService } from '../audit/audit.service.js';
import { type CoreServices, defineModule } from '../common/module.js';
import type { GeoService } from '../geo/geo.service.js';
import { Consortium } from './consortium.entity.js';
import { Council } from './council.entity.js';
import { DirectoryCurationService } from './curation.service.js';
import { directoryResolvers } from './directory.resolver.js';
import { DirectoryReader } from './directory.reader.js';
import { DirectorySearchService } from './directory-search.service.js';
import { DirectoryService } from './directory.service.js';
import { ListingsWriter } from './listings.writer.js';
import { CurationResolver } from './curation.resolver.js';
import { Provider, ProviderBoardSeat, ProviderLocation, ProviderMemberClass } from './provider.entity.js';
import { Service, ServiceArea, ServiceOpeningTime } from './service.entity.js';
import { ServiceCategory } from './service-category.entity.js';

export const directoryModule = defineModule({
  name: 'directory',
  entities: [Council, Consortium, ServiceCategory, Provider, ProviderMemberClass, ProviderBoardSeat, ProviderLocation, Service, ServiceOpeningTime, ServiceArea],
  resolvers: [...directoryResolvers, CurationResolver],
  migrations: [
    Directory1763800100000,
    FasterDirectorySearch1763800300000,
    DirectoryFiltersInSql1763800420000,
    DirectoryIntegrity1763800700000,
    KnownWordsNeedNoPublicCheck1763800800000,
    PublicWordsSecondChance1763800900000,
  ],
  services: ({ uow, geo, audit }: CoreServices & { geo: GeoService; audit: AuditService }) => {
    const directory = new DirectoryService(uow);
    const directorySearch = new DirectorySearchService(uow, geo);
    return {
      directory,
      directorySearch,
      directoryReader: new DirectoryReader(uow, directory, directorySearch),
      // The listings writer is curation's alone: no other domain writes listings.
      curation: new DirectoryCurationService(uow, directory, new ListingsWriter(uow, geo), audit),
    };
  },
});
