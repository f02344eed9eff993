/**
 * addsvc on Node (Go kit's `addsvc/cmd/addsvc`):
 *
 *   npm start -w examples/addsvc -- -http-addr 127.0.0.1:8081 -grpc-addr 127.0.0.1:8082
 *
 * Flags as Go's (one or two dashes); `-h` lists them. Exits 0 after SIGINT/SIGTERM once every
 * listener drained, 1 when a listener failed, 2 for a bad command line.
 */
import { main } from './addsvc.js';

process.exit(await main(process.argv.slice(2)));
