/** Reads the lines added to a growing log file since the last call (for progress lines of Slurm trials). */
import { open } from 'node:fs/promises';

export class LogTail {
  private offset: number;
  private partial = '';

  constructor(
    private readonly path: string,
    startAt = 0,
  ) {
    this.offset = startAt;
  }

  async readLines(): Promise<string[]> {
    let fh;
    try {
      fh = await open(this.path, 'r');
    } catch {
      return [];
    }
    try {
      const { size } = await fh.stat();
      if (size < this.offset) this.offset = 0; // truncated or replaced
      if (size === this.offset) return [];
      const buf = Buffer.alloc(Math.min(size - this.offset, 4 * 1024 * 1024));
      const { bytesRead } = await fh.read(buf, 0, buf.length, this.offset);
      this.offset += bytesRead;
      const lines = (this.partial + buf.subarray(0, bytesRead).toString('utf8')).split('\n');
      this.partial = lines.pop() ?? '';
      return lines;
    } finally {
      await fh.close();
    }
  }
}
