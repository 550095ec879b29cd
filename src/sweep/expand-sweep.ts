import { createRng } from '../random/seeded-rng.js';
import type { Rng } from '../random/seeded-rng.js';
import type { ExperimentSpec } from '../schema/generated/experiment.js';
import { childPointer, isPlainObject, parseSpecPath, setAtPath } from '../spec/json-pointer.js';

/** One variation of a spec. */
export interface TrialConfig {
  /** Swept path → value, in sweep order (grid, zip, random; each in declaration order). */
  readonly overrides: Readonly<Record<string, unknown>>;
  /** The spec with the overrides applied and without `sweep` (a new object; defaults not re-applied). */
  readonly spec: ExperimentSpec;
  /** Swept path → pointer into the original spec of the sweep entry that gave the value (for messages). */
  readonly origins: Readonly<Record<string, string>>;
}

type Assignment = { path: string; value: unknown; origin: string };

/**
 * Expands `sweep:` into trials: every grid point (first path varies slowest) × every zip position × every
 * random sample. A spec without a sweep is one trial with no overrides. Expects a spec whose sweep passed
 * validation (paths exist, zip lists of equal length); throws on a path it cannot set.
 */
export function expandSweep(spec: ExperimentSpec): TrialConfig[] {
  const sweep = isPlainObject(spec.sweep) ? (spec.sweep as Record<string, unknown>) : {};
  const axes: Assignment[][][] = [
    ...gridAxes(sweep.grid),
    zipAxis(sweep.zip),
    randomAxis(sweep.random, typeof spec.seed === 'number' ? spec.seed : 0),
  ].filter((axis) => axis.length > 0);
  const { sweep: _dropped, ...base } = spec as ExperimentSpec & { sweep?: unknown };
  return cartesian(axes).map((choice) => {
    const assignments = choice.flat();
    const trial = structuredClone(base) as Record<string, unknown>;
    const overrides: Record<string, unknown> = {};
    const origins: Record<string, string> = {};
    for (const { path, value, origin } of assignments) {
      const segments = parseSpecPath(path);
      const problem = segments
        ? setAtPath(trial, segments, structuredClone(value))
        : `"${path}" is not a spec path`;
      if (problem) throw new Error(`sweep path ${path}: ${problem}`);
      overrides[path] = value;
      origins[path] = origin;
    }
    return { overrides, spec: trial as unknown as ExperimentSpec, origins };
  });
}

/** One axis per grid path: its values. */
function gridAxes(grid: unknown): Assignment[][][] {
  if (!isPlainObject(grid)) return [];
  return Object.entries(grid).map(([path, values]) =>
    (values as unknown[]).map((value, i) => [
      { path, value, origin: childPointer(childPointer('/sweep/grid', path), i) },
    ]),
  );
}

/** One axis whose positions set every zip path at once. */
function zipAxis(zip: unknown): Assignment[][] {
  if (!isPlainObject(zip)) return [];
  const lists = Object.entries(zip) as [string, unknown[]][];
  const length = Math.min(...lists.map(([, v]) => v.length));
  return Array.from({ length: lists.length > 0 ? length : 0 }, (_, i) =>
    lists.map(([path, values]) => ({
      path,
      value: values[i],
      origin: childPointer(childPointer('/sweep/zip', path), i),
    })),
  );
}

/** One axis of `count` samples; each parameter draws from its own stream forked from the seed. */
function randomAxis(random: unknown, fallbackSeed: number): Assignment[][] {
  if (!isPlainObject(random)) return [];
  const count = Number(random.count);
  const seed = typeof random.seed === 'number' ? random.seed : fallbackSeed;
  const params = Object.entries(isPlainObject(random.params) ? random.params : {});
  const rng = createRng(seed);
  const draws = params.map(([path, dist]) => {
    const stream = rng.fork(path);
    return Array.from({ length: count }, () => draw(dist as Record<string, unknown>, stream));
  });
  return Array.from({ length: count }, (_, i) =>
    params.map(([path], p) => ({
      path,
      value: draws[p][i],
      origin: childPointer('/sweep/random/params', path),
    })),
  );
}

function draw(dist: Record<string, unknown>, rng: Rng): unknown {
  const min = Number(dist.min);
  const max = Number(dist.max);
  switch (dist.type) {
    case 'uniform':
      return round6(min + (max - min) * rng.next());
    case 'log_uniform':
      return round6(Math.exp(Math.log(min) + (Math.log(max) - Math.log(min)) * rng.next()));
    case 'int':
      return min + rng.int(max - min + 1);
    case 'choice': {
      const values = dist.values as unknown[];
      return values[rng.int(values.length)];
    }
    default:
      throw new Error(`unknown distribution ${String(dist.type)}`);
  }
}

// Six significant digits keep drawn values readable in names and tables, and absorb last-bit differences
// in Math.exp / Math.log between platforms, so ids stay stable.
function round6(x: number): number {
  return Number(x.toPrecision(6));
}

function cartesian<T>(axes: readonly T[][]): T[][] {
  return axes.reduce<T[][]>((acc, axis) => acc.flatMap((prefix) => axis.map((v) => [...prefix, v])), [[]]);
}
