import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import {
  decodeWaitStatus,
  parseArrayIndices,
  parseExitCodePair,
  parseSacctRows,
  parseScontrolJobs,
  slurmPhase,
  slurmStoppedBy,
} from '../../runners/slurm/job-records.js';
import { chunkForArrays, parseMaxArraySize, sbatchArgs } from '../../runners/slurm/sbatch-args.js';

// Lines as Slurm 22.05 prints them (shortened): a finished task, a failed one, and the pending rest as one range.
const SCONTROL = [
  'JobId=12 ArrayJobId=12 ArrayTaskId=0 JobName=trellis-s UserId=root(0) JobState=COMPLETED Reason=None Dependency=(null) ExitCode=0:0 NodeList=vm StdOut=/s/slurm/logs/12_0.out',
  'JobId=13 ArrayJobId=12 ArrayTaskId=1 JobName=trellis-s JobState=FAILED Reason=NonZeroExitCode Restarts=1 ExitCode=3:0 NodeList=vm',
  'JobId=14 ArrayJobId=12 ArrayTaskId=2 JobState=TIMEOUT Reason=TimeLimit ExitCode=0:15 NodeList=vm',
  'JobId=12 ArrayJobId=12 ArrayTaskId=4-5%2 JobState=CANCELLED Reason=None ExitCode=0:0 NodeList=(null)',
].join('\n');

describe('Slurm job records', () => {
  it('reads one record per scontrol line, expanding the range record of pending tasks', () => {
    assert.deepEqual(parseScontrolJobs(SCONTROL), [
      { jobId: '12', taskIds: [0], state: 'COMPLETED', exit: { code: 0, signal: null }, node: 'vm' },
      {
        jobId: '12',
        taskIds: [1],
        state: 'FAILED',
        exit: { code: 3, signal: null },
        reason: 'NonZeroExitCode',
        node: 'vm',
        restarts: 1,
      },
      {
        jobId: '12',
        taskIds: [2],
        state: 'TIMEOUT',
        exit: { code: null, signal: 'SIGTERM' },
        reason: 'TimeLimit',
        node: 'vm',
      },
      { jobId: '12', taskIds: [4, 5], state: 'CANCELLED', exit: { code: 0, signal: null } },
    ]);
  });

  it('reads sacct rows, including "CANCELLED by <uid>" and bracketed ranges', () => {
    assert.deepEqual(parseSacctRows('2_2|FAILED|3:0|vm\n2_[4-5%2]|CANCELLED by 0|0:0|None assigned\n'), [
      { jobId: '2', taskIds: [2], state: 'FAILED', exit: { code: 3, signal: null }, node: 'vm' },
      { jobId: '2', taskIds: [4, 5], state: 'CANCELLED', exit: { code: 0, signal: null } },
    ]);
  });

  it('decodes both exit-code encodings: status:signal and the raw wait status', () => {
    assert.deepEqual(parseExitCodePair('137:0'), { code: 137, signal: null });
    assert.deepEqual(parseExitCodePair('0:9'), { code: null, signal: 'SIGKILL' });
    assert.equal(parseExitCodePair('n/a'), undefined);
    assert.deepEqual(decodeWaitStatus(768), { code: 3, signal: null });
    assert.deepEqual(decodeWaitStatus(15), { code: null, signal: 'SIGTERM' });
    assert.deepEqual(decodeWaitStatus(0), { code: 0, signal: null });
  });

  it('expands array index expressions', () => {
    assert.deepEqual(parseArrayIndices('7'), [7]);
    assert.deepEqual(parseArrayIndices('1,3,5-7%2'), [1, 3, 5, 6, 7]);
    assert.deepEqual(parseArrayIndices('[0-6:3]'), [0, 3, 6]);
  });

  it('maps Slurm states to waiting, running and ended, and says which end resumes and which fails', () => {
    assert.deepEqual(
      ['PENDING', 'REQUEUED', 'RUNNING', 'COMPLETING', 'COMPLETED', 'NODE_FAIL'].map(slurmPhase),
      ['waiting', 'waiting', 'running', 'running', 'ended', 'ended'],
    );
    assert.equal(slurmStoppedBy('TIMEOUT')?.kind, 'killed');
    assert.equal(slurmStoppedBy('CANCELLED')?.kind, 'killed');
    assert.equal(slurmStoppedBy('NODE_FAIL')?.kind, 'killed');
    assert.equal(slurmStoppedBy('PREEMPTED')?.kind, 'killed');
    assert.deepEqual(slurmStoppedBy('OUT_OF_MEMORY'), {
      kind: 'failed',
      reason: 'out of memory (Slurm OUT_OF_MEMORY); raise runner.mem',
    });
    assert.equal(slurmStoppedBy('FAILED'), undefined);
    assert.equal(slurmStoppedBy('COMPLETED'), undefined);
  });
});

describe('sbatch arguments', () => {
  const base = {
    count: 5,
    jobName: 'trellis-s',
    cwd: '/w',
    logPattern: '/s/slurm/logs/%A_%a.out',
    wrapper: '/s/slurm/task.sh',
    manifest: '/s/m.tsv',
  };

  it('submits one array task per trial with the resources of the spec', () => {
    const args = sbatchArgs({
      ...base,
      spec: {
        partition: 'gpu',
        account: 'lab',
        qos: 'short',
        cpus_per_task: 4,
        mem: '16G',
        gres: 'gpu:1',
        time: '2:00:00',
        array_parallelism: 2,
        signal_before_timeout_s: 90,
        extra_args: ['--exclusive'],
      },
    });
    assert.deepEqual(args, [
      '--parsable',
      '--array=0-4%2',
      '--job-name=trellis-s',
      '--chdir=/w',
      '--output=/s/slurm/logs/%A_%a.out',
      '--open-mode=append',
      '--ntasks=1',
      '--cpus-per-task=4',
      '--signal=B:USR1@90',
      '--mem=16G',
      '--gres=gpu:1',
      '--time=2:00:00',
      '--partition=gpu',
      '--account=lab',
      '--qos=short',
      '--exclusive',
      '/s/slurm/task.sh',
      '/s/m.tsv',
    ]);
  });

  it('lets the parallelism of the run override the spec, drops a throttle that cannot bind, and can disable the signal', () => {
    assert.ok(
      sbatchArgs({ ...base, spec: { array_parallelism: 2 }, parallelism: 3 }).includes('--array=0-4%3'),
    );
    assert.ok(sbatchArgs({ ...base, spec: { array_parallelism: 9 } }).includes('--array=0-4'));
    assert.ok(
      !sbatchArgs({ ...base, spec: { signal_before_timeout_s: 0 } }).some((a) => a.startsWith('--signal')),
    );
  });

  it('splits sweeps larger than MaxArraySize and reads that limit from scontrol show config', () => {
    assert.deepEqual(chunkForArrays([1, 2, 3, 4, 5], 2), [[1, 2], [3, 4], [5]]);
    assert.equal(
      parseMaxArraySize(
        'MailProg                = /bin/true\nMaxArraySize            = 1001\nMaxJobCount = 10000\n',
      ),
      1001,
    );
    assert.equal(parseMaxArraySize('nothing here'), undefined);
  });
});
