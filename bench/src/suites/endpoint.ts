/**
 * The `endpoint` suite: what 5 pass-through middlewares cost on the endpoint call path,
 * compared with calling the endpoint directly.
 */
import { background } from '@svckit/core/context';
import { chain } from '@svckit/core/endpoint';
import type { Endpoint, Middleware } from '@svckit/core/endpoint';
import { compare, micro } from '../report.js';

/** run executes the suite and prints `endpoint: svckit-chain5/direct = <ratio>`. */
export async function run(): Promise<void> {
  const ctx = background();
  const direct: Endpoint<string, number> = (_ctx, s) => Promise.resolve(s.length);
  const pass: Middleware<string, number> = (next) => (c, req) => next(c, req);
  const chained = chain(pass, pass, pass, pass, pass)(direct);
  const results = await micro({
    direct: () => direct(ctx, 'hello'),
    'svckit-chain5': () => chained(ctx, 'hello'),
  });
  const subject = results['svckit-chain5'];
  const peer = results['direct'];
  if (!subject || !peer) throw new Error('endpoint suite: missing results');
  console.log(
    `endpoint: 5 middlewares add ${(subject.nsPerOp - peer.nsPerOp).toFixed(1)} ns per call`,
  );
  compare('endpoint', subject, peer);
}
