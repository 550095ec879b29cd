import type { SpecIssue } from '../diagnostics/issue.js';

/** Where a layer (or block use) was written, for diagnostics. */
export interface Site {
  /** The model layer the user wrote: the layer itself or the block use that made it. */
  readonly pointer: string;
  /** For layers made by blocks: the layer in the block definition, innermost first, then the enclosing blocks' uses. */
  readonly related: readonly string[];
  /** Block names from the outermost use inward; empty for a layer written in the model. */
  readonly blocks: readonly string[];
}

/** An issue about `site`, at `suffix` inside the layer (e.g. '/inputs/1'): model layers get it in the pointer, block layers in `related`. */
export function issueAt(
  site: Site,
  suffix: string,
  issue: Omit<SpecIssue, 'pointer' | 'related'>,
): SpecIssue {
  const { hint, ...rest } = issue;
  const base = hint === undefined ? rest : { ...rest, hint };
  if (site.related.length === 0) return { ...base, pointer: site.pointer + suffix };
  const [inner, ...outer] = site.related;
  return { ...base, pointer: site.pointer, related: [inner + suffix, ...outer] };
}

/** A reference to a layer output, resolved after every layer of the model is known (forward references are allowed). */
export type InputRef =
  | { readonly kind: 'node'; readonly name: string }
  | {
      readonly kind: 'name';
      readonly text: string;
      readonly scope: Scope;
      readonly site: Site;
      readonly at: string;
    }
  | { readonly kind: 'broken' };

export const BROKEN: InputRef = { kind: 'broken' };

/**
 * The names visible in a model or in one use of a block. Ids are scoped per use (`<use>/<id>`); every
 * scope also knows its descendants by relative path (`enc1/features`), so lookups walk outward only.
 */
export class Scope {
  /** Local name → full layer name; null for a name whose layer failed (already reported). */
  readonly names = new Map<string, string | null>();
  private readonly firstSite = new Map<string, Site>();
  private readonly counters = new Map<string, number>();
  /** Explicit ids of the list being expanded, so automatic names avoid them. */
  readonly reserved = new Set<string>();
  /** The block's entry (inside a block use), named `entry`. */
  entry?: InputRef;

  constructor(
    readonly prefix: string,
    readonly parent?: Scope,
  ) {}

  child(id: string): Scope {
    return new Scope(this.prefix ? `${this.prefix}/${id}` : id, this);
  }

  fullName(id: string): string {
    return this.prefix ? `${this.prefix}/${id}` : id;
  }

  /** `<base>_<n>` not yet taken here. */
  autoId(base: string): string {
    for (;;) {
      const n = (this.counters.get(base) ?? 0) + 1;
      this.counters.set(base, n);
      const id = `${base}_${n}`;
      if (!this.names.has(id) && !this.reserved.has(id)) return id;
    }
  }

  /** Defines a local name here and its relative paths in every enclosing scope; returns the earlier site on a clash. */
  define(id: string, target: string | null, site: Site): Site | undefined {
    const earlier = this.firstSite.get(id);
    if (earlier) return earlier;
    this.firstSite.set(id, site);
    let path = id;
    for (const s of this.chain()) {
      if (!s.names.has(path)) s.names.set(path, target);
      const tail = s.prefix.split('/').pop();
      path = `${tail}/${path}`;
    }
    return undefined;
  }

  /** Looks a name up from this scope outward; `entry` is the block's input. */
  lookup(text: string): { found: true; ref: InputRef | string | null } | { found: false } {
    for (const s of this.chain()) {
      if (s.names.has(text)) return { found: true, ref: s.names.get(text)! };
      if (text === 'entry' && s.entry) return { found: true, ref: s.entry };
    }
    return { found: false };
  }

  /** This scope and its enclosing ones, innermost first. */
  private chain(): Scope[] {
    const out: Scope[] = [this];
    for (let s = this.parent; s; s = s.parent) out.push(s);
    return out;
  }

  /** Every name visible from here, for suggestions. */
  visibleNames(): string[] {
    const out = new Set<string>();
    for (const s of this.chain()) {
      for (const k of s.names.keys()) out.add(k);
      if (s.entry) out.add('entry');
    }
    return [...out];
  }
}
