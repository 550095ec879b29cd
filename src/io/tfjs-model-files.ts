import { mkdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import * as tf from '@tensorflow/tfjs';
import { writeFileAtomic } from './atomic-write.js';

/**
 * Saves a LayersModel in the standard TensorFlow.js layers format (`model.json` + `weights.bin`), which
 * `tf.loadLayersModel` and tfjs-node's `file://` loader read. Pure tfjs has no file handler in Node,
 * so this is a save handler over the file system; weights are written before the manifest.
 */
export async function saveLayersModel(model: tf.LayersModel, dir: string): Promise<void> {
  await mkdir(dir, { recursive: true });
  await model.save(
    tf.io.withSaveHandler(async (artifacts) => {
      const weights = artifacts.weightData
        ? new Uint8Array(tf.io.concatenateArrayBuffers([artifacts.weightData].flat() as ArrayBuffer[]))
        : new Uint8Array();
      await writeFileAtomic(join(dir, 'weights.bin'), weights);
      const manifest = {
        format: artifacts.format ?? 'layers-model',
        generatedBy: artifacts.generatedBy,
        convertedBy: artifacts.convertedBy ?? null,
        modelTopology: artifacts.modelTopology,
        weightsManifest: [{ paths: ['weights.bin'], weights: artifacts.weightSpecs ?? [] }],
      };
      await writeFileAtomic(join(dir, 'model.json'), JSON.stringify(manifest));
      return { modelArtifactsInfo: { dateSaved: new Date(), modelTopologyType: 'JSON', weightDataBytes: weights.byteLength } };
    }),
  );
}

/** Loads a model written by saveLayersModel (custom layers must be registered first). */
export async function loadLayersModel(dir: string): Promise<tf.LayersModel> {
  const manifest = JSON.parse(await readFile(join(dir, 'model.json'), 'utf8'));
  const bin = await readFile(join(dir, 'weights.bin'));
  const weightData = bin.buffer.slice(bin.byteOffset, bin.byteOffset + bin.byteLength);
  return tf.loadLayersModel(
    tf.io.fromMemory({
      modelTopology: manifest.modelTopology,
      weightSpecs: manifest.weightsManifest.flatMap((g: { weights: tf.io.WeightsManifestEntry[] }) => g.weights),
      weightData,
    }),
  );
}
