import { createRng } from '../random/seeded-rng.js';
import type { Rng } from '../random/seeded-rng.js';
import type {
  ExperimentSpec,
  Sweep,
  SweepDistribution,
  SweepGrid,
  SweepRandom,
  SweepZip,
} from '../schema/generated/experiment.js';
import { childPointer, parseSpecPath, setAtPath } from '../spec/json-pointer.js';

/** One variation of a spec. */
export interface TrialConfig {
  /** Swept path → value, in sweep order (grid, zip, random; each in declaration order). */
  readonly overrides: Readonly<Record<string, unknown>>;
  /** The spec with the overrides applied and without `sweep` (a new object; defaults not re-applied). */
  readonly spec: ExperimentSpec;
  /** Swept path → pointer into the original spec of the sweep entry that gave the value (for messages). */
  readonly origins: Readonly<Record<string, string>>;
}

/** The generated union includes undefined (from the map's index signature); a drawn parameter has one. */
type Distribution = NonNullable<SweepDistribution>;

type Assignment = { path: string; value: unknown; origin: string };

/**
 * Expands `sweep:` into trials: every grid point (first path varies slowest) × every zip position × every
 * random sample. A spec without a sweep is one trial with no overrides. Expects a spec whose sweep passed
 * validation (paths exist, zip lists of equal length); throws on a path it cannot set.
 */
export function expandSweep(spec: ExperimentSpec): TrialConfig[] {
  const sweep: Sweep = spec.sweep ?? {};
  const axes: Assignment[][][] = [
    ...gridAxes(sweep.grid ?? {}),
    zipAxis(sweep.zip ?? {}),
    sweep.random ? randomAxis(sweep.random, spec.seed ?? 0) : [],
  ].filter((axis) => axis.length > 0);
  const { sweep: _dropped, ...base } = spec;
  return cartesian(axes).map((choice) => {
    const trial = structuredClone(base) as Record<string, unknown>;
    const overrides: Record<string, unknown> = {};
    const origins: Record<string, string> = {};
    for (const { path, value, origin } of choice.flat()) {
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
function gridAxes(grid: SweepGrid): Assignment[][][] {
  return Object.entries(grid).map(([path, values = []]) =>
    values.map((value, i) => [{ path, value, origin: childPointer(childPointer('/sweep/grid', path), i) }]),
  );
}

/** One axis whose positions set every zip path at once. */
function zipAxis(zip: SweepZip): Assignment[][] {
  const lists = Object.entries(zip).map(([path, values = []]) => [path, values] as const);
  if (lists.length === 0) return [];
  const length = Math.min(...lists.map(([, v]) => v.length));
  return Array.from({ length }, (_, i) =>
    lists.map(([path, values]) => ({
      path,
      value: values[i],
      origin: childPointer(childPointer('/sweep/zip', path), i),
    })),
  );
}

/** One axis of `count` samples; each parameter draws from its own stream forked from the seed. */
function randomAxis(random: SweepRandom, fallbackSeed: number): Assignment[][] {
  const params = Object.entries(random.params).filter((e): e is [string, Distribution] => e[1] !== undefined);
  const rng = createRng(random.seed ?? fallbackSeed);
  const draws = params.map(([path, dist]) => {
    const stream = rng.fork(path);
    return Array.from({ length: random.count }, () => draw(dist, stream));
  });
  return Array.from({ length: random.count }, (_, i) =>
    params.map(([path], p) => ({
      path,
      value: draws[p][i],
      origin: childPointer('/sweep/random/params', path),
    })),
  );
}

function draw(dist: Distribution, rng: Rng): unknown {
  switch (dist.type) {
    case 'uniform':
      return round6(dist.min + (dist.max - dist.min) * rng.next());
    case 'log_uniform': {
      const [lo, hi] = [Math.log(dist.min), Math.log(dist.max)];
      return round6(Math.exp(lo + (hi - lo) * rng.next()));
    }
    case 'int':
      return dist.min + rng.int(dist.max - dist.min + 1);
    case 'choice':
      return dist.values[rng.int(dist.values.length)];
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
