import express from 'express';
import { FHIR_JSON, sendOperationOutcome } from '../http/operation-outcome.js';
import { publicOrigin } from '../web/embed-page.js';
import { carePlanBundle } from './fhir.js';
import { PlanRefusal, type PlanRouterOptions, planDocumentFor } from './plan-route.js';

/**
 * `GET /fhir/CarePlan/{id}` (`?version=N` for an earlier version): the plan as an HL7 FHIR R4 Bundle, for
 * whoever may read the plan (plan-route.ts), its read audited with via `fhir`. Failures are FHIR
 * OperationOutcomes with the project's statuses, as a FHIR client expects; never cached.
 */
export function createFhirRouter(options: PlanRouterOptions): express.Router {
  const router = express.Router();
  router.get('/CarePlan/:id', options.limiter, async (req, res, next) => {
    res.set('Cache-Control', 'no-store');
    try {
      const answer = await planDocumentFor(req, res, options, 'fhir');
      if (answer instanceof PlanRefusal) return sendOperationOutcome(res, answer.status, answer.message);
      res.type(FHIR_JSON).send(JSON.stringify(carePlanBundle(answer, `${publicOrigin(req)}/fhir`)));
    } catch (error) {
      next(error);
    }
  });
  router.use((_req, res) => sendOperationOutcome(res, 404, 'The only resource here is /fhir/CarePlan/<id>.'));
  return router;
}
