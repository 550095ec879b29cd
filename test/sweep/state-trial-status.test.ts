import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { concludeTrial, summarizeStderr } from '../../src/sweep/state-trial-status.js';

const at = '2026-01-01T00:00:00.000Z';

describe('concludeTrial', () => {
  it('trusts a completed status file even when the process exited non-zero afterwards', () => {
    const c = concludeTrial({
      trialId: 't',
      status: { trialId: 't', state: 'completed', metrics: { loss: 0.5 } },
      observed: { exit: { code: 1, signal: null } },
      at,
    });
    assert.deepEqual(c, { event: { kind: 'completed', trialId: 't', metrics: { loss: 0.5 }, at } });
  });

  it('keeps a trial that stopped itself as killed with its own reason', () => {
    const c = concludeTrial({
      trialId: 't',
      status: { trialId: 't', state: 'killed', reason: 'time limit: checkpointed at epoch 3' },
      observed: { exit: { code: 0, signal: null } },
      at,
    });
    assert.equal(c.event.kind, 'killed');
    assert.equal(c.runnerStatus, undefined);
  });

  it('fails a crashed trial with its exit code and error line, and writes the status file for it', () => {
    const c = concludeTrial({
      trialId: 't',
      status: { trialId: 't', state: 'running' },
      observed: {
        exit: { code: 1, signal: null },
        stderrTail:
          'file.js:3\n  throw e\n  ^\n\nRangeError: out of range\n    at f (file.js:3)\n\nNode.js v20.1.0\n',
      },
      attempt: 2,
      at,
    });
    assert.deepEqual(c.event, {
      kind: 'failed',
      trialId: 't',
      reason: 'exited with code 1: RangeError: out of range',
      exit: { code: 1, signal: null },
      at,
    });
    assert.deepEqual(c.runnerStatus, {
      trialId: 't',
      state: 'failed',
      reason: 'exited with code 1: RangeError: out of range',
      writtenBy: 'runner',
      endedAt: at,
      attempt: 2,
      exit: { code: 1, signal: null },
    });
  });

  it('names the signal that killed a trial, and what the back end says when it stopped the trial', () => {
    const killed = concludeTrial({
      trialId: 't',
      status: undefined,
      observed: { exit: { code: null, signal: 'SIGKILL' } },
      at,
    });
    assert.equal(killed.event.kind === 'failed' && killed.event.reason, 'killed by SIGKILL');
    const timeout = concludeTrial({
      trialId: 't',
      status: undefined,
      observed: {
        stoppedBy: { kind: 'killed', reason: 'time limit reached (Slurm TIMEOUT)' },
        slurmState: 'TIMEOUT',
      },
      at,
    });
    assert.deepEqual([timeout.event.kind, timeout.runnerStatus?.slurmState], ['killed', 'TIMEOUT']);
  });

  it('fails a trial that exited 0 without a final status', () => {
    const c = concludeTrial({
      trialId: 't',
      status: undefined,
      observed: { exit: { code: 0, signal: null } },
      at,
    });
    assert.equal(
      c.event.kind === 'failed' && c.event.reason,
      'exited with code 0 without writing a final status.json',
    );
  });
});

describe('summarizeStderr', () => {
  it('prefers the error line over the stack and the Node banner, else the last plain line', () => {
    assert.equal(
      summarizeStderr('x\nTypeError [ERR_X]: bad thing\n    at a (b.js:1)\nNode.js v20.0.0\n'),
      'TypeError [ERR_X]: bad thing',
    );
    assert.equal(summarizeStderr('warming up\nout of patience\n'), 'out of patience');
    assert.equal(summarizeStderr('\n\n'), undefined);
  });
});
