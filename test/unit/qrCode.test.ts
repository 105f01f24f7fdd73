// The QR encoder of the Receive view's address card, against codes made by
// an independent encoder (libqrencode), and the rules it chooses by.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { alignmentPositions, encodeQr, penalty, versionFor, type QrMatrix } from '../../renderer/qr/qrCode.js';
import { QR_VECTORS } from '../support/qrVectors.js';

function rowsOf(matrix: QrMatrix): string[] {
  return matrix.map((row) => BigInt(`0b${row.map((dark) => (dark ? '1' : '0')).join('')}`).toString(16));
}

test('with the same mask, every module matches libqrencode: versions 1, 5, 8 (version bits, 4 blocks) and 10 (16-bit count, blocks of two lengths)', () => {
  for (const vector of QR_VECTORS) {
    const matrix = encodeQr(vector.text, vector.mask);
    assert.equal(matrix.length, vector.rows.length, vector.label);
    assert.deepEqual(rowsOf(matrix), vector.rows, vector.label);
  }
});

test('the mask chosen is the one of least penalty', () => {
  for (const vector of QR_VECTORS) {
    const chosen = penalty(encodeQr(vector.text));
    for (let mask = 0; mask < 8; mask++) assert.ok(chosen <= penalty(encodeQr(vector.text, mask)), `${vector.label}, mask ${mask}`);
  }
});

test('the smallest version that holds the bytes at level M, up to version 10', () => {
  assert.equal(versionFor(14), 1);
  assert.equal(versionFor(15), 2);
  assert.equal(versionFor(84), 5);
  assert.equal(versionFor(85), 6);
  assert.equal(versionFor(213), 10);
  assert.throws(() => versionFor(214), /214 bytes do not fit/);
  // Text is counted in UTF-8 bytes.
  assert.equal(encodeQr('é'.repeat(7)).length, 21);
  assert.equal(encodeQr('é'.repeat(8)).length, 25);
});

test('alignment patterns sit where the standard puts them', () => {
  assert.deepEqual(alignmentPositions(1), []);
  assert.deepEqual(alignmentPositions(2), [6, 18]);
  assert.deepEqual(alignmentPositions(6), [6, 34]);
  assert.deepEqual(alignmentPositions(7), [6, 22, 38]);
  assert.deepEqual(alignmentPositions(10), [6, 28, 50]);
});
