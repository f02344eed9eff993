import { codeOf } from '@svckit/core/errors';
import type { Code } from '@svckit/core/errors';
import { errorCodeHeader } from '@svckit/core/transport';
import type { ErrorEncodeFunc } from '@svckit/core/transport';
import type { Reply } from './message.js';

/**
 * replyErrorEncoderWith returns Go kit's `ReplyErrorEncoder` with svckit's header and a code
 * table: the reply's body is exactly `{"err":"<message>"}`, `contentType: application/json`,
 * the code in `svckit-error-code`.
 */
export function replyErrorEncoderWith(codeFor: (err: unknown) => Code): ErrorEncodeFunc<Reply> {
  return (_ctx, err, reply) => {
    reply.properties = {
      contentType: 'application/json',
      headers: { [errorCodeHeader]: codeFor(err) },
    };
    reply.content = JSON.stringify({ err: err instanceof Error ? err.message : String(err) });
    reply.send = true;
  };
}

/**
 * replyErrorEncoder is the default: reply `{"err":"<message>"}` with the code in a header; a
 * server with manual acks then acknowledges the delivery (Go kit's `ReplyAndAckErrorEncoder`):
 * the request was answered.
 */
export const replyErrorEncoder: ErrorEncodeFunc<Reply> = replyErrorEncoderWith(codeOf);

/** nopErrorEncoder is Go kit's `DefaultErrorEncoder`: no reply (the caller waits to its deadline). */
export const nopErrorEncoder: ErrorEncodeFunc<Reply> = (_ctx, _err, reply) => {
  reply.send = false;
};

/**
 * nackRequeueErrorEncoder is Go kit's `SingleNackRequeueErrorEncoder` with a delay: no reply;
 * the delivery is requeued after `delayMs` (so a failing message does not spin), for another
 * consumer or a later try. Needs manual acks (`ack: 'afterEndpoint'`).
 */
export function nackRequeueErrorEncoder(delayMs = 1000): ErrorEncodeFunc<Reply> {
  return (_ctx, _err, reply) => {
    reply.send = false;
    reply.settle = 'requeue';
    reply.requeueDelayMs = delayMs;
  };
}
