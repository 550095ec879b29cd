/**
 * The benchmark's task files: verification pairs (`verif_pos|neg_intra|neg_inter_split-X.csv`, header
 * `s1,t1,idx1,s2,t2,idx2`, t = image id 0–5 with 0 = ref) and retrieval lists (`retr_queries|distractors_split-X.csv`,
 * header `s,idx`, indices into `ref`). Held column-wise with sequence names interned, since the real
 * verification files have 1,000,000 rows each.
 */
import { readFile } from 'node:fs/promises';
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { writeFileAtomic } from '../../io/atomic-write.js';

export const VERIFICATION_KINDS = ['pos', 'neg_intra', 'neg_inter'] as const;
export type VerificationKind = (typeof VERIFICATION_KINDS)[number];
export const RETRIEVAL_KINDS = ['queries', 'distractors'] as const;
export type RetrievalKind = (typeof RETRIEVAL_KINDS)[number];

export interface VerificationPairs {
  /** Sequence names; `s1`/`s2` index into it. */
  readonly names: readonly string[];
  readonly s1: Uint32Array;
  readonly t1: Uint8Array;
  readonly idx1: Int32Array;
  readonly s2: Uint32Array;
  readonly t2: Uint8Array;
  readonly idx2: Int32Array;
}

export interface PatchList {
  readonly names: readonly string[];
  readonly s: Uint32Array;
  readonly idx: Int32Array;
}

export interface VerificationTasks {
  readonly pos: VerificationPairs;
  readonly neg_intra: VerificationPairs;
  readonly neg_inter: VerificationPairs;
}

export interface RetrievalTasks {
  readonly queries: PatchList;
  readonly distractors: PatchList;
}

export const verificationFileName = (kind: VerificationKind, split: string): string =>
  `verif_${kind}_split-${split}.csv`;
export const retrievalFileName = (kind: RetrievalKind, split: string): string =>
  `retr_${kind}_split-${split}.csv`;

/** Folder of the task files shipped with trellis (split 'a' retrieval), in the source tree or next to the build. */
export function shippedTaskDir(): string {
  let dir = dirname(fileURLToPath(import.meta.url));
  for (let up = 0; up < 6; up++) {
    for (const candidate of [join(dir, 'tasks'), join(dir, 'src', 'eval', 'hpatches', 'tasks')]) {
      if (existsSync(join(candidate, retrievalFileName('queries', 'a')))) return candidate;
    }
    dir = dirname(dir);
  }
  throw new Error(
    'hpatches: the shipped task files (src/eval/hpatches/tasks/) are missing from this installation',
  );
}

class Interner {
  readonly names: string[] = [];
  private readonly ids = new Map<string, number>();
  id(name: string): number {
    let id = this.ids.get(name);
    if (id === undefined) {
      id = this.names.length;
      this.ids.set(name, id);
      this.names.push(name);
    }
    return id;
  }
}

function splitRows(text: string, path: string, header: string): string[] {
  const lines = text.split(/\r?\n/);
  while (lines.length > 0 && lines[lines.length - 1] === '') lines.pop();
  if (lines[0]?.trim() !== header) {
    throw new Error(
      `${path}:1: expected the header "${header}", found "${lines[0] ?? ''}"; is this a benchmark task file?`,
    );
  }
  return lines.slice(1);
}

function parseIndex(text: string, path: string, line: number, column: string, max: number): number {
  const v = Number(text);
  if (!Number.isInteger(v) || v < 0 || v > max) {
    throw new Error(`${path}:${line}: column ${column} is "${text}"; expected an integer 0–${max}`);
  }
  return v;
}

export function parseVerificationCsv(text: string, path: string): VerificationPairs {
  const rows = splitRows(text, path, 's1,t1,idx1,s2,t2,idx2');
  const n = rows.length;
  const names = new Interner();
  const out = {
    s1: new Uint32Array(n),
    t1: new Uint8Array(n),
    idx1: new Int32Array(n),
    s2: new Uint32Array(n),
    t2: new Uint8Array(n),
    idx2: new Int32Array(n),
  };
  for (let r = 0; r < n; r++) {
    const c = rows[r].split(',');
    if (c.length !== 6)
      throw new Error(`${path}:${r + 2}: expected 6 columns s1,t1,idx1,s2,t2,idx2, found ${c.length}`);
    out.s1[r] = names.id(c[0]);
    out.t1[r] = parseIndex(c[1], path, r + 2, 't1', 5);
    out.idx1[r] = parseIndex(c[2], path, r + 2, 'idx1', 2 ** 31 - 1);
    out.s2[r] = names.id(c[3]);
    out.t2[r] = parseIndex(c[4], path, r + 2, 't2', 5);
    out.idx2[r] = parseIndex(c[5], path, r + 2, 'idx2', 2 ** 31 - 1);
  }
  return { names: names.names, ...out };
}

export function parsePatchListCsv(text: string, path: string): PatchList {
  const rows = splitRows(text, path, 's,idx');
  const names = new Interner();
  const s = new Uint32Array(rows.length);
  const idx = new Int32Array(rows.length);
  for (let r = 0; r < rows.length; r++) {
    const c = rows[r].split(',');
    if (c.length !== 2) throw new Error(`${path}:${r + 2}: expected 2 columns s,idx, found ${c.length}`);
    s[r] = names.id(c[0]);
    idx[r] = parseIndex(c[1], path, r + 2, 'idx', 2 ** 31 - 1);
  }
  return { names: names.names, s, idx };
}

export function formatVerificationCsv(p: VerificationPairs): string {
  const parts = ['s1,t1,idx1,s2,t2,idx2\n'];
  for (let r = 0; r < p.s1.length; r++) {
    parts.push(`${p.names[p.s1[r]]},${p.t1[r]},${p.idx1[r]},${p.names[p.s2[r]]},${p.t2[r]},${p.idx2[r]}\n`);
  }
  return parts.join('');
}

export function formatPatchListCsv(p: PatchList): string {
  const parts = ['s,idx\n'];
  for (let r = 0; r < p.s.length; r++) parts.push(`${p.names[p.s[r]]},${p.idx[r]}\n`);
  return parts.join('');
}

async function readTaskFile(dir: string, file: string): Promise<{ text: string; path: string }> {
  const path = join(dir, file);
  try {
    return { text: await readFile(path, 'utf8'), path };
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') {
      throw new Error(
        `${path}: task file not found; put the benchmark's ${file} there, or leave evaluation.task_dir unset to generate task files`,
      );
    }
    throw err;
  }
}

export async function readVerificationTasks(dir: string, split: string): Promise<VerificationTasks> {
  const [pos, neg_intra, neg_inter] = await Promise.all(
    VERIFICATION_KINDS.map(async (k) => {
      const { text, path } = await readTaskFile(dir, verificationFileName(k, split));
      return parseVerificationCsv(text, path);
    }),
  );
  return { pos, neg_intra, neg_inter };
}

export async function readRetrievalTasks(dir: string, split: string): Promise<RetrievalTasks> {
  const [queries, distractors] = await Promise.all(
    RETRIEVAL_KINDS.map(async (k) => {
      const { text, path } = await readTaskFile(dir, retrievalFileName(k, split));
      return parsePatchListCsv(text, path);
    }),
  );
  return { queries, distractors };
}

/** Writes task files atomically, each readable by the benchmark's own `pd.read_csv`. */
export async function writeTaskFiles(
  dir: string,
  split: string,
  tasks: { verification?: VerificationTasks; retrieval?: RetrievalTasks },
): Promise<void> {
  const writes: Promise<void>[] = [];
  if (tasks.verification) {
    for (const k of VERIFICATION_KINDS)
      writes.push(
        writeFileAtomic(
          join(dir, verificationFileName(k, split)),
          formatVerificationCsv(tasks.verification[k]),
        ),
      );
  }
  if (tasks.retrieval) {
    for (const k of RETRIEVAL_KINDS)
      writes.push(
        writeFileAtomic(join(dir, retrievalFileName(k, split)), formatPatchListCsv(tasks.retrieval[k])),
      );
  }
  await Promise.all(writes);
}
