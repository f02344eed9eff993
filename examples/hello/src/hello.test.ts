// The hello service over real HTTP, and its source's promise: at most 20 lines of code.
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { after, before, describe, it } from 'node:test';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { listen } from '@svckit/core/transport/http';
import { handler } from './hello.js';

describe('hello over real HTTP', () => {
  let server: Server;
  let base: string;
  before(async () => {
    server = await listen(handler.node);
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  after(() => new Promise<void>((r) => server.close(() => r())));

  it('greets by name', async () => {
    const res = await fetch(`${base}/hello`, { method: 'POST', body: '{"name":"ada"}' });
    assert.equal(res.status, 200);
    assert.equal(res.headers.get('content-type'), 'application/json; charset=utf-8');
    assert.equal(await res.text(), '{"greeting":"hello, ada"}\n');
    const empty = await fetch(`${base}/hello`, { method: 'POST', body: '{"name":""}' });
    assert.deepEqual(await empty.json(), { greeting: 'hello, world' });
  });

  it('answers bad JSON and a wrong type with 400, other paths 404, GET 405', async () => {
    const bad = await fetch(`${base}/hello`, { method: 'POST', body: '{nope' });
    assert.equal(bad.status, 400);
    assert.match(await bad.text(), /malformed JSON body/);
    const wrong = await fetch(`${base}/hello`, { method: 'POST', body: '{"name":1}' });
    assert.deepEqual([wrong.status, await wrong.text()], [400, 'want {"name": string}']);
    assert.equal((await fetch(`${base}/other`)).status, 404);
    const get = await fetch(`${base}/hello`);
    assert.deepEqual([get.status, get.headers.get('allow')], [405, 'POST']);
  });

  it('answers an oversized body with 413', async () => {
    const body = JSON.stringify({ name: 'x'.repeat(100 * 1024) });
    const res = await fetch(`${base}/hello`, { method: 'POST', body });
    assert.equal(res.status, 413);
  });

  it('is at most 20 lines of code (comments and blank lines aside)', () => {
    const source = readFileSync(new URL('../src/hello.ts', import.meta.url), 'utf8');
    const code = source
      .replace(/\/\*[\s\S]*?\*\//g, '')
      .split('\n')
      .filter((l) => l.trim() !== '' && !l.trim().startsWith('//'));
    assert.ok(code.length <= 20, `${code.length} lines:\n${code.join('\n')}`);
  });
});

describe('hello as a program', () => {
  it('listens on PORT, says where, and stops on SIGTERM', async () => {
    const main = new URL('./main.js', import.meta.url).pathname;
    const child = spawn(process.execPath, [main], {
      env: { ...process.env, PORT: '0' },
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    let out = '';
    const url = await new Promise<string>((resolve, reject) => {
      child.stdout.setEncoding('utf8').on('data', (d: string) => {
        out += d;
        const m = /listening on (\S+)/.exec(out);
        if (m?.[1] !== undefined) resolve(m[1]);
      });
      child.once('exit', () => reject(new Error(`exited: ${out}`)));
    });
    const res = await fetch(url, { method: 'POST', body: '{"name":"bob"}' });
    assert.deepEqual(await res.json(), { greeting: 'hello, bob' });
    child.kill('SIGTERM');
    const code = await new Promise((r) => child.once('exit', r));
    assert.equal(code, 0);
  });
});
