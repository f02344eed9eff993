/**
 * Expiring is an entry of a {@link DeadlineQueue}: `expire` is called once its `expires` time
 * passes unless it was marked `done` first.
 */
export interface Expiring {
  readonly expires: number;
  done: boolean;
  next: Expiring | undefined;
  expire(): void;
}

/**
 * DeadlineQueue times out many calls that share one timeout with a single timer. Because every
 * entry gets `now + timeout`, entries arrive in deadline order: a FIFO linked list suffices,
 * finishing an entry is a flag, and the one timer is re-armed for the oldest live entry, so a
 * call pays no `setTimeout`/`clearTimeout` of its own. The timer is unref'd while the queue is
 * empty so an idle retrying endpoint never holds the process open.
 */
export interface DeadlineQueue {
  /** add schedules entry (whose `expires` must not precede any queued entry's). */
  add(entry: Expiring): void;
  /** finish marks entry done and drops finished entries from the head. */
  finish(entry: Expiring): void;
}

/** createDeadlineQueue returns an empty {@link DeadlineQueue}. */
export function createDeadlineQueue(): DeadlineQueue {
  let head: Expiring | undefined;
  let tail: Expiring | undefined;
  let timer: ReturnType<typeof setTimeout> | undefined;
  let armedFor = 0;

  const dropFinished = (): void => {
    while (head !== undefined && head.done) head = head.next;
    if (head === undefined) {
      tail = undefined;
      timer?.unref();
    }
  };

  const arm = (): void => {
    if (head === undefined) return;
    if (timer !== undefined && armedFor <= head.expires) {
      timer.ref(); // already due no later than the head: it re-arms itself when it fires
      return;
    }
    if (timer !== undefined) clearTimeout(timer);
    armedFor = head.expires;
    timer = setTimeout(fire, Math.max(0, head.expires - Date.now()));
  };

  const fire = (): void => {
    timer = undefined;
    const now = Date.now();
    while (head !== undefined && (head.done || head.expires <= now)) {
      const entry = head;
      head = entry.next;
      entry.next = undefined;
      if (!entry.done) {
        entry.done = true;
        entry.expire();
      }
    }
    if (head === undefined) tail = undefined;
    else arm();
  };

  return {
    add(entry) {
      entry.next = undefined;
      if (tail === undefined) head = entry;
      else tail.next = entry;
      tail = entry;
      arm();
    },
    finish(entry) {
      entry.done = true;
      if (entry === head) dropFinished();
    },
  };
}
