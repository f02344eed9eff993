import type { Context } from '../../context/index.js';
import { createKey } from '../../context/index.js';

/**
 * LambdaContext is the invocation context the Lambda runtime passes beside the event (the
 * fields of Node's `Context` object svckit reads); the managed Node.js runtime's object and
 * `start`'s both fit.
 */
export interface LambdaContext {
  /** awsRequestId identifies the invocation. */
  readonly awsRequestId: string;
  /** functionName is the function's name. */
  readonly functionName?: string;
  /** functionVersion is the version invoked. */
  readonly functionVersion?: string;
  /** invokedFunctionArn is the ARN used to invoke the function. */
  readonly invokedFunctionArn?: string;
  /** memoryLimitInMB is the configured memory, as a string (as AWS gives it). */
  readonly memoryLimitInMB?: string;
  /** logGroupName and logStreamName locate the invocation's logs. */
  readonly logGroupName?: string;
  readonly logStreamName?: string;
  /** getRemainingTimeInMillis returns the ms left before the invocation times out. */
  getRemainingTimeInMillis(): number;
}

/** lambdaContextKey holds the {@link LambdaContext} in the context of an invocation. */
export const lambdaContextKey = createKey<LambdaContext>('svckit.awslambda.context');

/**
 * lambdaContext returns the Lambda invocation context from a context made by a Lambda
 * handler (or derived from one), else undefined.
 */
export function lambdaContext(ctx: Context): LambdaContext | undefined {
  return ctx.value(lambdaContextKey);
}
