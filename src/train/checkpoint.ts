import type * as tf from '@tensorflow/tfjs';
import { randomBytes } from 'node:crypto';
import { mkdir, open, readFile, readdir, rename, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { writeFileAtomic } from '../io/atomic-write.js';
import type { EarlyStoppingState } from './early-stopping.js';
import type { EpochRecord } from './epoch-record.js';
import type { ScheduleState } from './schedules/index.js';
import { decodeTensors, encodeTensors, type TensorEntry } from './tensor-file.js';

const FORMAT = 'trellis-checkpoint/1';

/**
 * Layout of a checkpoint folder (one per stage):
 *   latest.json            {"format", "epochs", "folder"}: the newest complete checkpoint
 *   epoch-0003/state.json  CheckpointState: counters, schedule / early-stopping state, history, tensor manifests
 *   epoch-0003/weights.bin       model.getWeights() (trainable and batch-norm statistics)
 *   epoch-0003/optimizer.bin     optimizer slots
 *   epoch-0003/best-weights.bin  early stopping's best weights (restore_best_weights only)
 * A checkpoint is written into a hidden temp folder, renamed into place, and only then named by
 * latest.json, so a crash at any moment leaves the previous checkpoint readable.
 */
export interface CheckpointState {
  readonly format: typeof FORMAT;
  readonly stage: string;
  /** Everything that makes a resume meaningful (stage options, seed); a different key refuses to resume. */
  readonly configKey: string;
  /** Completed epochs = the 0-based index of the next epoch. */
  readonly epochs: number;
  /** Early stopping ended the stage. */
  readonly stopped: boolean;
  readonly schedule: ScheduleState;
  readonly earlyStopping: EarlyStoppingState | null;
  readonly optimizer: {
    readonly type: string;
    readonly iterations: number;
    readonly slots: readonly TensorEntry[];
  };
  readonly weights: readonly TensorEntry[];
  readonly bestWeights: readonly TensorEntry[] | null;
  readonly history: readonly EpochRecord[];
}

export interface CheckpointTensors {
  readonly weights: readonly tf.Tensor[];
  readonly optimizerSlots: readonly tf.Tensor[];
  readonly bestWeights: readonly tf.Tensor[] | null;
}

export type CheckpointContent = Omit<CheckpointState, 'format' | 'weights' | 'bestWeights' | 'optimizer'> & {
  readonly optimizer: { readonly type: string; readonly iterations: number };
  readonly weightNames: readonly string[];
};

const folderName = (epochs: number): string => `epoch-${String(epochs).padStart(4, '0')}`;

async function writeSynced(path: string, data: string | Uint8Array): Promise<void> {
  const fh = await open(path, 'w');
  try {
    await fh.writeFile(data);
    await fh.sync();
  } finally {
    await fh.close();
  }
}

/** Writes the checkpoint after `content.epochs` epochs; keeps the newest `keep` and removes older ones. */
export async function writeCheckpoint(
  dir: string,
  content: CheckpointContent,
  tensors: CheckpointTensors,
  keep = 1,
): Promise<string> {
  await mkdir(dir, { recursive: true });
  const folder = folderName(content.epochs);
  const tmp = join(dir, `.${folder}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`);
  await mkdir(tmp);
  try {
    const weights = encodeTensors(tensors.weights, content.weightNames);
    const slots = encodeTensors(tensors.optimizerSlots);
    const best = tensors.bestWeights ? encodeTensors(tensors.bestWeights, content.weightNames) : null;
    const { weightNames: _names, ...rest } = content;
    const state: CheckpointState = {
      ...rest,
      format: FORMAT,
      weights: weights.entries,
      optimizer: { ...content.optimizer, slots: slots.entries },
      bestWeights: best?.entries ?? null,
    };
    await writeSynced(join(tmp, 'weights.bin'), weights.data);
    await writeSynced(join(tmp, 'optimizer.bin'), slots.data);
    if (best) await writeSynced(join(tmp, 'best-weights.bin'), best.data);
    await writeSynced(join(tmp, 'state.json'), JSON.stringify(state, null, 1) + '\n');
    // A folder of this name can only be left by a run that died before updating latest.json.
    await rm(join(dir, folder), { recursive: true, force: true });
    await rename(tmp, join(dir, folder));
  } catch (err) {
    await rm(tmp, { recursive: true, force: true });
    throw err;
  }
  await writeFileAtomic(
    join(dir, 'latest.json'),
    JSON.stringify({ format: FORMAT, epochs: content.epochs, folder }) + '\n',
  );
  await pruneCheckpoints(dir, content.epochs, keep);
  return join(dir, folder);
}

async function pruneCheckpoints(dir: string, latest: number, keep: number): Promise<void> {
  for (const name of await readdir(dir)) {
    const m = /^epoch-(\d+)$/.exec(name);
    const stale = m && (Number(m[1]) <= latest - keep || Number(m[1]) > latest);
    const orphan = name.startsWith('.epoch-') && name.endsWith('.tmp') && name.includes(`.${process.pid}.`);
    if (stale || orphan) await rm(join(dir, name), { recursive: true, force: true });
  }
}

export interface LoadedCheckpoint {
  readonly path: string;
  readonly state: CheckpointState;
  readonly tensors: CheckpointTensors;
}

/** The newest complete checkpoint in `dir`, or undefined when there is none yet. The caller disposes the tensors. */
export async function readLatestCheckpoint(dir: string): Promise<LoadedCheckpoint | undefined> {
  let latest: { format?: string; folder: string };
  const latestPath = join(dir, 'latest.json');
  try {
    latest = JSON.parse(await readFile(latestPath, 'utf8'));
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw new Error(
      `${latestPath}: unreadable (${(err as Error).message}); delete the checkpoint folder to start the stage afresh`,
    );
  }
  if (latest.format !== FORMAT)
    throw new Error(
      `${latestPath}: format "${latest.format}", expected "${FORMAT}"; delete the checkpoint folder to start afresh`,
    );
  const path = join(dir, latest.folder);
  const state = JSON.parse(await readFile(join(path, 'state.json'), 'utf8')) as CheckpointState;
  const read = async (file: string, entries: readonly TensorEntry[]): Promise<tf.Tensor[]> =>
    decodeTensors(entries, await readFile(join(path, file)), join(path, file));
  return {
    path,
    state,
    tensors: {
      weights: await read('weights.bin', state.weights),
      optimizerSlots: await read('optimizer.bin', state.optimizer.slots),
      bestWeights: state.bestWeights ? await read('best-weights.bin', state.bestWeights) : null,
    },
  };
}
