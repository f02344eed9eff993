/**
 * Test helper: the Fetch runtimes the Fetch-face tests run under — Bun (the
 * `@oven/bun-linux-x64` package examples/stringsvc1 installs) and Deno (the `deno` package,
 * a devDependency of bench, which ships the binary). A test script written for them calls
 * `serve(fetch)`, defined by {@link FetchRuntime.preamble}, which listens on a free port of
 * 127.0.0.1 and returns `{ port }`. Under CI=true a missing binary fails instead of skipping.
 */
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

/** FetchRuntime is one runtime the Fetch face is tested under. */
export interface FetchRuntime {
  /** name is the runtime's server, for test titles: `Bun.serve`, `Deno.serve`. */
  readonly name: string;
  readonly binary: string;
  /** args are the command-line arguments that run a script file. */
  args(script: string): string[];
  /** preamble defines `serve(fetch)` in a script. */
  readonly preamble: string;
  /** skip is false, or the loud reason the runtime's tests skip. */
  readonly skip: false | string;
}

const modules = new URL('../../../../../node_modules/', import.meta.url);

function skipOf(binary: string): false | string {
  return existsSync(binary) || process.env['CI'] === 'true' ? false : `no binary at ${binary}`;
}

const bun = fileURLToPath(new URL('@oven/bun-linux-x64/bin/bun', modules));
const deno = fileURLToPath(new URL('@deno/linux-x64-glibc/deno', modules));

/** fetchRuntimes are Bun and Deno. */
export const fetchRuntimes: readonly FetchRuntime[] = [
  {
    name: 'Bun.serve',
    binary: bun,
    args: (script) => [script],
    preamble: `const serve = (fetch) => Bun.serve({ port: 0, hostname: '127.0.0.1', fetch });\n`,
    skip: skipOf(bun),
  },
  {
    name: 'Deno.serve',
    binary: deno,
    args: (script) => ['run', '-A', '--quiet', script],
    preamble:
      `const serve = (fetch) => ({ port: Deno.serve({ port: 0, hostname: '127.0.0.1', ` +
      `onListen() {} }, fetch).addr.port });\n`,
    skip: skipOf(deno),
  },
];
