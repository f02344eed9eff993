/**
 * stringsvc's JSON-RPC server on AWS Lambda, unchanged: behind API Gateway (REST or HTTP API)
 * or an ALB, `handler` is the function's handler. In a custom runtime (a container image,
 * `provided.al2023`), `node dist/lambda.js` runs the runtime API loop.
 */
import { httpHandler, start } from '@svckit/core/transport/awslambda';
import { rpc } from './stringsvc.js';

/** handler is the Lambda handler: export it to AWS's Node.js runtime. */
export const handler = httpHandler(rpc);

if (import.meta.url === `file://${process.argv[1]}` && process.env['AWS_LAMBDA_RUNTIME_API']) {
  await start(handler);
}
