import type * as tf from '@tensorflow/tfjs';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { writeFileAtomic } from '../io/atomic-write.js';
import { decodeTensors, encodeTensors, type TensorEntry } from './tensor-file.js';

const FORMAT = 'trellis-weights/1';

/** Names of all of a model's weights (trainable and not, e.g. batch-norm moving statistics), in getWeights() order. */
export function weightNames(model: tf.LayersModel): string[] {
  return model.weights.map((w) => w.originalName);
}

/**
 * Sets every weight of `model` from `tensors`, matched by position; counts and shapes must agree
 * (names may differ: TF.js numbers layer names per process). `where` names the source in errors.
 */
export function setModelWeights(
  model: tf.LayersModel,
  entries: readonly TensorEntry[],
  tensors: readonly tf.Tensor[],
  where: string,
): void {
  const names = weightNames(model);
  if (entries.length !== names.length) {
    throw new Error(
      `${where} holds ${entries.length} weights but the model "${model.name}" has ${names.length}: it was saved from another network — rebuild that network or delete the file`,
    );
  }
  model.weights.forEach((w, i) => {
    const want = w.shape.join('×');
    const got = entries[i].shape.join('×');
    if (want !== got) {
      throw new Error(
        `${where}: weight ${i} (${entries[i].name}) has shape ${got} but the model's ${names[i]} is ${want}: saved from another network — rebuild that network or delete the file`,
      );
    }
  });
  model.setWeights([...tensors]);
}

/**
 * Saves a trained model's weights as `weights.json` (manifest) + `weights.bin` in `dir`; the next stage
 * rebuilds the network from the spec and calls loadModelWeights. The .bin is written first, so a
 * present manifest means a complete pair.
 */
export async function saveModelWeights(model: tf.LayersModel, dir: string): Promise<void> {
  const { entries, data } = encodeTensors(model.getWeights(), weightNames(model));
  await writeFileAtomic(join(dir, 'weights.bin'), data);
  await writeFileAtomic(
    join(dir, 'weights.json'),
    JSON.stringify({ format: FORMAT, model: model.name, weights: entries }, null, 1) + '\n',
  );
}

/** Loads saveModelWeights' files from `dir` into a freshly built `model` of the same network. */
export async function loadModelWeights(model: tf.LayersModel, dir: string): Promise<void> {
  const manifestPath = join(dir, 'weights.json');
  const manifest = JSON.parse(await readFile(manifestPath, 'utf8')) as {
    format?: string;
    weights: TensorEntry[];
  };
  if (manifest.format !== FORMAT)
    throw new Error(`${manifestPath}: format "${manifest.format}", expected "${FORMAT}"`);
  const binPath = join(dir, 'weights.bin');
  const tensors = decodeTensors(manifest.weights, await readFile(binPath), binPath);
  try {
    setModelWeights(model, manifest.weights, tensors, manifestPath);
  } finally {
    for (const t of tensors) t.dispose();
  }
}
