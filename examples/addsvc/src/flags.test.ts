// Go's flag package semantics of addsvc and addcli, Go's %q, Go durations.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { addsvcFlags } from './addsvc.js';
import { FlagError, goQuote, parseDuration, parseFlags, usage } from './flags.js';

describe('parseFlags (Go flag)', () => {
  it('takes one or two dashes, = or a separate value, aliases', () => {
    const { values, args } = parseFlags(addsvcFlags, [
      '-http-addr',
      ':1',
      '--grpc-addr=:2',
      '-debug-addr=:3',
      '--jsonrpc-addr',
      '',
      'rest',
      '-nats-url=x',
    ]);
    assert.equal(values['http-addr'], ':1');
    assert.equal(values['grpc-addr'], ':2');
    assert.equal(values['debug.addr'], ':3');
    assert.equal(values['jsonrpc-addr'], '');
    assert.equal(values['nats-url'], ''); // parsing stopped at "rest"
    assert.deepEqual(args, ['rest', '-nats-url=x']);
    assert.equal(values.ratelimit, true);
    assert.equal(values['msg-prefix'], 'addsvc');
  });

  it('reads booleans bare or with =, never from the next argument', () => {
    assert.equal(parseFlags(addsvcFlags, ['-ratelimit=false']).values.ratelimit, false);
    assert.equal(parseFlags(addsvcFlags, ['--ratelimit=0']).values.ratelimit, false);
    assert.equal(parseFlags(addsvcFlags, ['-ratelimit=T']).values.ratelimit, true);
    const bare = parseFlags(addsvcFlags, ['-ratelimit', 'false']);
    assert.equal(bare.values.ratelimit, true);
    assert.deepEqual(bare.args, ['false']);
  });

  it('stops at -- and at a lone -; a value may start with a dash', () => {
    assert.deepEqual(parseFlags(addsvcFlags, ['--', '-x']).args, ['-x']);
    assert.deepEqual(parseFlags(addsvcFlags, ['-', '-x']).args, ['-', '-x']);
    assert.equal(parseFlags(addsvcFlags, ['-msg-prefix', '-p']).values['msg-prefix'], '-p');
  });

  it("refuses what Go's flag refuses, with Go's texts", () => {
    const cases: [string[], string, boolean][] = [
      [['-nope'], 'flag provided but not defined: -nope', false],
      [['-http-addr'], 'flag needs an argument: -http-addr', false],
      [['-ratelimit=yes'], 'invalid boolean value "yes" for -ratelimit: parse error', false],
      [['---x'], 'bad flag syntax: ---x', false],
      [['-=x'], 'bad flag syntax: -=x', false],
      [['-h'], 'flag: help requested', true],
      [['--help'], 'flag: help requested', true],
    ];
    for (const [args, message, help] of cases) {
      assert.throws(
        () => parseFlags(addsvcFlags, args),
        (err) => err instanceof FlagError && err.message === message && err.help === help,
        args.join(' '),
      );
    }
  });

  it('prints the usage as Go kit does, flags sorted, aliases hidden', () => {
    const text = usage('addsvc [flags]', addsvcFlags);
    assert.match(
      text,
      /^USAGE\n {2}addsvc \[flags\]\n\nFLAGS\n {2}-advertise-addr {2,}host:port to register[^\n]*\n {2}-amqp-url {2,}AMQP/,
    );
    assert.match(text, /\n {2}-ratelimit true {2,}the example's rate limiters/);
    assert.doesNotMatch(text, /debug-addr/);
    assert.ok(text.endsWith('\n\n'));
  });
});

describe("goQuote (Go's %q)", () => {
  it('quotes as strconv.Quote', () => {
    const cases: [string, string][] = [
      ['ab', '"ab"'],
      ['x"y\\', '"x\\"y\\\\"'],
      ['é日本', '"é日本"'],
      ['\n\t\r\u0007\b\f\v', '"\\n\\t\\r\\a\\b\\f\\v"'],
      ['\u0000\u001f\u007f', '"\\x00\\x1f\\x7f"'],
      ['\u00a0\u200b\u2028', '"\\u00a0\\u200b\\u2028"'],
      ['😀\u{e0001}', '"😀\\U000e0001"'],
      ['\ud800', '"\ufffd"'],
      [' ', '" "'],
    ];
    for (const [s, want] of cases) assert.equal(goQuote(s), want, JSON.stringify(s));
  });
});

describe('parseDuration (Go time.ParseDuration)', () => {
  it('reads Go durations in ms', () => {
    assert.equal(parseDuration('10s'), 10_000);
    assert.equal(parseDuration('1m30s'), 90_000);
    assert.equal(parseDuration('250ms'), 250);
    assert.equal(parseDuration('1.5s'), 1500);
    assert.equal(parseDuration('0'), 0);
    assert.equal(parseDuration('1h'), 3_600_000);
    for (const bad of ['', '10', 's', '10x', '-1s', '1s '])
      assert.throws(() => parseDuration(bad), RangeError, bad);
  });
});
