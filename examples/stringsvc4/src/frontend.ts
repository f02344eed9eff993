/**
 * stringsvc4's HTTP front end: `/uppercase` and `/count` (any method), each request decoded as
 * stringsvc1 does, forwarded over NATS, and the reply written with Go kit's
 * `EncodeJSONResponse` (`application/json; charset=utf-8`, newline). A NATS failure (no
 * responders, timeout) is Go kit's 500 with the error text.
 */
import {
  createErrorEncoder,
  createJSONCodec,
  createServer,
  encodeResponse,
} from '@svckit/core/transport/http';
import type { DecodeRequestFunc, Server } from '@svckit/core/transport/http';
import { decodeStringRequest, serveMux } from '@svckit/example-stringsvc1';
import type { CountRequest, UppercaseRequest } from '@svckit/example-stringsvc1';
import type { NATSEndpoints } from './nats.js';

const encode = encodeResponse(createJSONCodec());
const errorEncoder = createErrorEncoder({ status: () => 500 });

/** makeFrontEnd serves the NATS endpoints over HTTP as stringsvc4's front end does. */
export function makeFrontEnd(endpoints: NATSEndpoints): Server {
  return serveMux({
    '/uppercase': createServer(
      endpoints.uppercase,
      decodeStringRequest as DecodeRequestFunc<UppercaseRequest>,
      encode,
      { errorEncoder },
    ),
    '/count': createServer(
      endpoints.count,
      decodeStringRequest as DecodeRequestFunc<CountRequest>,
      encode,
      { errorEncoder },
    ),
  });
}
