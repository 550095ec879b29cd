import * as tf from '@tensorflow/tfjs';

/** One tensor's place in a weights file: its name (informative only), shape; data follows in order. */
export interface TensorEntry {
  readonly name: string;
  readonly shape: readonly number[];
}

/**
 * Packs float32 tensors into one little-endian byte block (the layout of TF.js weight files, without the
 * model topology: the spec is the topology). Shapes and names go in the JSON beside it.
 */
export function encodeTensors(
  tensors: readonly tf.Tensor[],
  names?: readonly string[],
): { entries: TensorEntry[]; data: Uint8Array } {
  const total = tensors.reduce((sum, t) => sum + t.size, 0);
  const out = new Float32Array(total);
  let offset = 0;
  const entries = tensors.map((t, i) => {
    if (t.dtype !== 'float32')
      throw new Error(`cannot store tensor ${names?.[i] ?? i}: dtype ${t.dtype}, only float32 is supported`);
    out.set(t.dataSync() as Float32Array, offset);
    offset += t.size;
    return { name: names?.[i] ?? String(i), shape: [...t.shape] };
  });
  return { entries, data: new Uint8Array(out.buffer) };
}

/** Unpacks `encodeTensors`' block; `where` names the file in errors. */
export function decodeTensors(entries: readonly TensorEntry[], data: Uint8Array, where: string): tf.Tensor[] {
  const sizes = entries.map((e) => e.shape.reduce((a, b) => a * b, 1));
  const expected = sizes.reduce((a, b) => a + b, 0) * 4;
  if (data.byteLength !== expected) {
    throw new Error(
      `${where}: ${data.byteLength} bytes, but its manifest describes ${expected}; the file is truncated or from another model — delete it and train again`,
    );
  }
  // Copy: a Buffer read from disk need not be 4-byte aligned.
  const floats = new Float32Array(data.buffer.slice(data.byteOffset, data.byteOffset + data.byteLength));
  let offset = 0;
  return entries.map((e, i) => {
    const t = tf.tensor(floats.subarray(offset, offset + sizes[i]), [...e.shape], 'float32');
    offset += sizes[i];
    return t;
  });
}
