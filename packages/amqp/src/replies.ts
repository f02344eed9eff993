import { randomInt } from 'node:crypto';
import type { Channel, ConsumeMessage, Options } from 'amqplib';
import { DeadlineExceededError } from '@svckit/core/context';
import { ServiceError } from '@svckit/core/errors';
import { coalesce } from './coalesce.js';
import type { Connection } from './connection.js';
import { publishOptions } from './message.js';
import { createDeadlines } from '@svckit/core/util/deadlines';
import type { DeadlineEntry } from '@svckit/core/util/deadlines';

/**
 * Replies is a connection's RPC reply side: one reply queue per channel (an exclusive,
 * auto-delete, server-named queue, as Go kit's publisher declares; or RabbitMQ's direct
 * reply-to), consumed without acks, and a correlation map routing each reply to its caller by
 * `correlationId`. Ids are a random prefix of `[A-Y]` letters and a counter in the same
 * letters, the alphabet of Go kit's ids. When the channel is lost, every pending call fails at
 * once `unavailable` (its reply queue is gone with it).
 */
export interface Replies {
  /** call publishes a request with `replyTo` and a fresh correlation id, and awaits its reply. */
  call(
    exchange: string,
    routingKey: string,
    content: Buffer,
    properties: Options.Publish,
    deadline: number,
    signal: AbortSignal | undefined,
  ): Promise<ConsumeMessage>;
}

interface Pending {
  readonly resolve: (d: ConsumeMessage) => void;
  readonly reject: (err: unknown) => void;
  entry: DeadlineEntry | undefined;
  readonly signal: AbortSignal | undefined;
  readonly onAbort: () => void;
}

interface State {
  readonly ch: Channel;
  readonly replyTo: string;
}

const letters = 'ABCDEFGHIJKLMNOPQRSTUVWXY';
const directReplyTo = 'amq.rabbitmq.reply-to';

function randomLetters(n: number): string {
  let s = '';
  for (let i = 0; i < n; i++) s += letters[randomInt(25)] as string;
  return s;
}

function counterLetters(n: number): string {
  let s = '';
  do {
    s = (letters[n % 25] as string) + s;
    n = Math.floor(n / 25);
  } while (n > 0);
  return s;
}

/**
 * counterOf reads back the counter of an id (`[A-Y]` letters from `from`), or -1. At most 11
 * letters: 25^11 stays below 2^53, so a forged long counter cannot round onto a real one.
 */
function counterOf(id: string, from: number): number {
  if (id.length === from || id.length > from + 11) return -1;
  let n = 0;
  for (let i = from; i < id.length; i++) {
    const c = id.charCodeAt(i) - 65;
    if (c < 0 || c > 24) return -1;
    n = n * 25 + c;
  }
  return n;
}

const byConnection = new WeakMap<Connection, Map<string, Promise<Replies>>>();

/** repliesOf returns the connection's {@link Replies} of that kind, set up on first use. */
export function repliesOf(conn: Connection, kind: 'queue' | 'direct'): Promise<Replies> {
  let m = byConnection.get(conn);
  if (m === undefined) byConnection.set(conn, (m = new Map()));
  let r = m.get(kind);
  if (r === undefined) {
    const made = createReplies(conn, kind);
    m.set(kind, made);
    // A failed setup (the channel closed meanwhile) is not cached: the next call tries again.
    made.catch(() => m.get(kind) === made && m.delete(kind));
    r = made;
  }
  return r;
}

async function createReplies(conn: Connection, kind: 'queue' | 'direct'): Promise<Replies> {
  const prefix = randomLetters(12);
  // Calls waiting for their reply, by the number in their correlation id: a dictionary with
  // number keys (a reply's id is a fresh string off the wire; looking it up as a string key
  // cost more than reading the number back out of it), and not a Map: a long-lived Map
  // churned by set/delete made Node 20 promote ~800 KB per scavenge (measured), doubling GC
  // time per call.
  let pending: Record<number, Pending> = Object.create(null) as Record<number, Pending>;
  let next = 0;
  let state: State | undefined;
  let waiters: (() => void)[] = [];

  const onReply = (d: ConsumeMessage | null): void => {
    if (d === null) return;
    const id = d.properties.correlationId as string | undefined;
    if (id === undefined) return;
    const p = id.startsWith(prefix) ? pending[counterOf(id, prefix.length)] : undefined;
    if (p === undefined) return; // late (the caller gave up), or not ours
    p.resolve(d);
  };

  conn.onLost((ch) => {
    if (state?.ch !== ch) return;
    state = undefined;
    const lost = new ServiceError('unavailable', 'amqp: channel closed before the reply came');
    const all = pending;
    pending = Object.create(null) as Record<number, Pending>;
    for (const n in all) (all[n] as Pending).reject(lost);
  });
  await conn.onChannel(async (ch) => {
    let replyTo = directReplyTo;
    if (kind === 'queue') {
      replyTo = (await ch.assertQueue('', { exclusive: true, autoDelete: true, durable: false }))
        .queue;
    }
    await ch.consume(replyTo, onReply, { noAck: true });
    state = { ch, replyTo };
    const w = waiters;
    waiters = [];
    for (const f of w) f();
  });

  const ready = async (signal: AbortSignal): Promise<State> => {
    while (state === undefined) {
      await conn.ready(signal); // a channel; its setups (ours) have run
      if (state !== undefined) break;
      await new Promise<void>((resolve, reject) => {
        const onAbort = (): void => reject(signal.reason);
        signal.addEventListener('abort', onAbort, { once: true });
        waiters.push(() => (signal.removeEventListener('abort', onAbort), resolve()));
      });
    }
    return state;
  };

  const deadlines = createDeadlines();

  // A pending call: its settlers, its deadline entry and its caller's abort listener.
  const settle = (n: number, p: Pending): void => {
    delete pending[n];
    if (p.entry !== undefined) deadlines.remove(p.entry);
    if (p.signal !== undefined) p.signal.removeEventListener('abort', p.onAbort);
  };

  const send = (
    s: State,
    exchange: string,
    routingKey: string,
    content: Buffer,
    properties: Options.Publish,
    deadline: number,
    signal: AbortSignal | undefined,
  ): Promise<ConsumeMessage> => {
    if (signal?.aborted === true) return Promise.reject(signal.reason as Error);
    const n = next++;
    const id = prefix + counterLetters(n);
    return new Promise<ConsumeMessage>((resolve, reject) => {
      const p: Pending = {
        resolve: (d) => (settle(n, p), resolve(d)),
        reject: (e) => (settle(n, p), reject(e)),
        entry: undefined,
        signal,
        onAbort: () => p.reject(signal?.reason),
      };
      try {
        s.ch.publish(exchange, routingKey, content, publishOptions(properties, s.replyTo, id));
        coalesce(s.ch);
      } catch (err) {
        reject(new ServiceError('unavailable', `amqp: ${(err as Error).message}`, { cause: err }));
        return;
      }
      pending[n] = p;
      p.entry = deadlines.add(deadline, () => {
        p.entry = undefined;
        p.reject(new DeadlineExceededError());
      });
      signal?.addEventListener('abort', p.onAbort, { once: true });
    });
  };

  // Wait for a channel (the broker may be down) until the deadline or the caller's signal.
  const waitForChannel = async (deadline: number, signal: AbortSignal | undefined) => {
    const waiting = new AbortController();
    const entry = deadlines.add(deadline, () => waiting.abort(new DeadlineExceededError()));
    const onAbort = (): void => waiting.abort(signal?.reason);
    signal?.addEventListener('abort', onAbort, { once: true });
    try {
      return await ready(waiting.signal);
    } finally {
      deadlines.remove(entry);
      signal?.removeEventListener('abort', onAbort);
    }
  };

  return {
    call(exchange, routingKey, content, properties, deadline, signal) {
      const s = state;
      if (s !== undefined)
        return send(s, exchange, routingKey, content, properties, deadline, signal);
      return waitForChannel(deadline, signal).then((ready) =>
        send(ready, exchange, routingKey, content, properties, deadline, signal),
      );
    },
  };
}
