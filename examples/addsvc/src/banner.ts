/**
 * The banner `npm start` shows once addsvc listens (flag `-banner`): each address, curl lines
 * to try, and the limits in force.
 */
import type { AddsvcFlags } from './addsvc.js';
import { transports } from './transports.js';

/**
 * banner is what `npm start` shows a person once addsvc listens: each address, a curl line to
 * try, and the limits in force — Go kit's Sum limiter (1/s) with a breaker that counts its
 * rejections, so that a lockout after a few quick curls makes sense.
 */
export function banner(flags: AddsvcFlags, addresses: ReadonlyMap<string, string>): string {
  const lines = ['', "addsvc is listening (Go kit's addsvc example, in svckit):"];
  const rows: [string, string, string][] = [];
  for (const t of transports) {
    const address = addresses.get(t.name);
    if (address !== undefined) rows.push([t.label, address, t.what]);
  }
  const debug = addresses.get('debug/HTTP');
  if (debug !== undefined) rows.push(['debug', debug, '/metrics, /healthz, /readyz']);
  const width = Math.max(22, ...rows.map(([, address]) => address.length));
  for (const [label, address, what] of rows)
    lines.push(`  ${label.padEnd(8)} ${address.padEnd(width)} ${what}`);
  const http = addresses.get('HTTP');
  const grpc = addresses.get('gRPC');
  const jsonrpc = addresses.get('JSONRPC over HTTP');
  const prefix = flags['msg-prefix'] === 'addsvc' ? '' : ` -msg-prefix ${flags['msg-prefix']}`;
  lines.push('', 'Try:');
  if (http !== undefined) {
    lines.push(`  curl -d '{"a":1,"b":2}' http://${http}/sum`);
    lines.push(`  curl -d '{"a":"ab","b":"cd"}' http://${http}/concat`);
    lines.push(`  npm start -w examples/addcli -- -http-addr ${http} 1 2`);
  }
  if (grpc !== undefined)
    lines.push(`  npm start -w examples/addcli -- -grpc-addr ${grpc} -method concat ab cd`);
  if (jsonrpc !== undefined) {
    lines.push(
      `  curl -d '{"jsonrpc":"2.0","method":"sum","params":{"a":1,"b":2},"id":1}' http://${jsonrpc}/`,
    );
    lines.push(`  npm start -w examples/addcli -- -jsonrpc-addr ${jsonrpc} 1 2`);
  }
  if (addresses.has('NATS'))
    lines.push(`  npm start -w examples/addcli -- -nats-url ${flags['nats-url']}${prefix} 1 2`);
  if (addresses.has('AMQP'))
    lines.push(`  npm start -w examples/addcli -- -amqp-url ${flags['amqp-url']}${prefix} 1 2`);
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
  if (flags['jwt-secret'] !== '' || flags['jwt-jwks-url'] !== '') {
    lines.push(
      'JWT check on: every call needs Authorization: Bearer <token> (401 / UNAUTHENTICATED',
      `  without); addcli signs with -jwt-secret${flags['jwt-secret'] === '' ? '' : ' <the secret>'}.`,
    );
  }
  lines.push(
    `Stop with Ctrl-C: in-flight requests finish (${flags['shutdown-timeout']} at most).`,
    '',
  );
  return `${lines.join('\n')}\n`;
}
