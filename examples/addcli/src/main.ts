/**
 * addcli on Node (Go kit's `addsvc/cmd/addcli`):
 *
 *   npm start -w examples/addcli -- -http-addr 127.0.0.1:8081 1 2
 *   npm start -w examples/addcli -- -grpc-addr 127.0.0.1:8082 -method concat ab cd
 */
import { run } from './addcli.js';

process.exit(await run(process.argv.slice(2)));
