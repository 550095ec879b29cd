import { main } from '../../src/cli/main.js';

/** Runs `trellis <argv>` in-process and captures what it prints. */
export async function runCli(
  argv: string[],
  cwd = process.cwd(),
): Promise<{ code: number; out: string; err: string }> {
  let out = '';
  let err = '';
  const code = await main(argv, { out: (t) => void (out += t), err: (t) => void (err += t), cwd });
  return { code, out, err };
}
