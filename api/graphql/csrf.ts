import type express from 'express';
import { sendGraphQLError } from '../http/problem.js';

/**
 * Cross-site request forgery on /graphql. coopcare's credentials are a bearer token or an API key in a
 * header, never a cookie, so a forged request carries none; still, nothing but a read may run from a
 * request another site's page can send without asking (a form, or a "simple" fetch without a CORS
 * preflight). A GET may run only a query (Apollo answers a mutation over GET with 405), so a plain GET
 * read needs no extra header, and a CDN can carry it. Every POST must say `Content-Type: application/json`,
 * which a browser sends to another origin only after a preflight the page's origin must pass; a form's
 * types (urlencoded, multipart, text/plain) and a POST with no type are refused with 415 before anything
 * reads the body. This replaces Apollo's `csrfPrevention`, which also refuses plain GETs.
 */
export function jsonPostsOnly(): express.RequestHandler {
  return (req, res, next) => {
    if (req.method !== 'POST' || req.is('application/json')) return next();
    sendGraphQLError(res, 415, 'BAD_REQUEST', 'A POST to /graphql must be sent as Content-Type: application/json.');
  };
}
