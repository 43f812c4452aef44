import type express from 'express';
import type { OperationOutcome, OperationOutcomeIssue } from '@medplum/fhirtypes';

/** The FHIR media type every answer under /fhir carries, failures too (FHIR R4 http.html#mime-type). */
export const FHIR_JSON = 'application/fhir+json; charset=utf-8';

/** The FHIR issue type (http://hl7.org/fhir/issue-type) of each status a FHIR route answers with. */
const ISSUE_TYPE: Record<number, OperationOutcomeIssue['code']> = {
  400: 'invalid',
  401: 'login',
  403: 'forbidden',
  404: 'not-found',
  409: 'conflict',
  429: 'throttled',
};

/**
 * A failure on a FHIR route as FHIR clients expect it: an `OperationOutcome` with one error issue, the status
 * from the project's one table (problem.ts STATUS_OF), the message as `diagnostics`.
 */
export function sendOperationOutcome(res: express.Response, status: number, diagnostics: string): void {
  const outcome: OperationOutcome = {
    resourceType: 'OperationOutcome',
    issue: [{ severity: 'error', code: ISSUE_TYPE[status] ?? 'processing', diagnostics }],
  };
  res.status(status).type(FHIR_JSON).send(JSON.stringify(outcome));
}
