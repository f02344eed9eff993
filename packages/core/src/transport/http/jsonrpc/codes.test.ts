import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { codes } from '../../../errors/index.js';
import { codeOfJsonRpc, jsonRpcCodeOf } from './index.js';

describe('JSON-RPC error table', () => {
  it('maps the codes with a JSON-RPC meaning to the reserved codes', () => {
    assert.equal(jsonRpcCodeOf('invalid_argument'), -32602);
    assert.equal(jsonRpcCodeOf('unimplemented'), -32601);
    assert.equal(jsonRpcCodeOf('internal'), -32603);
    assert.equal(jsonRpcCodeOf('unknown'), -32000);
    assert.equal(jsonRpcCodeOf('canceled'), -32001);
    assert.equal(jsonRpcCodeOf('deadline_exceeded'), -32004);
    assert.equal(jsonRpcCodeOf('unavailable'), -32014);
  });

  it('round-trips every code, inside the server-error range or the reserved codes', () => {
    for (const code of codes) {
      const n = jsonRpcCodeOf(code);
      assert.ok((n <= -32000 && n >= -32099) || (n <= -32600 && n >= -32603), `${code} ${n}`);
      assert.equal(codeOfJsonRpc(n), code);
    }
  });

  it('reads the codes of other servers', () => {
    assert.equal(codeOfJsonRpc(-32700), 'invalid_argument');
    assert.equal(codeOfJsonRpc(-32600), 'invalid_argument');
    assert.equal(codeOfJsonRpc(-32050), 'unknown');
    assert.equal(codeOfJsonRpc(1), 'unknown');
    assert.equal(codeOfJsonRpc(-32099), 'unknown');
  });
});
