import type { Plugin } from 'graphql-yoga';
import type { Context } from '../../graphql/context.ts';
import { ISSUER_PATH, issuerProfile, STATUS_LIST_PATH, statusListCredential } from './credential.ts';

/**
 * Public documents a verifier fetches once and then works offline with: the issuer profile with the
 * public key, and the revocation status list (a signed credential, cacheable for a few minutes).
 */
export function useCredentialRoutes(): Plugin<Context> {
  return {
    async onRequest({ request, url, endResponse, fetchAPI }) {
      if (request.method !== 'GET') return;
      if (url.pathname === ISSUER_PATH) {
        endResponse(
          new fetchAPI.Response(JSON.stringify(issuerProfile()), {
            headers: { 'content-type': 'application/json', 'cache-control': 'public, max-age=3600' },
          }),
        );
      } else if (url.pathname === STATUS_LIST_PATH) {
        endResponse(
          new fetchAPI.Response(await statusListCredential(), {
            headers: { 'content-type': 'application/vc+jwt', 'cache-control': 'public, max-age=300' },
          }),
        );
      }
    },
  };
}
