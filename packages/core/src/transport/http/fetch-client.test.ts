// The Fetch client and the node:http client pass the same suite (client-suite.test.helper.ts),
// here under Node (whose fetch is undici); bun-client.test.ts runs the Fetch client under Bun.
import { createClient, createFetchClient } from './index.js';
import { clientSuite } from './client-suite.test.helper.js';

clientSuite('node:http (createClient)', createClient);
clientSuite('fetch (createFetchClient)', createFetchClient);
