/**
 * The gateway: one router in front, `/rpc` proxied to the JSON-RPC service with svckit's
 * reverse proxy (`/rpc` stripped), `/health` answered by the gateway itself.
 */
import { createRouter, textAnswer } from '@svckit/core/transport/http';
import type { Router } from '@svckit/core/transport/http';
import { createProxy } from '@svckit/core/transport/httprp';

/** gateway routes `/rpc` to the service at target. */
export function gateway(target: string): Router {
  return createRouter()
    .get('/health', textAnswer(200, 'ok\n'))
    .mount(
      '/rpc',
      createProxy(target, {
        stripPrefix: '/rpc',
        before: [(ctx, request) => ((request.headers['x-gateway'] = 'stringrpc'), ctx)],
      }),
    );
}
