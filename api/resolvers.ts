import type { NonEmptyArray } from 'type-graphql';
import { GeoResolver } from './geo/geo.resolver.js';
import { directoryResolvers } from './directory/directory.resolver.js';
import { AccountsResolver, RepresentativeGrantResolver, ViewerResolver, WidgetConsentResolver } from './accounts/accounts.resolver.js';
import { AuditResolver } from './audit/audit.resolver.js';
import { CurationResolver } from './accounts/curation.resolver.js';

/** Every resolver class, by domain. */
export const resolvers: NonEmptyArray<Function> = [GeoResolver, ...directoryResolvers, AccountsResolver, ViewerResolver, RepresentativeGrantResolver, WidgetConsentResolver, AuditResolver, CurationResolver];
