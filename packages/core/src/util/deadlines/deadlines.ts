/**
 * Deadlines expires many pending calls with one timer: a binary min-heap of deadlines and a
 * single `setTimeout` armed for the earliest. A call costs a heap push and a removal when it
 * settles, not a timer of its own (what `AbortSignal.timeout` or a `setTimeout` per request
 * costs); the heap holds only the calls in flight.
 */
export interface Deadlines {
  /** add calls `expire` at `at` (ms since the epoch) unless the returned entry is removed first. */
  add(at: number, expire: () => void): DeadlineEntry;
  /** remove drops an entry (its call settled); removing twice is harmless. */
  remove(entry: DeadlineEntry): void;
  /** size is how many calls are pending. */
  readonly size: number;
}

/** DeadlineEntry is one pending deadline. */
export interface DeadlineEntry {
  readonly at: number;
}

interface Entry extends DeadlineEntry {
  readonly expire: () => void;
  i: number; // index in the heap, -1 once removed
}

/** createDeadlines returns an empty {@link Deadlines}. */
export function createDeadlines(): Deadlines {
  const heap: Entry[] = [];
  let timer: ReturnType<typeof setTimeout> | undefined;
  let armedAt = Infinity;

  const place = (e: Entry, i: number): void => {
    heap[i] = e;
    e.i = i;
  };
  const up = (e: Entry, i: number): void => {
    while (i > 0) {
      const p = (i - 1) >> 1;
      const parent = heap[p] as Entry;
      if (parent.at <= e.at) break;
      place(parent, i);
      i = p;
    }
    place(e, i);
  };
  const down = (e: Entry, i: number): void => {
    const n = heap.length;
    for (;;) {
      const l = 2 * i + 1;
      if (l >= n) break;
      const r = l + 1;
      const c = r < n && (heap[r] as Entry).at < (heap[l] as Entry).at ? r : l;
      const child = heap[c] as Entry;
      if (child.at >= e.at) break;
      place(child, i);
      i = c;
    }
    place(e, i);
  };
  const removeAt = (i: number): void => {
    const gone = heap[i] as Entry;
    gone.i = -1;
    const last = heap.pop() as Entry;
    if (last === gone) return;
    if (i > 0 && (heap[(i - 1) >> 1] as Entry).at > last.at) up(last, i);
    else down(last, i);
  };
  const arm = (): void => {
    if (heap.length === 0) {
      if (timer !== undefined) clearTimeout(timer);
      timer = undefined;
      armedAt = Infinity;
      return;
    }
    const at = (heap[0] as Entry).at;
    if (timer !== undefined && armedAt <= at) return;
    if (timer !== undefined) clearTimeout(timer);
    armedAt = at;
    timer = setTimeout(fire, Math.max(0, at - Date.now()));
  };
  const fire = (): void => {
    timer = undefined;
    armedAt = Infinity;
    const now = Date.now();
    while (heap.length > 0 && (heap[0] as Entry).at <= now) {
      const e = heap[0] as Entry;
      removeAt(0);
      e.expire();
    }
    arm();
  };

  return {
    add(at, expire) {
      const e: Entry = { at, expire, i: heap.length };
      heap.push(e);
      up(e, heap.length - 1);
      if (at < armedAt) arm();
      return e;
    },
    remove(entry) {
      const e = entry as Entry;
      if (e.i >= 0) removeAt(e.i);
      // The timer stays armed for an earlier deadline that is gone: it fires, finds nothing
      // due, and re-arms for the next (cheaper than re-arming on every settle).
    },
    get size() {
      return heap.length;
    },
  };
}
