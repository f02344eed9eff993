/**
 * The banner `npm start` shows once addsvc listens (flag `-banner`): each address, curl lines
 * to try, and the limits in force.
 */
import type { AddsvcFlags } from './addsvc.js';
import type { Transport } from './transports.js';
import { transports } from './transports.js';

/**
 * banner is what `npm start` shows a person once addsvc listens: each address, a curl line to
 * try, and the limits in force — Go kit's Sum limiter (1/s) with a breaker that counts its
 * rejections, so that a lockout after a few quick curls makes sense.
 */
export function banner(
  flags: AddsvcFlags,
  addresses: ReadonlyMap<string, string>,
  skipped: readonly Transport[],
): string {
  const lines = ['', "addsvc is listening (Go kit's addsvc example, in svckit):"];
  for (const t of transports) {
    const address = addresses.get(t.name);
    if (address !== undefined) lines.push(`  ${t.name.padEnd(8)} ${address.padEnd(22)} ${t.what}`);
  }
  const debug = addresses.get('debug/HTTP');
  if (debug !== undefined) {
    lines.push(`  ${'debug'.padEnd(8)} ${debug.padEnd(22)} /metrics, /healthz, /readyz`);
  }
  for (const t of skipped)
    lines.push(`  ${t.name}: not wired into addsvc yet, skipped (-${t.flag}=${flags[t.flag]})`);
  const http = addresses.get('HTTP');
  const grpc = addresses.get('gRPC');
  lines.push('', 'Try:');
  if (http !== undefined) {
    lines.push(`  curl -d '{"a":1,"b":2}' http://${http}/sum`);
    lines.push(`  curl -d '{"a":"ab","b":"cd"}' http://${http}/concat`);
    lines.push(`  npm start -w examples/addcli -- -http-addr ${http} 1 2`);
  }
  if (grpc !== undefined)
    lines.push(`  npm start -w examples/addcli -- -grpc-addr ${grpc} -method concat ab cd`);
  if (debug !== undefined) lines.push(`  curl http://${debug}/metrics`);
  lines.push('');
  if (flags.ratelimit) {
    lines.push(
      "Limits on (Go kit's example; -ratelimit=false turns them off):",
      '  Sum:    1 call per second (burst 1). A second call within the second fails:',
      '          HTTP 500 {"error":"rate limit exceeded"}.',
      '  Concat: 1 call per second after a burst of 100.',
      '  Each endpoint has a circuit breaker that counts those rejections as failures: after',
      '  6 in a row it opens, and every call fails with "circuit breaker is open" for 60 s.',
      '  Business errors (two zeroes, overflow, over 10 bytes) are 400s and never trip it.',
    );
  } else {
    lines.push('Limits off (-ratelimit=false): the circuit breakers stay.');
  }
  lines.push(
    `Stop with Ctrl-C: in-flight requests finish (${flags['shutdown-timeout']} at most).`,
    '',
  );
  return `${lines.join('\n')}\n`;
}
