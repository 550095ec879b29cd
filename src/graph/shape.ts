/** Shape of one sample (the batch dimension left out), e.g. [32, 32, 1]. */
export type Shape = readonly number[];

export function formatShape(shape: Shape): string {
  return `[${shape.join(',')}]`;
}

export function sameShape(a: Shape, b: Shape): boolean {
  return a.length === b.length && a.every((d, i) => d === b[i]);
}

export function elementCount(shape: Shape): number {
  return shape.reduce((n, d) => n * d, 1);
}

/** An integer-or-[h, w] spec value as [h, w]. */
export function pair(v: number | readonly number[]): [number, number] {
  return typeof v === 'number' ? [v, v] : [v[0], v[1]];
}

/** Crop / pad amounts (int, [h, w] or [[top, bottom], [left, right]]) as [[top, bottom], [left, right]]. */
export function borders(
  v: number | readonly (number | readonly number[])[],
): [[number, number], [number, number]] {
  if (typeof v === 'number')
    return [
      [v, v],
      [v, v],
    ];
  const side = (x: number | readonly number[]): [number, number] =>
    typeof x === 'number' ? [x, x] : [x[0], x[1]];
  return [side(v[0]), side(v[1])];
}

/** Resolves a spec axis (1-based over the sample, or negative from the end) to an index into a Shape. */
export function sampleAxis(axis: number, rank: number): number {
  return axis < 0 ? rank + axis : axis - 1;
}

const DIM_NAMES = ['height', 'width', 'channels'];

/** "heights" / "widths" / "channels" for rank-3 image shapes, "sizes of axis n" otherwise. */
export function dimName(index: number, rank: number): string {
  if (rank === 3) return index === 2 ? DIM_NAMES[2] : `${DIM_NAMES[index]}s`;
  return `sizes of axis ${index + 1}`;
}
