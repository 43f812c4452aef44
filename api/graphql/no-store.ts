import type { ApolloServerPlugin } from '@apollo/server';
import type { Context } from '../context.js';

/**
 * An answer given to a credential may hold what only that caller may see (a care plan, a budget): no
 * cache, shared or the browser's own, may keep it. Public answers (the directory) stay cacheable.
 */
export function noStoreForCredentialsPlugin(): ApolloServerPlugin<Context> {
  return {
    async requestDidStart() {
      return {
        async willSendResponse({ contextValue, response }) {
          if (contextValue.actor.kind !== 'anonymous') response.http.headers.set('cache-control', 'private, no-store');
        },
      };
    },
  };
}
