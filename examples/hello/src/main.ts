/**
 * The hello example: a service (plain function), an endpoint adapting it, and a minimal HTTP
 * transport. Run with `npm start -w examples/hello -- --listen 127.0.0.1:8080`, then
 * `curl -d '{"name":"ada"}' http://127.0.0.1:8080/hello`.
 */
import { parseArgs } from 'node:util';
import { listen } from './server.js';

const { values } = parseArgs({
  options: { listen: { type: 'string', default: '127.0.0.1:8080' } },
});
const [host = '127.0.0.1', port = '8080'] = (values.listen ?? '').split(/:(?=[^:]*$)/);
const server = await listen(host, Number(port));
const address = server.address();
console.log(
  `msg=listening transport=HTTP addr=${typeof address === 'object' && address ? `${address.address}:${address.port}` : String(address)}`,
);
const stop = () => server.close(() => process.exit(0));
process.once('SIGINT', stop);
process.once('SIGTERM', stop);
