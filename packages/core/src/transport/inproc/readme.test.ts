// The example of packages/core/README.md's in-process transport section, compiled and checked.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { background, withTimeout } from '../../context/index.js';
import { ServiceError } from '../../errors/index.js';
import { createClient, createServer } from './index.js';

describe('core README: in-process transport example', () => {
  it('says what the README says', async () => {
    let serverDeadline: number | undefined; // ms left when the server saw the request
    const server = createServer(
      async (ctx, s: string) => {
        serverDeadline = ctx.deadline === undefined ? undefined : ctx.deadline - Date.now();
        if (s === '') throw new ServiceError('invalid_argument', 'empty string');
        return s.toUpperCase();
      },
      (_ctx, message) => message.payload as string,
      (_ctx, reply, v) => void (reply.payload = v),
    );
    const uppercase = createClient(
      server,
      (_ctx, message, s: string) => void (message.payload = s),
      (_ctx, reply) => reply.payload as string,
    );
    const [ctx, cancel] = withTimeout(background(), 500);
    assert.equal(await uppercase(ctx, 'hi'), 'HI');
    // The budget the server sees never exceeds the caller's (each hop counts from its own receipt).
    assert.ok(serverDeadline !== undefined && serverDeadline > 0 && serverDeadline <= 500);
    await assert.rejects(uppercase(ctx, ''), { code: 'invalid_argument', message: 'empty string' });
    cancel();
  });
});
