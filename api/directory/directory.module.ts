import { DirectorySchema1764000100000 } from '../../migrations/1764000100000-DirectorySchema.js';
import { ListingStatusHistory1765000100000 } from '../../migrations/1765000100000-ListingStatusHistory.js';
import { LateCancellationAndCareWorkerPay1766000010000 } from '../../migrations/1766000010000-LateCancellationAndCareWorkerPay.js';
import { CareNeedsAndLanguages1769000100000 } from '../../migrations/1769000100000-CareNeedsAndLanguages.js';
import { CareVocabulary1769000200000 } from '../../migrations/1769000200000-CareVocabulary.js';
import { MemberFactsFromTheRegister1771000000100 } from '../../migrations/1771000000100-MemberFactsFromTheRegister.js';
import type { AuditService } from '../audit/audit.service.js';
import { type CoreServices, defineModule } from '../common/module.js';
import type { GeoService } from '../geo/geo.service.js';
import { CareNeed } from './care-need.entity.js';
import { CareNeeds } from './care-needs.js';
import { Consortium } from './consortium.entity.js';
import { Council } from './council.entity.js';
import { DirectoryCurationService } from './curation.service.js';
import { directoryResolvers } from './directory.resolver.js';
import { DirectoryReader } from './directory.reader.js';
import { DirectorySearchService } from './directory-search.service.js';
import { DirectoryService } from './directory.service.js';
import { ListingsWriter } from './listings.writer.js';
import { CurationResolver, ProviderStatusChangesResolver } from './curation.resolver.js';
import { ProviderStatusChange } from './provider-status-change.entity.js';
import { Provider, ProviderBoardSeat, ProviderLocation, ProviderMemberClass } from './provider.entity.js';
import { Service, ServiceArea, ServiceOpeningTime } from './service.entity.js';
import { ServiceCategory } from './service-category.entity.js';

export const directoryModule = defineModule({
  name: 'directory',
  entities: [
    Council,
    Consortium,
    ServiceCategory,
    CareNeed,
    Provider,
    ProviderMemberClass,
    ProviderBoardSeat,
    ProviderLocation,
    Service,
    ServiceOpeningTime,
    ServiceArea,
    ProviderStatusChange,
  ],
  resolvers: [...directoryResolvers, CurationResolver, ProviderStatusChangesResolver],
  migrations: [
    DirectorySchema1764000100000,
    ListingStatusHistory1765000100000,
    LateCancellationAndCareWorkerPay1766000010000,
    CareNeedsAndLanguages1769000100000,
    CareVocabulary1769000200000,
    MemberFactsFromTheRegister1771000000100,
  ],
  services: ({ uow, geo, audit }: CoreServices & { geo: GeoService; audit: AuditService }) => {
    const directory = new DirectoryService(uow);
    const careNeeds = new CareNeeds(uow);
    const directorySearch = new DirectorySearchService(uow, geo, careNeeds);
    return {
      directory,
      careNeeds,
      directorySearch,
      directoryReader: new DirectoryReader(uow, directory, directorySearch, careNeeds),
      // The listings writer is curation's alone: no other domain writes listings.
      curation: new DirectoryCurationService(uow, directory, new ListingsWriter(uow, geo, careNeeds), audit),
    };
  },
});
