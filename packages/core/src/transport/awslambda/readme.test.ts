// The example of README.md, compiled and run (imports relative).
import assert from 'node:assert/strict';
import { test } from 'node:test';
import {
  createRouter,
  createServer,
  decodeJSONRequest,
  encodeJSONResponse,
} from '../http/index.js';
import { createHandler, httpHandler } from './index.js';
import type { ApiGatewayV2Result, LambdaContext } from './index.js';
import { httpApiEvent } from './testdata/events.js';

test('README example', async () => {
  // --- README ---
  const uppercase = async (_ctx: unknown, s: string) => s.toUpperCase();

  // An endpoint as a Lambda function: invoked with {"s":"hi"}, it returns {"v":"HI"}.
  const invoke = createHandler(
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
  const http = httpHandler(router);
  // --- end ---
  const context: LambdaContext = { awsRequestId: 'r', getRemainingTimeInMillis: () => 1000 };
  assert.deepEqual(await invoke({ s: 'hi' }, context), { v: 'HI' });
  const event = { ...httpApiEvent, rawPath: '/uppercase', rawQueryString: '', body: '{"s":"hi"}' };
  const result = (await http(event, context)) as ApiGatewayV2Result;
  assert.deepEqual([result.statusCode, result.body], [200, '{"v":"HI"}\n']);
});
