import { describe, it, after } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { mkdtemp, rm, readFile, writeFile, mkdir } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { main } from '../../../src/cli/main.js';
import type { CliIo } from '../../../src/cli/cli-io.js';
import { builtinPhotoDir } from '../../../src/data/synth/photo-set.js';
import { decodeGrayPng, encodeGrayPng } from '../../../src/data/png-gray.js';

const dirs: string[] = [];
after(() => Promise.all(dirs.map((d) => rm(d, { recursive: true, force: true }))));

function capture(cwd: string): CliIo & { text: () => { out: string; err: string } } {
  let out = '',
    err = '';
  return { cwd, out: (t) => void (out += t), err: (t) => void (err += t), text: () => ({ out, err }) };
}

describe('trellis data', () => {
  it('synth writes a dataset and info lists its sequences and splits', async () => {
    const cwd = await mkdtemp(join(tmpdir(), 'trellis-cli-data-'));
    dirs.push(cwd);
    await mkdir(join(cwd, 'photos'));
    for (const name of ['grass', 'gravel']) {
      const img = decodeGrayPng(await readFile(join(builtinPhotoDir(), `${name}.png`)), name);
      const data = new Uint8Array(160 * 160);
      for (let y = 0; y < 160; y++) data.set(img.data.subarray(y * img.width, y * img.width + 160), y * 160);
      await writeFile(join(cwd, 'photos', `${name}.png`), encodeGrayPng({ width: 160, height: 160, data }));
    }
    const io = capture(cwd);
    const code = await main(
      [
        'data',
        'synth',
        '--sequences',
        '2',
        '--patches',
        '3',
        '--out',
        'ds',
        '--photos',
        'photos',
        '--seed',
        '5',
      ],
      io,
    );
    assert.equal(code, 0, io.text().err);
    assert.match(io.text().out, /^wrote .*ds: 2 sequences, 6 patches × 16 images; median overlap easy/);
    assert.match(io.text().err, /\[1\/2\] [iv]_(grass|gravel): 3 patches/);

    const info = capture(cwd);
    assert.equal(await main(['data', 'info', 'ds'], info), 0);
    assert.match(info.text().out, /2 sequences, layout nhpatches/);
    assert.match(info.text().out, /[iv]_grass {2}3 patches of 32 px/);
    assert.match(info.text().out, /split a: 1 train \/ 1 test/);
  });

  it('reports bad flags and an existing output with exit code 1', async () => {
    const cwd = await mkdtemp(join(tmpdir(), 'trellis-cli-data-'));
    dirs.push(cwd);
    const io = capture(cwd);
    assert.equal(await main(['data', 'synth', '--out', 'x', '--layout', 'zip'], io), 1);
    assert.match(io.text().err, /trellis data: --layout must be one of nhpatches, hpatches, both, got "zip"/);
    const io2 = capture(cwd);
    assert.equal(await main(['data', 'synth', '--out', 'x', '--patches', 'many'], io2), 1);
    assert.match(io2.text().err, /--patches must be an integer, got "many"/);
  });
});
