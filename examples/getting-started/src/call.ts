/**
 * @module
 * Calling the service through the client (docs/getting-started.md, step 4), with a deadline.
 */
// #region call
import { background, withTimeout } from '@svckit/core/context';
import { makeClient } from './client.js';

/** shout calls uppercase at baseURL within 1 s: a timeout is a `DeadlineExceededError`. */
export async function shout(baseURL: string, s: string): Promise<string> {
  const client = makeClient(baseURL);
  const [ctx, cancel] = withTimeout(background(), 1000); // sent as Connect-Timeout-Ms
  try {
    const { v } = await client.uppercase(ctx, { s });
    return v;
  } finally {
    cancel(); // releases the deadline's timer
  }
}
// #endregion call
