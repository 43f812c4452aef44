import { Postcode } from './geo/postcode.entity.js';
import { PostcodeDistrict } from './geo/postcode-district.entity.js';
import { PostcodeSector } from './geo/postcode-sector.entity.js';
import { Council } from './directory/council.entity.js';
import { Consortium } from './directory/consortium.entity.js';
import { Provider, ProviderBoardSeat, ProviderLocation, ProviderMemberClass } from './directory/provider.entity.js';
import { Service, ServiceArea, ServiceOpeningTime } from './directory/service.entity.js';
import { ServiceCategory } from './directory/service-category.entity.js';
import { Person } from './accounts/person.entity.js';
import { StaffMembership } from './accounts/staff-membership.entity.js';
import { RepresentativeGrant } from './accounts/representative-grant.entity.js';
import { AccountSession } from './accounts/account-session.entity.js';
import { UsedRefreshToken } from './accounts/used-refresh-token.entity.js';
import { LoginThrottle } from './accounts/login-throttle.entity.js';
import { ApiKey } from './accounts/api-key.entity.js';
import { WidgetSessionRecord } from './accounts/widget-session.entity.js';
import { WidgetConsent } from './accounts/widget-consent.entity.js';
import { AuditEvent } from './audit/audit-event.entity.js';

/** Every TypeORM entity, by domain. */
export const entities: Function[] = [Postcode, PostcodeSector, PostcodeDistrict,
  Council, Consortium, ServiceCategory, Provider, ProviderMemberClass, ProviderBoardSeat, ProviderLocation, Service, ServiceOpeningTime, ServiceArea,
  Person, StaffMembership, RepresentativeGrant, AccountSession, UsedRefreshToken, LoginThrottle, ApiKey, WidgetSessionRecord, WidgetConsent, AuditEvent];
