/**
 * The Open Referral UK 3.0 (HSDS 3.0 UK profile) objects this API publishes, as the profile's compiled
 * schemas define them. Optional properties are left out rather than set to null: the profile's schemas
 * type them as plain strings and numbers, so a null would fail a consumer's validation.
 */

export interface OrukApiDetails {
  version: string;
  profile: string;
  openapi_url: string;
}

export interface OrukPage<T> {
  total_items: number;
  total_pages: number;
  page_number: number;
  size: number;
  first_page: boolean;
  last_page: boolean;
  empty: boolean;
  contents: T[];
}

export interface OrukTaxonomy {
  id: string;
  name: string;
  description: string;
  uri?: string;
  version?: string;
}

export interface OrukTaxonomyTerm {
  id: string;
  code?: string;
  name: string;
  description: string;
  parent_id?: string;
  taxonomy?: string;
  taxonomy_id?: string;
  term_uri?: string;
  /** HSDS 3.0 nests the taxonomy in a term read on its own. */
  taxonomy_detail?: OrukTaxonomy;
}

export interface OrukAttribute {
  id: string;
  link_id: string;
  taxonomy_term_id: string;
  link_type: string;
  link_entity: string;
  value?: string;
  taxonomy_term: OrukTaxonomyTerm;
}

export interface OrukOrganizationIdentifier {
  id: string;
  organization_id: string;
  identifier_scheme?: string;
  identifier_type: string;
  identifier: string;
}

export interface OrukPhone {
  id: string;
  number: string;
  organization_id?: string;
  service_id?: string;
  contact_id?: string;
  location_id?: string;
  type?: string;
}

export interface OrukContact {
  id: string;
  organization_id?: string;
  service_id?: string;
  name?: string;
  title?: string;
  email?: string;
  phones?: OrukPhone[];
}

export interface OrukOrganization {
  id: string;
  name: string;
  description: string;
  email?: string;
  website?: string;
  uri?: string;
  legal_status?: string;
  parent_organization_id?: string;
  organization_identifiers?: OrukOrganizationIdentifier[];
  contacts?: OrukContact[];
  phones?: OrukPhone[];
  attributes?: OrukAttribute[];
}

export interface OrukAddress {
  id: string;
  location_id: string;
  address_1: string;
  address_2?: string;
  city: string;
  region?: string;
  state_province: string;
  postal_code: string;
  country: string;
  address_type: 'physical' | 'postal' | 'virtual';
}

export interface OrukLocation {
  id: string;
  location_type: 'physical' | 'postal' | 'virtual';
  organization_id?: string;
  name?: string;
  description?: string;
  latitude?: number;
  longitude?: number;
  addresses?: OrukAddress[];
}

export interface OrukSchedule {
  id: string;
  service_id?: string;
  service_at_location_id?: string;
  freq: 'WEEKLY';
  interval: number;
  byday: string;
  opens_at: string;
  closes_at: string;
  description?: string;
}

export interface OrukServiceArea {
  id: string;
  service_id: string;
  name?: string;
  description?: string;
  extent?: string;
  extent_type?: string;
}

export interface OrukCostOption {
  id: string;
  service_id: string;
  option: string;
  amount: number;
  currency: string;
  amount_description?: string;
}

export interface OrukLanguage {
  id: string;
  service_id: string;
  name?: string;
  code?: string;
}

export interface OrukServiceAtLocation {
  id: string;
  service_id: string;
  location_id: string;
  location?: OrukLocation;
  service?: OrukService;
}

export interface OrukService {
  id: string;
  organization_id: string;
  name: string;
  description?: string;
  url?: string;
  email?: string;
  status: 'active' | 'inactive' | 'defunct' | 'temporarily closed';
  fees_description?: string;
  minimum_age?: number;
  maximum_age?: number;
  last_modified?: string;
  organization?: OrukOrganization;
  schedules?: OrukSchedule[];
  service_areas?: OrukServiceArea[];
  service_at_locations?: OrukServiceAtLocation[];
  languages?: OrukLanguage[];
  cost_options?: OrukCostOption[];
  contacts?: OrukContact[];
  phones?: OrukPhone[];
  attributes?: OrukAttribute[];
}
