/** QueueEntry is an item of a {@link DeadlineQueue}: links, a due time, and what to do then. */
export interface QueueEntry {
  /** prev and next link the entry into its queue while it waits. */
  prev: QueueEntry | undefined;
  next: QueueEntry | undefined;
  /** queued tells whether the entry is in a queue now. */
  queued: boolean;
  /** at is the due time, on the clock the queue was created with. */
  readonly at: number;
  /** expire is called once, when `at` has passed and the entry was not removed before. */
  expire(): void;
}

/**
 * DeadlineQueue expires entries that all wait the same duration. Because their due times are
 * added in order, a FIFO list and one timer serve every call: adding and removing an entry are
 * a few pointer writes, with no timer created or cleared per call (Node's own timer lists use
 * the same idea). The timer keeps the process alive only while entries wait. Shared by the
 * `timeout` middleware and `sd/lb` retry, whose calls each share one fixed timeout.
 */
export interface DeadlineQueue {
  /** add appends entry; its `at` must not be earlier than the last added entry's. */
  add(entry: QueueEntry, now: number): void;
  /** remove takes entry out before it expires; removing a removed entry does nothing. */
  remove(entry: QueueEntry): void;
}

/**
 * createDeadlineQueue returns an empty {@link DeadlineQueue} whose entries' `at` times are read
 * on `clock` (default `performance.now`; pass `Date.now` for epoch-based deadlines).
 */
export function createDeadlineQueue(clock: () => number = () => performance.now()): DeadlineQueue {
  let head: QueueEntry | undefined;
  let tail: QueueEntry | undefined;
  let size = 0;
  let timer: ReturnType<typeof setTimeout> | undefined;

  const unlink = (entry: QueueEntry): void => {
    if (entry.prev === undefined) head = entry.next;
    else entry.prev.next = entry.next;
    if (entry.next === undefined) tail = entry.prev;
    else entry.next.prev = entry.prev;
    entry.prev = entry.next = undefined;
    entry.queued = false;
    // An idle queue must not hold the process open; the armed timer stays for reuse.
    if (--size === 0 && timer !== undefined) timer.unref();
  };

  const fire = (): void => {
    timer = undefined;
    const now = clock();
    while (head !== undefined && head.at <= now) {
      const entry = head;
      unlink(entry);
      entry.expire();
    }
    // The timer may have been armed for an entry removed since: wait for the new head.
    if (head !== undefined) timer = setTimeout(fire, Math.max(1, Math.ceil(head.at - now)));
  };

  return {
    add(entry, now) {
      entry.prev = tail;
      entry.next = undefined;
      entry.queued = true;
      if (tail === undefined) head = entry;
      else tail.next = entry;
      tail = entry;
      if (timer === undefined) {
        timer = setTimeout(fire, Math.max(1, Math.ceil(entry.at - now)));
      } else if (size === 0) {
        timer.ref();
      }
      size++;
    },
    remove(entry) {
      if (entry.queued) unlink(entry);
    },
  };
}
