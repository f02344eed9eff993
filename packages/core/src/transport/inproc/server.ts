import { withDeadline } from '../../context/index.js';
import type { Context } from '../../context/index.js';
import { codeOf } from '../../errors/index.js';
import type { Code } from '../../errors/index.js';
import type { Endpoint } from '../../endpoint/index.js';
import type { ErrorHandler } from '../error-handler.js';
import { errorCodeHeader, parseTimeout, timeoutHeader } from '../headers.js';
import { createKernel } from '../kernel.js';
import type {
  AfterFunc,
  BeforeFunc,
  DecodeFunc,
  EncodeFunc,
  ErrorEncodeFunc,
  FinalizerFunc,
} from '../kernel.js';
import { copyMessage, newMessage } from './message.js';
import type { Message } from './message.js';

/** ServerOptions are the hooks of an in-process {@link createServer}, all optional. */
export interface ServerOptions {
  /** before hooks read the request message and may return a new context. */
  readonly before?: readonly BeforeFunc<Message>[];
  /** after hooks run after the endpoint succeeded and may set reply headers. */
  readonly after?: readonly AfterFunc<Message>[];
  /** errorEncoder writes an error into the reply. Default {@link defaultErrorEncoder}. */
  readonly errorEncoder?: ErrorEncodeFunc<Message>;
  /**
   * errorCode maps an error to the code the default error encoder sends: this transport's
   * wire status. Default `codeOf`.
   */
  readonly errorCode?: (err: unknown) => Code;
  /** errorHandler sees every error first. Default: nothing. */
  readonly errorHandler?: ErrorHandler;
  /** finalizer hooks run last, with the request, the reply and what happened. */
  readonly finalizer?: readonly FinalizerFunc<Message, Message>[];
}

/** Server is an endpoint served in-process: a function call with a transport's semantics. */
export interface Server {
  /**
   * serve handles one request message and resolves to the reply; it never rejects. `ctx` is
   * the "connection": cancel it and the request's context is cancelled. The request's
   * deadline comes only from its `connect-timeout-ms` header, and no value of ctx reaches the
   * endpoint unless a before hook puts it there.
   */
  serve(ctx: Context, message: Message): Promise<Message>;
}

/**
 * defaultErrorEncoder writes an error reply: the code (from `codeOf`) in `svckit-error-code`,
 * the message text as the payload.
 */
export const defaultErrorEncoder: ErrorEncodeFunc<Message> = errorEncoderWith(codeOf);

function errorEncoderWith(codeFor: (err: unknown) => Code): ErrorEncodeFunc<Message> {
  return (_ctx, err, reply) => {
    reply.headers = { [errorCodeHeader]: codeFor(err) };
    reply.payload = err instanceof Error ? err.message : String(err);
  };
}

/**
 * createServer exposes an endpoint in-process (svckit's reference transport, and a test aid):
 * the server kernel of `@svckit/core/transport` over {@link Message}s passed by function call,
 * with the hooks, error table and deadline convention every svckit transport has. Use it with
 * the in-process {@link createClient}.
 *
 * @example
 * const server = createServer(uppercase, (_ctx, m) => m.payload as string,
 *   (_ctx, reply, res) => { reply.payload = res; });
 */
export function createServer<Req, Res>(
  endpoint: Endpoint<Req, Res>,
  decode: DecodeFunc<Message, Req>,
  encode: EncodeFunc<Message, Res>,
  options: ServerOptions = {},
): Server {
  if (options.errorEncoder !== undefined && options.errorCode !== undefined) {
    throw new TypeError('inproc createServer: errorCode configures the default error encoder');
  }
  const serve = createKernel(endpoint, decode, encode, {
    before: options.before,
    after: options.after,
    errorHandler: options.errorHandler,
    errorEncoder:
      options.errorEncoder ??
      (options.errorCode === undefined ? defaultErrorEncoder : errorEncoderWith(options.errorCode)),
    finalizer: options.finalizer,
  });
  return {
    async serve(connection, sent) {
      const message = copyMessage(sent);
      const reply = newMessage();
      const timeout = parseTimeout(message.headers[timeoutHeader]);
      if (timeout === undefined) {
        await serve(connection, message, reply);
      } else {
        const [ctx, cancel] = withDeadline(connection, Date.now() + timeout);
        try {
          await serve(ctx, message, reply);
        } finally {
          cancel();
        }
      }
      return copyMessage(reply);
    },
  };
}
