import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { appendFileSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { EventLogError } from '../../src/tracking/event-log.js';
import { appendEvents, readEvents } from '../../src/tracking/event-log.js';

const open = {
  type: 'open' as const,
  v: 1,
  at: 1,
  trackingId: 's/t',
  experiment: 'e',
  runName: 'r',
  tags: {},
};

describe('event log', () => {
  it('reads back what was appended, NaN and infinities included', () => {
    const dir = mkdtempSync(join(tmpdir(), 'evlog-'));
    appendEvents(dir, [
      open,
      {
        type: 'metrics',
        metrics: [
          { key: 'a', value: NaN, step: 0, timestamp: 2 },
          { key: 'b', value: -Infinity, step: 1, timestamp: 3 },
        ],
      },
    ]);
    const ev = readEvents(dir);
    assert.equal(ev.length, 2);
    const m = ev[1].type === 'metrics' ? ev[1].metrics : [];
    assert.ok(Number.isNaN(m[0].value));
    assert.equal(m[1].value, -Infinity);
  });

  it('ignores a torn last line left by a crash mid-write', () => {
    const dir = mkdtempSync(join(tmpdir(), 'evlog-'));
    appendEvents(dir, [open]);
    appendFileSync(join(dir, 'events.jsonl'), '{"type":"metr');
    assert.equal(readEvents(dir).length, 1);
  });

  it('names the file and line of a corrupt event in the middle of the log', () => {
    const dir = mkdtempSync(join(tmpdir(), 'evlog-'));
    appendEvents(dir, [open]);
    appendFileSync(join(dir, 'events.jsonl'), 'garbage\n');
    appendEvents(dir, [{ type: 'reopen', at: 5 }]);
    assert.throws(
      () => readEvents(dir),
      (e: EventLogError) => /events\.jsonl:2: not a trellis tracking event/.test(e.message),
    );
  });

  it('masks secret env values before they reach the disk', () => {
    const dir = mkdtempSync(join(tmpdir(), 'evlog-'));
    process.env.MLFLOW_TRACKING_TOKEN = 'tok-very-secret-42';
    try {
      appendEvents(dir, [
        open,
        { type: 'params', params: { uri: 'https://u:pw12345@host/x', token: 'tok-very-secret-42' } },
      ]);
    } finally {
      delete process.env.MLFLOW_TRACKING_TOKEN;
    }
    const text = readFileSync(join(dir, 'events.jsonl'), 'utf8');
    assert.ok(!text.includes('tok-very-secret-42') && !text.includes('pw12345'), text);
    assert.match(text, /https:\/\/\*\*\*@host/);
  });
});
