/**
 * @module @svckit/core/transport/awslambda
 *
 * Endpoints on AWS Lambda (Go kit's `transport/awslambda`). {@link createHandler} exposes an
 * endpoint as a Lambda handler `(event, context) => Promise<result>` on the core kernel
 * (before → decode → endpoint → after → encode; error handler, error encoder, finalizers), the
 * invocation's remaining time as the context's deadline. {@link httpHandler} runs any svckit
 * HTTP `Server` (a `createServer` server, a router, a JSON-RPC server) unchanged behind API
 * Gateway REST and HTTP APIs and Application Load Balancers. {@link start} is the runtime API
 * loop (aws-lambda-go's `lambda.Start`) for custom runtimes.
 */
export type { LambdaContext } from './context.js';
export { lambdaContext, lambdaContextKey } from './context.js';
export type {
  AfterFunc,
  BeforeFunc,
  DecodeEventFunc,
  EncodeResultFunc,
  ErrorEncoder,
  FinalizerFunc,
  FinalizerInfo,
  HandlerOptions,
  LambdaHandler,
} from './handler.js';
export { createHandler } from './handler.js';
export type {
  AlbEvent,
  ApiGatewayEvent,
  ApiGatewayResult,
  ApiGatewayV2Event,
  ApiGatewayV2Result,
  HttpEvent,
  HttpResult,
} from './events.js';
export { httpHandler } from './http.js';
export type { InvocationContext, StartOptions } from './runtime.js';
export { start } from './runtime.js';
