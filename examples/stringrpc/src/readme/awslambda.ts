/**
 * @module
 * The example of packages/core/src/transport/awslambda/README.md (the region below is that
 * code block); `readme.test.ts` invokes both handlers.
 */
// #region readme
import { createHandler, httpHandler } from '@svckit/core/transport/awslambda';
import {
  createRouter,
  createServer,
  decodeJSONRequest,
  encodeJSONResponse,
} from '@svckit/core/transport/http';

const uppercase = async (_ctx: unknown, s: string) => s.toUpperCase();

// An endpoint as a Lambda function: invoked with {"s":"hi"}, it returns {"v":"HI"}.
export const invoke = createHandler(
  uppercase,
  (_ctx, event: { s: string }) => event.s,
  (_ctx, v: string) => ({ v }),
);

// The same endpoint behind API Gateway (REST or HTTP API) or an ALB, as an svckit HTTP server.
const router = createRouter().post(
  '/uppercase',
  createServer(
    uppercase,
    decodeJSONRequest((b) => (b as { s: string }).s),
    (ctx, w, v) => encodeJSONResponse(ctx, w, { v }),
  ),
);
export const http = httpHandler(router);
// #endregion readme
