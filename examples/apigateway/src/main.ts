/**
 * The gateway as a program (Go kit's `apigateway/main.go`):
 *
 *   node dist/main.js -etcd.url http://127.0.0.1:2379 -http.addr 127.0.0.1:8000
 *   curl -d '{"a":1,"b":2}' http://127.0.0.1:8000/addsvc/sum
 *
 * SIGTERM or SIGINT stops it; bad flags exit 2.
 */
import { newLogger, parseDuration, parseFlags, startHTTP, usage } from '@svckit/example-addsvc';
import { createGateway } from './gateway.js';
import { gatewayFlags, instancersOf } from './main-flags.js';

const logger = newLogger();
let flags;
try {
  flags = parseFlags(gatewayFlags, process.argv.slice(2)).values;
  if (flags['etcd.url'] === '' && flags['consul.addr'] === '')
    throw new Error('give -etcd.url or -consul.addr');
} catch (err) {
  process.stderr.write(`${(err as Error).message}\n${usage('apigateway', gatewayFlags)}`);
  process.exit(2);
}
const instancers = instancersOf(flags, logger);
const gateway = createGateway({
  addsvc: instancers.addsvc,
  stringsvc: instancers.stringsvc,
  logger,
  retryMax: Number(flags['retry.max']),
  retryTimeoutMs: parseDuration(flags['retry.timeout']),
});
const http = await startHTTP(gateway.router, flags['http.addr']);
logger.log('transport', 'HTTP', 'addr', http.address);
const stop = async (): Promise<void> => {
  await http.stop(5000);
  gateway.close();
  instancers.close();
  process.exit(0);
};
process.once('SIGTERM', () => void stop());
process.once('SIGINT', () => void stop());
