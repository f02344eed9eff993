/** @module The smallest svckit service: a service, its endpoint, an HTTP server, a router. */
import type { Endpoint } from '@svckit/core/endpoint';
import { ServiceError } from '@svckit/core/errors';
import { createRouter, createServer, decodeJSONRequest } from '@svckit/core/transport/http';
import { encodeJSONResponse } from '@svckit/core/transport/http';

/** greet is the service: plain code, no transport in sight. */
export const greet = (name: string): string => `hello, ${name === '' ? 'world' : name}`;

/** hello is its endpoint: `(ctx, request) => Promise<response>`. */
export const hello: Endpoint<{ name: string }, { greeting: string }> = async (_ctx, req) => ({
  greeting: greet(req.name),
});

/** decode reads `{"name": string}`; bad JSON or a bad shape is a 400 with the reason. */
const decode = decodeJSONRequest((body) => {
  const name = (body as { name?: unknown } | null)?.name;
  if (typeof name !== 'string') throw new ServiceError('invalid_argument', 'want {"name": string}');
  return { name };
});

/** handler serves POST /hello (64 KiB bodies at most: 413 beyond); other paths are 404. */
export const handler = createRouter().post(
  '/hello',
  createServer(hello, decode, encodeJSONResponse, { bodyLimit: 64 * 1024 }),
);
