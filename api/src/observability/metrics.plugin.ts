import { getOperationAST } from 'graphql';
import type { Plugin } from 'graphql-yoga';
import type { Context } from '../graphql/context.ts';
import { mayReadMetrics, operationDuration, operationLabel, renderMetrics, requestsRefused } from './metrics.ts';

type ServerContext = { req?: { socket?: { remoteAddress?: string } } };

const REFUSALS: Record<number, string> = { 413: 'too_large', 429: 'rate_limited' };

/** `/metrics` on the API's port, and a timing for every operation executed. */
export function useMetrics(): Plugin<Context & ServerContext> {
  return {
    onRequest({ request, url, serverContext, endResponse, fetchAPI }) {
      if (url.pathname !== '/metrics') return;
      const remote = (serverContext as ServerContext | undefined)?.req?.socket?.remoteAddress;
      if (!mayReadMetrics(request.headers.get('authorization'), remote)) {
        endResponse(new fetchAPI.Response(null, { status: 403 }));
        return;
      }
      return renderMetrics().then(({ contentType, body }) =>
        endResponse(new fetchAPI.Response(body, { headers: { 'content-type': contentType } })),
      );
    },
    onExecute({ args }) {
      // A document with one operation need not name it in the request.
      const name = args.operationName ?? getOperationAST(args.document, undefined)?.name?.value;
      const stop = operationDuration.startTimer({ operation: operationLabel(name) });
      return {
        onExecuteDone({ result }) {
          stop({ outcome: 'errors' in result && result.errors?.length ? 'error' : 'ok' });
        },
      };
    },
    onResponse({ response }) {
      const reason = REFUSALS[response.status];
      if (reason) requestsRefused.inc({ reason });
    },
  };
}
