// README.md, run: every `npm start -w examples/addsvc` line parses, and the session runs
// against a real addsvc (free ports instead of the README's), each output compared.
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, it } from 'node:test';
import { addsvcFlags } from './addsvc.js';
import { startAddsvc } from './addsvc.test.helper.js';
import { parseFlags } from './flags.js';

/** addcli runs the addcli program (examples/addcli, built beside this one): its stdout and stderr. */
function addcli(args: readonly string[]): Promise<string> {
  const main = fileURLToPath(new URL('../../addcli/dist/main.js', import.meta.url));
  return new Promise((resolve) => {
    execFile(process.execPath, [main, ...args], (_err, stdout, stderr) =>
      resolve(`${stdout}${stderr}`),
    );
  });
}

const readme = readFileSync(new URL('../README.md', import.meta.url), 'utf8');

/** words splits a shell command line: blanks separate, single quotes group, `#` starts a comment. */
function words(line: string): string[] {
  const out: string[] = [];
  let word: string | undefined;
  for (let i = 0; i < line.length; i++) {
    const c = line[i] as string;
    if (c === "'") {
      const end = line.indexOf("'", i + 1);
      word = (word ?? '') + line.slice(i + 1, end);
      i = end;
    } else if (c === ' ') {
      if (word !== undefined) out.push(word);
      word = undefined;
    } else if (c === '#' && word === undefined) break;
    else word = (word ?? '') + c;
  }
  if (word !== undefined) out.push(word);
  return out;
}

function blocks(lang: string): string[] {
  return [...readme.matchAll(new RegExp('```' + lang + '\\n([\\s\\S]*?)```', 'g'))].map(
    (m) => m[1] as string,
  );
}

describe('addsvc README', () => {
  it('every addsvc command line parses', () => {
    const lines = [...blocks('sh'), ...blocks('console')]
      .flatMap((b) => b.split('\n'))
      .filter((l) => /(^|\$ )npm start -w examples\/addsvc/.test(l));
    assert.ok(lines.length >= 4, String(lines.length));
    for (const line of lines) {
      const args = words(line.replace(/^\$ /, '')).slice(5);
      if (args.includes('-h')) continue;
      assert.doesNotThrow(() => parseFlags(addsvcFlags, args), line);
    }
  });

  it('every session gives the outputs it shows', async () => {
    const sessions = blocks('console');
    assert.ok(sessions.length >= 2, String(sessions.length));
    for (const session of sessions) await runSession(session);
  });
});

/** runSession starts the addsvc of a session's first line and checks every step after it. */
async function runSession(session: string): Promise<void> {
  {
    const steps: { command: string[]; output: string }[] = [];
    for (const line of session.split('\n')) {
      if (line.startsWith('$ ')) steps.push({ command: words(line.slice(2)), output: '' });
      else if (line !== '' && steps.length > 0)
        (steps.at(-1) as { output: string }).output += `${line}\n`;
    }
    const [start, ...rest] = steps;
    assert.deepEqual(start?.command.slice(0, 5), ['npm', 'start', '-w', 'examples/addsvc', '--']);
    // The README's addresses, each replaced by a free port.
    const args = (start?.command.slice(5) ?? []).map((a) =>
      /^127\.0\.0\.1:\d+$/.test(a) ? '127.0.0.1:0' : a,
    );
    const run = await startAddsvc(args);
    try {
      const readmeArgs = start?.command ?? [];
      const given = (flag: string, fallback: string): string => {
        const i = readmeArgs.indexOf(flag);
        return i < 0 ? fallback : (readmeArgs[i + 1] as string);
      };
      const actual = new Map<string, string>([
        [given('-http-addr', '127.0.0.1:8081'), run.http],
        [given('-grpc-addr', '127.0.0.1:8082'), run.grpc],
        [given('-debug.addr', '127.0.0.1:8080'), run.debug],
      ]);
      const map = (s: string): string => s.replace(/127\.0\.0\.1:\d+/, (a) => actual.get(a) ?? a);
      for (const { command, output } of rest) {
        let got = '';
        if (command[0] === 'curl') {
          const data = command.indexOf('-d');
          const url = map(command.at(-1) as string);
          const res = await fetch(
            url,
            data < 0 ? {} : { method: 'POST', body: command[data + 1] as string },
          );
          got = await res.text();
        } else {
          assert.deepEqual(command.slice(0, 5), ['npm', 'start', '-w', 'examples/addcli', '--']);
          got = await addcli(command.slice(5).map(map));
        }
        assert.equal(got, output, command.join(' '));
      }
    } finally {
      await run.stop();
    }
  }
}
