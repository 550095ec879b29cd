import { existsSync, readdirSync, statSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';

/**
 * Spec arguments as files: a file stays, a folder becomes its *.yaml / *.yml files (recursively, skipping
 * `blocks/` libraries), and a quoted glob (`'experiments/**\/*.yaml'`) is expanded here for shells without
 * globstar. A pattern matching nothing stays as is, so its "no such file" is reported.
 */
export function expandSpecArgs(args: readonly string[], cwd: string): string[] {
  const out: string[] = [];
  for (const arg of args) {
    const abs = resolve(cwd, arg);
    if (existsSync(abs) && statSync(abs).isDirectory())
      out.push(...yamlFilesUnder(abs).map((f) => relative(cwd, f)));
    else if (!existsSync(abs) && /[*?]/.test(arg)) {
      const matches = globFiles(arg, cwd);
      out.push(...(matches.length > 0 ? matches : [arg]));
    } else out.push(arg);
  }
  return [...new Set(out)];
}

function yamlFilesUnder(dir: string, skipBlocks = true): string[] {
  return readdirSync(dir, { withFileTypes: true })
    .sort((a, b) => (a.name < b.name ? -1 : 1))
    .flatMap((e) => {
      const p = join(dir, e.name);
      if (e.isDirectory()) return skipBlocks && e.name === 'blocks' ? [] : yamlFilesUnder(p, skipBlocks);
      return /\.ya?ml$/.test(e.name) ? [p] : [];
    });
}

function globFiles(pattern: string, cwd: string): string[] {
  const parts = pattern.split('/');
  const firstGlob = parts.findIndex((p) => /[*?]/.test(p));
  const baseDir = resolve(cwd, parts.slice(0, firstGlob).join('/') || '.');
  if (!existsSync(baseDir)) return [];
  const re = new RegExp(`^${globToRegex(parts.slice(firstGlob).join('/'))}$`);
  return yamlFilesUnder(baseDir, false)
    .filter((f) => re.test(relative(baseDir, f).split('\\').join('/')))
    .map((f) => relative(cwd, f));
}

function globToRegex(glob: string): string {
  let re = '';
  for (let i = 0; i < glob.length; i++) {
    const c = glob[i];
    if (c === '*' && glob[i + 1] === '*') {
      re += glob[i + 2] === '/' ? '(?:.*/)?' : '.*';
      i += glob[i + 2] === '/' ? 2 : 1;
    } else if (c === '*') re += '[^/]*';
    else if (c === '?') re += '[^/]';
    else re += c.replace(/[.+^${}()|[\]\\]/g, '\\$&');
  }
  return re;
}
