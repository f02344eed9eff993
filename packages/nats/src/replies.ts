import { createInbox } from '@nats-io/transport-node';
import type { Msg, MsgHdrs, NatsConnection, Payload, Subscription } from '@nats-io/transport-node';
import { DeadlineExceededError } from '@svckit/core/context';
import { ServiceError } from '@svckit/core/errors';
import { createDeadlines } from '@svckit/core/util/deadlines';
import type { DeadlineEntry, Deadlines } from '@svckit/core/util/deadlines';

/** RequestFunc publishes a request and resolves with the reply (or a 503 status message). */
export type RequestFunc = (
  subject: string,
  data: Payload,
  headers: MsgHdrs | undefined,
  deadline: number,
  signal: AbortSignal | undefined,
) => Promise<Msg>;

/**
 * Replies multiplexes every request of a connection over one reply subscription
 * (`_INBOX.<nuid>.*`): each request gets a token, the reply is routed by it; deadlines share
 * one timer ({@link createDeadlines}). No subscription and no timer per request.
 */
export interface Replies {
  readonly request: RequestFunc;
}

interface Pending {
  readonly resolve: (msg: Msg) => void;
  readonly reject: (err: unknown) => void;
  entry: DeadlineEntry | undefined;
  readonly signal: AbortSignal | undefined;
  onAbort: (() => void) | undefined;
}

const shared = new WeakMap<NatsConnection, Replies>();

/** sharedReplies returns the connection's {@link Replies}, created on first use. */
export function sharedReplies(nc: NatsConnection): Replies {
  let r = shared.get(nc);
  if (r === undefined) {
    if (nc.isClosed()) return { request: () => Promise.reject(closedError()) };
    r = createReplies(nc);
    shared.set(nc, r);
  }
  return r;
}

function closedError(): ServiceError {
  return new ServiceError('unavailable', 'nats: connection closed');
}

/** publishError is the code of a failed publish: too large, or the connection is unusable. */
export function publishError(err: unknown): ServiceError {
  const text = err instanceof Error ? err.message : String(err);
  const tooBig = /max.?payload/i.test(text);
  return new ServiceError(tooBig ? 'resource_exhausted' : 'unavailable', `nats: ${text}`, {
    cause: err,
  });
}

/** tokenNumber reads a reply subject's token (base 36, `[0-9a-z]`, at most 10) from `start`, or -1. */
function tokenNumber(subject: string, start: number): number {
  const end = subject.length;
  if (end === start || end - start > 10) return -1;
  let n = 0;
  for (let i = start; i < end; i++) {
    const c = subject.charCodeAt(i);
    const d = c >= 48 && c <= 57 ? c - 48 : c >= 97 && c <= 122 ? c - 87 : -1;
    if (d < 0) return -1;
    n = n * 36 + d;
  }
  return n;
}

function createReplies(nc: NatsConnection): Replies {
  const prefix = createInbox();
  const start = prefix.length + 1;
  // Calls waiting for their reply, by their token's number: a dictionary keyed by number, not
  // a Map (a long-lived Map churned per call made Node 20 promote its garbage: 11 full GCs in
  // 7 s of load, against one).
  const pending: Record<number, Pending> = Object.create(null) as Record<number, Pending>;
  const deadlines: Deadlines = createDeadlines();
  let next = 0;
  let closed = false;

  const settle = (n: number, p: Pending): void => {
    delete pending[n];
    if (p.entry !== undefined) deadlines.remove(p.entry);
    if (p.onAbort !== undefined) p.signal?.removeEventListener('abort', p.onAbort);
  };

  const sub: Subscription = nc.subscribe(`${prefix}.*`, {
    callback: (err, msg) => {
      if (err !== null) return;
      const n = tokenNumber(msg.subject, start);
      const p = pending[n];
      if (p === undefined) return; // late, after the caller gave up
      settle(n, p);
      p.resolve(msg);
    },
  });
  void sub.closed.then(() => {
    closed = true;
    shared.delete(nc);
    for (const key in pending) {
      const p = pending[key as unknown as number] as Pending;
      settle(Number(key), p);
      p.reject(closedError());
    }
  });

  const request: RequestFunc = (subject, data, headers, deadline, signal) => {
    if (closed || nc.isClosed()) return Promise.reject(closedError());
    if (signal?.aborted === true) return Promise.reject(signal.reason as Error);
    const n = next++;
    return new Promise<Msg>((resolve, reject) => {
      const p: Pending = { resolve, reject, entry: undefined, signal, onAbort: undefined };
      pending[n] = p;
      try {
        const reply = `${prefix}.${n.toString(36)}`;
        nc.publish(subject, data, headers === undefined ? { reply } : { reply, headers });
      } catch (err) {
        delete pending[n];
        reject(publishError(err));
        return;
      }
      p.entry = deadlines.add(deadline, () => {
        settle(n, p);
        reject(new DeadlineExceededError());
      });
      if (signal !== undefined) {
        p.onAbort = () => {
          settle(n, p);
          reject(signal.reason);
        };
        signal.addEventListener('abort', p.onAbort, { once: true });
      }
    });
  };
  return { request };
}

const inboxDeadlines = createDeadlines();

/**
 * inboxRequest is the other way: a subscription per request on a fresh inbox, unsubscribed
 * after the reply (what `request(..., { noMux: true })` does). Measured against the shared
 * {@link Replies} in the bench.
 */
export function inboxRequest(nc: NatsConnection): RequestFunc {
  return (subject, data, headers, deadline, signal) => {
    if (nc.isClosed()) return Promise.reject(closedError());
    if (signal?.aborted === true) return Promise.reject(signal.reason as Error);
    const inbox = createInbox();
    return new Promise<Msg>((resolve, reject) => {
      let sub: Subscription | undefined;
      let entry: DeadlineEntry | undefined;
      const done = (): void => {
        sub?.unsubscribe();
        if (entry !== undefined) inboxDeadlines.remove(entry);
        signal?.removeEventListener('abort', onAbort);
      };
      const onAbort = (): void => {
        done();
        reject(signal?.reason);
      };
      try {
        sub = nc.subscribe(inbox, {
          max: 1,
          callback: (err, msg) => {
            done();
            if (err !== null) reject(closedError());
            else resolve(msg);
          },
        });
        nc.publish(
          subject,
          data,
          headers === undefined ? { reply: inbox } : { reply: inbox, headers },
        );
      } catch (err) {
        done();
        reject(publishError(err));
        return;
      }
      entry = inboxDeadlines.add(deadline, () => {
        entry = undefined;
        done();
        reject(new DeadlineExceededError());
      });
      signal?.addEventListener('abort', onAbort, { once: true });
    });
  };
}
