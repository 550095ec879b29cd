import assert from 'node:assert/strict';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { renderIssues } from '../../src/diagnostics/render-issues.js';
import type { SourceLocation } from '../../src/spec/source-map.js';

const cwd = '/project';
const at = (file: string, line: number, col: number): SourceLocation => ({
  file: join(cwd, file),
  line,
  col,
});

describe('renderIssues', () => {
  it('prints file:line:col, the dotted path and the message with its hint, sorted by file and line', () => {
    const sourceMap = new Map([
      ['', at('b.yaml', 1, 1)],
      ['/models/denoiser/layers/7/inputs/1', at('b.yaml', 48, 17)],
      ['/seed', at('a.yaml', 3, 1)],
      ['/sweep/grid/stages.x.lr', at('b.yaml', 2, 5)],
    ]);
    const text = renderIssues(
      [
        {
          code: 'graph/unknown-input',
          pointer: '/models/denoiser/layers/7/inputs/1',
          message: 'unknown input "enc_2"',
          hint: 'did you mean "enc2"?',
        },
        { code: 'schema/wrong-type', pointer: '/seed', message: 'expected an integer, found "x"' },
        { code: 'sweep/unknown-path', pointer: '/sweep/grid/stages.x.lr', message: 'unknown path' },
      ],
      sourceMap,
      cwd,
    );
    assert.equal(
      text,
      [
        'a.yaml:3:1  seed  expected an integer, found "x"',
        'b.yaml:2:5  sweep.grid["stages.x.lr"]  unknown path',
        'b.yaml:48:17  models.denoiser.layers[7].inputs[1]  unknown input "enc_2"; did you mean "enc2"?',
        '',
      ].join('\n'),
    );
  });

  it('falls back to the nearest located ancestor and shows --set values on the command line', () => {
    const sourceMap = new Map<string, SourceLocation>([
      ['', at('a.yaml', 1, 1)],
      ['/stages', at('a.yaml', 5, 1)],
      ['/seed', { file: '<command line>', line: 2, col: 1 }],
    ]);
    const text = renderIssues(
      [
        { code: 'schema/missing-key', pointer: '/stages/x/loss', message: 'missing' },
        { code: 'schema/out-of-range', pointer: '/seed', message: 'too small' },
        { code: 'spec/yaml-syntax', pointer: '', message: 'bad', location: at('c.yaml', 0, 0) },
      ],
      sourceMap,
      cwd,
    );
    assert.equal(
      text,
      '<command line>:--set 2  seed  too small\na.yaml:5:1  stages.x.loss  missing\nc.yaml  (root)  bad\n',
    );
  });

  it('adds the positions of related places', () => {
    const sourceMap = new Map([
      ['', at('a.yaml', 1, 1)],
      ['/blocks/b', at('lib.yaml', 4, 3)],
      ['/models/m/layers/0', at('a.yaml', 9, 9)],
    ]);
    const text = renderIssues(
      [{ code: 'x', pointer: '/models/m/layers/0', message: 'bad', related: ['/blocks/b'] }],
      sourceMap,
      cwd,
    );
    assert.equal(text, 'a.yaml:9:9  models.m.layers[0]  bad (see lib.yaml:4:3)\n');
  });
});
