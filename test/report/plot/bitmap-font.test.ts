import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { FONT_CHARACTERS, GLYPH_WIDTH, glyphRows, textWidth } from '../../../src/report/plot/bitmap-font.js';
import { createRaster, drawText } from '../../../src/report/plot/raster.js';

const NEEDED = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz.-+e/%()[]:_ ,=<>';

function inkOf(text: string): number {
  const r = createRaster(40, 20);
  drawText(r, text, 2, 2, { color: [0, 0, 0] });
  let n = 0;
  for (let i = 0; i < r.data.length; i += 4) if (r.data[i] < 128) n++;
  return n;
}

describe('bitmap font', () => {
  it('has a glyph for every character figures need, each drawing some ink (except space)', () => {
    for (const ch of NEEDED) {
      assert.ok(FONT_CHARACTERS.includes(ch), `missing glyph ${JSON.stringify(ch)}`);
      if (ch !== ' ') assert.ok(inkOf(ch) > 0, `glyph ${JSON.stringify(ch)} draws nothing`);
    }
    assert.equal(inkOf(' '), 0);
  });

  it('keeps every glyph within 5 columns and 7 rows, 9 for descenders', () => {
    for (const ch of FONT_CHARACTERS) {
      const rows = glyphRows(ch);
      assert.ok(
        rows.length === 7 || (rows.length === 9 && 'gjpqy'.includes(ch)),
        `${ch}: ${rows.length} rows`,
      );
      for (const row of rows) assert.ok(row < 1 << GLYPH_WIDTH, `${ch}: row ${row} wider than 5 pixels`);
    }
  });

  it('gives distinct bitmaps to characters that must not be confused', () => {
    const pairs = ['0O', '1l', '5S', '8B', 'e3', '-_', '()', '[]', '.,'];
    for (const [a, b] of pairs)
      assert.notDeepEqual(glyphRows(a), glyphRows(b), `${a} and ${b} look the same`);
  });

  it('measures text as 6 pixels per character less the last spacing column, times the scale', () => {
    assert.equal(textWidth('', 2), 0);
    assert.equal(textWidth('a'), 5);
    assert.equal(textWidth('mAP', 2), (3 * 6 - 1) * 2);
  });

  it('draws characters outside the font as a question mark', () => {
    assert.deepEqual(glyphRows('é'), glyphRows('?'));
  });
});
