import type { Shape } from '../shape.js';
import { formatShape } from '../shape.js';
import type { ShapeInput, ShapeProblem } from './layer-kind.js';

/** Checks that a layer's single input is an image [height, width, channels]. */
export function expectImage(type: string, input: ShapeInput, report: (p: ShapeProblem) => void): boolean {
  if (input.shape.length === 3) return true;
  report({
    code: 'graph/rank-mismatch',
    message: `${type} needs an image input [height,width,channels]; got ${formatShape(input.shape)} (${input.name})`,
    hint: 'feed it a 3-D output, or reshape first',
  });
  return false;
}

export interface WindowArgs {
  readonly type: string;
  readonly input: ShapeInput;
  readonly window: readonly [number, number];
  readonly strides: readonly [number, number];
  readonly dilation?: readonly [number, number];
  readonly padding: 'same' | 'valid';
  /** Spec keys of the window size and of the strides, for pointers. */
  readonly windowField: string;
  readonly stridesField: string;
  readonly report: (p: ShapeProblem) => void;
}

/** Output [height, width] of a sliding window (convolution or pooling), Keras semantics. */
export function windowOutput(a: WindowArgs): [number, number] | undefined {
  const [h, w] = a.input.shape;
  const dil = a.dilation ?? [1, 1];
  const eff = [0, 1].map((i) => (a.window[i] - 1) * dil[i] + 1);
  let ok = true;
  if (a.padding === 'valid' && (eff[0] > h || eff[1] > w)) {
    a.report({
      code: 'graph/kernel-too-large',
      field: a.windowField,
      message: `${a.type} window ${eff[0]}×${eff[1]} is larger than its input ${h}×${w} (${a.input.name}) with padding valid`,
      hint: 'use padding: same, a smaller window, or a larger input',
    });
    ok = false;
  }
  // Only windows that tile the input (window >= stride) with padding valid lose trailing rows/columns;
  // with same padding every pixel is used, and a window smaller than its stride skips pixels by design.
  if (a.padding === 'valid' && ok) {
    for (const [i, size] of [h, w].entries()) {
      const s = a.strides[i];
      const left = (size - eff[i]) % s;
      if (s > 1 && eff[i] >= s && left !== 0) {
        const what = i === 0 ? 'height' : 'width';
        a.report({
          code: 'graph/stride-not-dividing',
          field: a.stridesField,
          message: `${a.type} stride ${s} does not divide the ${what} ${size} of ${formatShape(a.input.shape)} (${a.input.name}): the last ${left} ${i === 0 ? 'row' : 'column'}${left > 1 ? 's are' : ' is'} dropped`,
          hint: `make the ${what} fit the window and stride (crop / zero_pad), use padding: same, or change the stride`,
        });
      }
    }
  }
  if (!ok) return undefined;
  const out = (size: number, i: number): number =>
    a.padding === 'same' ? Math.ceil(size / a.strides[i]) : Math.floor((size - eff[i]) / a.strides[i]) + 1;
  return [out(h, 0), out(w, 1)];
}

export function imageShape(hw: readonly [number, number], channels: number): Shape {
  return [hw[0], hw[1], channels];
}
