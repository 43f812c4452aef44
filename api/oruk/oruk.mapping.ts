import { isEmailAddress } from '../common/rules.js';
import { DayOfWeek, LegalForm, MemberClass } from '../directory/directory.enums.js';
import type { DirectoryBundle } from '../directory/directory.reader.js';
import type { Provider, ProviderLocation } from '../directory/provider.entity.js';
import type { Service } from '../directory/service.entity.js';
import { attribute, enumTerm, LEGAL_FORM_LABEL, languages, serviceAttributes } from './oruk.attributes.js';
import { derivedId } from './oruk.ids.js';
import { BYDAY_CODE } from './oruk.params.js';
import type {
  OrukAddress,
  OrukContact,
  OrukCostOption,
  OrukLocation,
  OrukOrganization,
  OrukOrganizationIdentifier,
  OrukSchedule,
  OrukService,
  OrukServiceArea,
  OrukServiceAtLocation,
} from './oruk.types.js';
import { compact, nonEmpty } from './oruk.values.js';

/**
 * Where our directory model becomes Open Referral UK objects, with the taxonomies, attributes and
 * languages of oruk.attributes.ts. Everything here is pure: the reader has the directory build a
 * `DirectoryBundle` for a page of services and hands it over, so what a service looks like in ORUK does
 * not depend on which endpoint asked for it.
 */

/**
 * org-id.guide schemes for a registration number: societies are on the FCA Mutuals Public Register,
 * CICs at Companies House, charities with the Charity Commission. Worker and multi-stakeholder co-ops
 * are usually registered societies too; OTHER says nothing about where it is registered.
 */
const REGISTRATION_SCHEME: Partial<Record<LegalForm, string>> = {
  [LegalForm.CO_OPERATIVE_SOCIETY]: 'GB-MPR',
  [LegalForm.COMMUNITY_BENEFIT_SOCIETY]: 'GB-MPR',
  [LegalForm.WORKER_CO_OPERATIVE]: 'GB-MPR',
  [LegalForm.MULTI_STAKEHOLDER_CO_OPERATIVE]: 'GB-MPR',
  [LegalForm.COMMUNITY_INTEREST_COMPANY]: 'GB-COH',
  [LegalForm.CHARITY]: 'GB-CHC',
};

const DAY_ORDER = Object.values(DayOfWeek);

/** JSON Schema's `uri` and `email` formats are strict; a value that would fail them is left out, not sent broken. */
const isWebUri = (value: string) => {
  try {
    const url = new URL(value);
    return url.protocol === 'https:' || url.protocol === 'http:';
  } catch {
    return false;
  }
};

// ---- organizations ------------------------------------------------------------------------------

export function organization(provider: Provider, bundle: DirectoryBundle): OrukOrganization {
  const identifiers: OrukOrganizationIdentifier[] = [];
  if (nonEmpty(provider.registrationNumber)) {
    identifiers.push(
      compact({
        id: derivedId('organization_identifier', provider.id, 'registration'),
        organization_id: provider.id,
        identifier_scheme: REGISTRATION_SCHEME[provider.legalForm],
        identifier_type: 'Registration number',
        identifier: provider.registrationNumber,
      }),
    );
  }
  if (nonEmpty(provider.cqcLocationId)) {
    identifiers.push({
      id: derivedId('organization_identifier', provider.id, 'cqc'),
      organization_id: provider.id,
      identifier_type: 'CQC location ID',
      identifier: provider.cqcLocationId,
    });
  }
  const memberClasses = [...(bundle.memberClassesByProvider.get(provider.id) ?? [])].sort(
    (a, b) => Object.values(MemberClass).indexOf(a.memberClass) - Object.values(MemberClass).indexOf(b.memberClass),
  );
  const attributes = [
    attribute(provider.id, 'organization', enumTerm('legalForms', provider.legalForm), provider.isCooperative ? 'co-operative' : undefined),
    attribute(provider.id, 'organization', enumTerm('cqcRatings', provider.cqcRating)),
    ...memberClasses.map((m) => attribute(provider.id, 'organization', enumTerm('memberClasses', m.memberClass), String(m.memberCount))),
  ];
  const phones = nonEmpty(provider.contactPhone)
    ? [{ id: derivedId('phone', provider.id), organization_id: provider.id, number: provider.contactPhone }]
    : undefined;
  const parentPublished = provider.parentId !== null && bundle.providers.has(provider.parentId);
  return compact({
    id: provider.id,
    name: provider.name,
    description: nonEmpty(provider.description) ? provider.description : nonEmpty(provider.summary) ? provider.summary : provider.name,
    email: nonEmpty(provider.contactEmail) && isEmailAddress(provider.contactEmail) ? provider.contactEmail : undefined,
    website: nonEmpty(provider.website) && isWebUri(provider.website) ? provider.website : undefined,
    legal_status: LEGAL_FORM_LABEL[provider.legalForm],
    parent_organization_id: parentPublished ? (provider.parentId ?? undefined) : undefined,
    organization_identifiers: identifiers.length > 0 ? identifiers : undefined,
    phones,
    attributes,
  });
}

// ---- locations ----------------------------------------------------------------------------------

export function location(place: ProviderLocation): OrukLocation {
  const address: OrukAddress = compact({
    id: derivedId('address', place.id),
    location_id: place.id,
    address_1: place.addressLine1,
    address_2: nonEmpty(place.addressLine2) ? place.addressLine2 : undefined,
    city: place.town,
    // The profile requires it; we hold no county, and an honest blank beats a guessed one.
    state_province: '',
    postal_code: place.postcode,
    country: 'GB',
    address_type: 'physical' as const,
  });
  return {
    id: place.id,
    location_type: 'physical',
    organization_id: place.providerId,
    name: place.name,
    latitude: place.latitude,
    longitude: place.longitude,
    addresses: [address],
  };
}

export function serviceAtLocationId(serviceId: string, locationId: string): string {
  return derivedId('service_at_location', serviceId, locationId);
}

// ---- services -----------------------------------------------------------------------------------

const pounds = (pence: number) => Math.round(pence) / 100;
const formatPounds = (pence: number) => `£${(pence / 100).toFixed(2)}`;

function costOptions(service: Service): OrukCostOption[] {
  const travel =
    service.travelChargePencePerVisit === 0
      ? 'travel included'
      : `plus ${formatPounds(service.travelChargePencePerVisit)} travel per visit`;
  const options: OrukCostOption[] = [
    {
      id: derivedId('cost_option', service.id, 'hourly'),
      service_id: service.id,
      option: 'per hour',
      amount: pounds(service.hourlyRatePence),
      currency: 'GBP',
      amount_description: [
        `${formatPounds(service.hourlyRatePence)} an hour`,
        `minimum visit ${service.minimumVisitMinutes} minutes`,
        travel,
      ].join(', '),
    },
  ];
  if (service.travelChargePencePerVisit > 0) {
    options.push({
      id: derivedId('cost_option', service.id, 'travel'),
      service_id: service.id,
      option: 'travel per visit',
      amount: pounds(service.travelChargePencePerVisit),
      currency: 'GBP',
    });
  }
  return options;
}

/** RFC 5545 style: one weekly rule per opening row, `opens_at`/`closes_at` as HH:MM:SS local time. */
function schedules(service: Service, bundle: DirectoryBundle): OrukSchedule[] {
  const rows = [...(bundle.openingTimesByService.get(service.id) ?? [])].sort(
    (a, b) => DAY_ORDER.indexOf(a.dayOfWeek) - DAY_ORDER.indexOf(b.dayOfWeek) || a.opens.localeCompare(b.opens),
  );
  return rows.map((row) => ({
    id: row.id,
    service_id: service.id,
    freq: 'WEEKLY',
    interval: 1,
    byday: BYDAY_CODE[row.dayOfWeek],
    opens_at: clockTime(row.opens),
    closes_at: clockTime(row.closes),
  }));
}

/** Postgres `time` comes back as HH:MM:SS; seeds may hold HH:MM. */
const clockTime = (value: string) => (value.length === 5 ? `${value}:00` : value.slice(0, 8));

function serviceAreas(service: Service, bundle: DirectoryBundle): OrukServiceArea[] {
  return (bundle.areasByService.get(service.id) ?? []).map((area) =>
    area.outcode
      ? {
          id: derivedId('service_area', service.id, area.id),
          service_id: service.id,
          name: area.outcode,
          description: `The ${area.outcode} postcode district`,
          extent_type: 'postcode_district',
          extent: area.outcode,
        }
      : {
          id: derivedId('service_area', service.id, area.id),
          service_id: service.id,
          name: `Within ${area.radiusMiles} miles`,
          description: `Within ${area.radiusMiles} miles of ${area.latitude}, ${area.longitude}`,
          // A GeoJSON point; the radius, which GeoJSON cannot carry, is in the name and description.
          extent_type: 'geojson',
          extent: JSON.stringify({ type: 'Point', coordinates: [area.longitude, area.latitude] }),
        },
  );
}

function contacts(service: Service, provider: Provider): OrukContact[] | undefined {
  const email = nonEmpty(provider.contactEmail) && isEmailAddress(provider.contactEmail) ? provider.contactEmail : undefined;
  const phone = nonEmpty(provider.contactPhone) ? provider.contactPhone : undefined;
  if (!email && !phone) return undefined;
  const contactId = derivedId('contact', service.id);
  return [
    compact({
      id: contactId,
      service_id: service.id,
      name: provider.name,
      title: 'Enquiries',
      email,
      phones: phone ? [{ id: derivedId('phone', contactId), contact_id: contactId, number: phone }] : undefined,
    }),
  ];
}

function lastModified(service: Service, provider: Provider): string {
  return new Date(Math.max(service.updatedAt.getTime(), provider.updatedAt.getTime())).toISOString();
}

/** A service's own (one-to-one) fields and its organization: what list endpoints carry. */
export function serviceSummary(service: Service, bundle: DirectoryBundle): OrukService {
  const provider = bundle.providers.get(service.providerId);
  if (!provider) throw new Error('A published service reached the ORUK mapping without its provider.');
  const email = nonEmpty(provider.contactEmail) && isEmailAddress(provider.contactEmail) ? provider.contactEmail : undefined;
  return compact({
    id: service.id,
    organization_id: service.providerId,
    name: service.name,
    description: nonEmpty(service.description) ? service.description : undefined,
    url: nonEmpty(provider.website) && isWebUri(provider.website) ? provider.website : undefined,
    email,
    status: 'active' as const,
    minimum_age: service.minimumAge ?? undefined,
    maximum_age: service.maximumAge ?? undefined,
    last_modified: lastModified(service, provider),
    organization: organization(provider, bundle),
  });
}

/** The fully nested service of `/services/{id}`. */
export function fullService(service: Service, bundle: DirectoryBundle): OrukService {
  const provider = bundle.providers.get(service.providerId)!;
  const places = bundle.locationsByProvider.get(service.providerId) ?? [];
  return compact({
    ...serviceSummary(service, bundle),
    schedules: schedules(service, bundle),
    service_areas: serviceAreas(service, bundle),
    service_at_locations: places.map((place) => ({
      id: serviceAtLocationId(service.id, place.id),
      service_id: service.id,
      location_id: place.id,
      location: location(place),
    })),
    languages: languages(service),
    cost_options: costOptions(service),
    contacts: contacts(service, provider),
    attributes: serviceAttributes(service, bundle),
  });
}

/** A list row of `/service_at_locations`: the link, the service's own fields and the location. */
export function serviceAtLocationSummary(service: Service, place: ProviderLocation, bundle: DirectoryBundle): OrukServiceAtLocation {
  return {
    id: serviceAtLocationId(service.id, place.id),
    service_id: service.id,
    location_id: place.id,
    service: serviceSummary(service, bundle),
    location: location(place),
  };
}

/** `/service_at_locations/{id}`: the link with the fully nested service and the location. */
export function fullServiceAtLocation(service: Service, place: ProviderLocation, bundle: DirectoryBundle): OrukServiceAtLocation {
  const { service_at_locations: _ignored, ...nested } = fullService(service, bundle);
  return {
    id: serviceAtLocationId(service.id, place.id),
    service_id: service.id,
    location_id: place.id,
    location: location(place),
    service: nested,
  };
}
