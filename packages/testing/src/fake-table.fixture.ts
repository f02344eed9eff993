import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { exchangeProbe } from './probes.js';
import type { ServerSpec } from './server-spec.js';

// A table of made-up servers for the tests of createServices (services-control.test.ts), in a
// module of its own so that a child process can import it without running those tests.

/** A server written in Node: greets each connection with HELLO <argv[2]>; exits on SIGTERM. */
const FAKE_SERVER = `
const net = require('node:net');
const server = net.createServer((s) => s.end('HELLO ' + process.argv[2] + '\\n'));
server.listen(Number(process.argv[1]), '127.0.0.1');
process.on('SIGTERM', () => server.close(() => process.exit(0)));
`;

/** fakeTable: `fake` (a Node server), `broken` (exits at once), `tool` (not installed). */
export function fakeTable(preferred: number): Record<string, ServerSpec> {
  const files = { node: { paths: [process.execPath], env: 'SVCKIT_FAKE_NODE' } };
  return {
    fake: {
      summary: 'a Node server',
      debian: ['nodejs'],
      files,
      serviceVar: 'SVCKIT_FAKE_URL',
      ports: { main: preferred },
      config: () => [{ path: 'greeting', text: 'hi' }],
      processes: [
        {
          command: 'node',
          args: (s) => [
            '-e',
            FAKE_SERVER,
            `${s.port('main')}`,
            readFileSync(join(s.dir, 'greeting'), 'utf8'),
          ],
        },
      ],
      ready: exchangeProbe('main', undefined, /^HELLO hi/),
      env: (s) => ({ SVCKIT_FAKE_URL: `tcp://127.0.0.1:${s.port('main')}` }),
    },
    broken: {
      summary: 'exits at once',
      debian: ['nodejs'],
      files,
      serviceVar: 'SVCKIT_BROKEN_URL',
      ports: { main: preferred + 50 },
      processes: [
        { command: 'node', args: () => ['-e', 'console.log("no luck"); process.exit(3)'] },
      ],
      ready: exchangeProbe('main', undefined, /^HELLO/),
      env: () => ({ SVCKIT_BROKEN_URL: 'never' }),
    },
    tool: {
      summary: 'a tool',
      debian: ['svckit-no-such-package'],
      files: { 'svckit-no-such-tool': { names: ['svckit-no-such-tool'] } },
      serviceVar: 'SVCKIT_SVCKIT_NO_SUCH_TOOL_BIN',
    },
  };
}
