import { createInbox } from '@nats-io/transport-node';
import type { Msg, MsgHdrs, NatsConnection, Payload, Subscription } from '@nats-io/transport-node';
import { ServiceError } from '@svckit/core/errors';

/**
 * Replies multiplexes every request of a connection over one reply subscription
 * (`_INBOX.<nuid>.*`): each request gets a token, the reply is routed by it. No subscription
 * per request (one `SUB`/`UNSUB` pair fewer per call) and no timer here: the caller's context
 * bounds the wait.
 */
export interface Replies {
  /** request publishes and resolves with the reply (or a 503 status message). */
  request(
    subject: string,
    data: Payload,
    headers: MsgHdrs | undefined,
    signal: AbortSignal | undefined,
  ): Promise<Msg>;
}

interface Pending {
  resolve(msg: Msg): void;
  reject(err: unknown): void;
}

const shared = new WeakMap<NatsConnection, Replies>();

/** sharedReplies returns the connection's {@link Replies}, created on first use. */
export function sharedReplies(nc: NatsConnection): Replies {
  let r = shared.get(nc);
  if (r === undefined) {
    r = createReplies(nc);
    shared.set(nc, r);
  }
  return r;
}

function closedError(): ServiceError {
  return new ServiceError('unavailable', 'nats: connection closed');
}

function publishError(err: unknown): ServiceError {
  const text = err instanceof Error ? err.message : String(err);
  const tooBig = /max.?payload|maximum payload/i.test(text);
  return new ServiceError(tooBig ? 'resource_exhausted' : 'unavailable', `nats: ${text}`, {
    cause: err,
  });
}

function createReplies(nc: NatsConnection): Replies {
  const prefix = createInbox();
  const start = prefix.length + 1;
  const pending = new Map<string, Pending>();
  let next = 0;
  let closed = false;
  const sub: Subscription = nc.subscribe(`${prefix}.*`, {
    callback: (err, msg) => {
      if (err !== null) return;
      const token = msg.subject.slice(start);
      const p = pending.get(token);
      if (p === undefined) return; // late, after the caller gave up
      pending.delete(token);
      p.resolve(msg);
    },
  });
  void sub.closed.then(() => {
    closed = true;
    shared.delete(nc);
    for (const p of pending.values()) p.reject(closedError());
    pending.clear();
  });
  return {
    request(subject, data, headers, signal) {
      if (closed || nc.isClosed()) return Promise.reject(closedError());
      const token = (next++).toString(36);
      return new Promise<Msg>((resolve, reject) => {
        let onAbort: (() => void) | undefined;
        if (signal !== undefined) {
          onAbort = () => {
            pending.delete(token);
            reject(signal.reason);
          };
          signal.addEventListener('abort', onAbort, { once: true });
        }
        const done =
          onAbort === undefined || signal === undefined
            ? { resolve, reject }
            : {
                resolve: (m: Msg) => (signal.removeEventListener('abort', onAbort), resolve(m)),
                reject: (e: unknown) => (signal.removeEventListener('abort', onAbort), reject(e)),
              };
        pending.set(token, done);
        try {
          nc.publish(
            subject,
            data,
            headers === undefined
              ? { reply: `${prefix}.${token}` }
              : { reply: `${prefix}.${token}`, headers },
          );
        } catch (err) {
          pending.delete(token);
          done.reject(publishError(err));
        }
      });
    },
  };
}

/**
 * inboxRequest is the other way: a subscription per request on a fresh inbox, unsubscribed
 * after the reply (what `request(..., { noMux: true })` does). Measured against the shared
 * {@link Replies} in the bench.
 */
export function inboxRequest(
  nc: NatsConnection,
  subject: string,
  data: Payload,
  headers: MsgHdrs | undefined,
  signal: AbortSignal | undefined,
): Promise<Msg> {
  if (nc.isClosed()) return Promise.reject(closedError());
  const inbox = createInbox();
  return new Promise<Msg>((resolve, reject) => {
    let sub: Subscription | undefined;
    const onAbort = (): void => {
      sub?.unsubscribe();
      reject(signal?.reason);
    };
    try {
      sub = nc.subscribe(inbox, {
        max: 1,
        callback: (err, msg) => {
          signal?.removeEventListener('abort', onAbort);
          if (err !== null) reject(closedError());
          else resolve(msg);
        },
      });
      signal?.addEventListener('abort', onAbort, { once: true });
      nc.publish(
        subject,
        data,
        headers === undefined ? { reply: inbox } : { reply: inbox, headers },
      );
    } catch (err) {
      signal?.removeEventListener('abort', onAbort);
      sub?.unsubscribe();
      reject(publishError(err));
    }
  });
}
