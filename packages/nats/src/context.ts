import type { Msg } from '@nats-io/transport-node';
import { createKey, withValue } from '@svckit/core/context';
import type { Context } from '@svckit/core/context';

const msgKey = createKey<Msg>('@svckit/nats msg');

/** withMsg returns ctx carrying the incoming NATS message (the server does this). */
export function withMsg(ctx: Context, msg: Msg): Context {
  return withValue(ctx, msgKey, msg);
}

/**
 * msgOf returns the incoming NATS message a server's context carries (its subject, reply
 * subject and headers), or undefined outside a NATS server.
 */
export function msgOf(ctx: Context): Msg | undefined {
  return ctx.value(msgKey);
}
