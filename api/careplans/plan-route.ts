import type express from 'express';
import type { Acting } from '../auth/actor.js';
import type { AuthenticationService } from '../auth/authentication.service.js';
import { credentialsOf } from '../auth/http-auth.js';
import { DomainException } from '../common/exceptions.js';
import { isUuid } from '../common/ids.js';
import { STATUS_OF } from '../http/problem.js';
import type { PlanRead } from './care-plan-access.js';
import type { CarePlanDocument } from './care-plan-document.js';

/** What the plan routes need of the care-plan service: one version of a plan, authorized and its read audited. */
export interface PlanDocuments {
  document(acting: Acting, planId: string, version: number | undefined, via: PlanRead): Promise<CarePlanDocument>;
}

export interface PlanRouterOptions {
  authentication: AuthenticationService;
  carePlans: PlanDocuments;
  /** The public rate limiter, answering 429 in the route's own shape. */
  limiter: express.RequestHandler;
}

/** Why a plan route refuses: the status from the one table (problem.ts), words safe to show, the parameter at fault. */
export class PlanRefusal {
  constructor(
    readonly status: number,
    readonly message: string,
    readonly parameter?: 'id' | 'version',
  ) {}
}

/** A version as a person writes it: a whole number from 1, short enough to be one. */
const VERSION = /^[1-9][0-9]{0,8}$/;

/**
 * The plan a route was asked for (`:id`, `?version=N`), for whoever may read it, with the bearer token of a
 * signed-in person: the same policy as `carePlan(id)` (CarePlansService.document). 401 without a token (with
 * `WWW-Authenticate`), 400 for an id or version that cannot be one, 404 for an unknown plan or version, 403
 * for someone else's plan saying nothing of it. Anything unexpected is thrown, for the app's bare 500.
 */
export async function planDocumentFor(
  req: express.Request,
  res: express.Response,
  { authentication, carePlans }: PlanRouterOptions,
  via: PlanRead,
): Promise<CarePlanDocument | PlanRefusal> {
  try {
    const actor = await authentication.authenticate(credentialsOf(req));
    const id = String(req.params.id);
    if (!isUuid(id)) return new PlanRefusal(400, 'A care plan id is a UUID.', 'id');
    const version = req.query.version;
    if (version !== undefined && (typeof version !== 'string' || !VERSION.test(version))) {
      return new PlanRefusal(400, 'A version is a whole number from 1, given once.', 'version');
    }
    return await carePlans.document({ actor, requestId: String(req.id) }, id.toLowerCase(), version ? Number(version) : undefined, via);
  } catch (error) {
    if (!(error instanceof DomainException && error.failure)) throw error;
    const status = STATUS_OF[error.failure];
    if (status === 401) res.set('WWW-Authenticate', 'Bearer');
    return new PlanRefusal(status, error.message);
  }
}
