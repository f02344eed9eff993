import type { Channel, ConsumeMessage } from 'amqplib';
import { createKey, withValue } from '@svckit/core/context';
import type { Context } from '@svckit/core/context';

/** Incoming is what a server's context carries: the delivery and the channel it came on. */
export interface Incoming {
  readonly delivery: ConsumeMessage;
  readonly channel: Channel;
}

const key = createKey<Incoming>('@svckit/amqp delivery');

/** withDelivery returns ctx carrying the delivery and its channel (the server does this). */
export function withDelivery(ctx: Context, incoming: Incoming): Context {
  return withValue(ctx, key, incoming);
}

/** deliveryOf returns the delivery (and channel) a server's context carries, or undefined. */
export function deliveryOf(ctx: Context): Incoming | undefined {
  return ctx.value(key);
}
