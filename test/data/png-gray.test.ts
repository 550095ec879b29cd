import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { PNG } from 'pngjs';
import { decodeGrayPng, decodePngToLuma, encodeGrayPng } from '../../src/data/png-gray.js';

describe('grey PNG', () => {
  it('writes an 8-bit grey PNG (colour type 0) that reads back identically', () => {
    const data = Uint8Array.from({ length: 32 * 64 }, (_, i) => (i * 31) % 256);
    const bytes = encodeGrayPng({ width: 32, height: 64, data });
    assert.equal(bytes[25], 0, 'colour type');
    assert.equal(bytes[24], 8, 'bit depth');
    assert.deepEqual(decodeGrayPng(bytes, 'x.png').data, data);
  });

  it('converts a colour photo to BT.601 luma', () => {
    const png = new PNG({ width: 1, height: 1 });
    png.data.set([255, 0, 0, 255]);
    assert.equal(decodePngToLuma(PNG.sync.write(png), 'red.png').data[0], 76);
  });

  it('names the file for a colour PNG stack', () => {
    const png = new PNG({ width: 2, height: 2, colorType: 2 });
    const bytes = PNG.sync.write(png, { colorType: 2 });
    assert.throws(
      () => decodeGrayPng(bytes, 'a/b.png'),
      /^Error: a\/b\.png: RGB PNG, expected 8-bit grey patches/,
    );
  });
});
