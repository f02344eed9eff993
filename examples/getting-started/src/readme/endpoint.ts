/**
 * @module
 * The endpoint and context example of packages/core/README.md (the region below is that code block);
 * `readme.test.ts` runs it as a program and checks what it prints.
 */
// #region endpoint
import { background, withTimeout, createKey, withValue } from '@svckit/core/context';
import { chain } from '@svckit/core/endpoint';
import type { Endpoint, Middleware } from '@svckit/core/endpoint';

const requestId = createKey<string>('requestId');

const uppercase: Endpoint<string, string> = async (ctx, s) => {
  ctx.signal.throwIfAborted(); // stop work when the caller went away or the deadline passed
  return s.toUpperCase();
};

const logging: Middleware<string, string> = (next) => async (ctx, req) => {
  const started = Date.now();
  try {
    return await next(ctx, req);
  } finally {
    console.log(`id=${ctx.value(requestId)} took=${Date.now() - started}ms`);
  }
};

const [ctx, cancel] = withTimeout(withValue(background(), requestId, 'r-1'), 500);
try {
  console.log(await chain(logging)(uppercase)(ctx, 'hello')); // HELLO
} finally {
  cancel(); // releases the deadline timer
}
// #endregion endpoint
