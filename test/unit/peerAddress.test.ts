import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { normalizeAddress, parsePeerAddress } from '../../shared/peerAddress.js';

const KEY = 'a'.repeat(26) + '2'.repeat(26);

describe('receiver addresses as people pass them around', () => {
  test('a plain address is an endpoint without a key', () => {
    assert.deepEqual(parsePeerAddress('host:6000'), { endpoint: 'tcp://host:6000', key: null });
    assert.deepEqual(parsePeerAddress('tcp://10.0.0.2:6000'), { endpoint: 'tcp://10.0.0.2:6000', key: null });
  });

  test('a key-carrying address gives the key and the endpoint, with or without tcp://', () => {
    assert.deepEqual(parsePeerAddress(`${KEY}@host:6000`), { endpoint: 'tcp://host:6000', key: KEY });
    assert.deepEqual(parsePeerAddress(`tcp://${KEY.toUpperCase()}@[::1]:6000`), { endpoint: 'tcp://[::1]:6000', key: KEY });
    assert.equal(normalizeAddress(` ${KEY}@host:6000 `), `${KEY}@host:6000`);
  });

  test('"@" in an ipc path is part of the path, not a key', () => {
    assert.deepEqual(parsePeerAddress('ipc:///tmp/a@b'), { endpoint: 'ipc:///tmp/a@b', key: null });
    assert.equal(normalizeAddress('ipc:///run/user/1000/zd@1'), 'ipc:///run/user/1000/zd@1');
  });

  test('what is before "@" must be a whole key, and a host must follow it', () => {
    assert.match((parsePeerAddress('someone@host:6000') as { error: string }).error, /receiver's key/);
    assert.match((parsePeerAddress(`${KEY.slice(1)}@host:6000`) as { error: string }).error, /receiver's key/);
    assert.match((parsePeerAddress(`${KEY}@`) as { error: string }).error, /no host/);
  });
});
