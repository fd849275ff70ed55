/**
 * The engine's caches, built so that a keystroke costs what the edited
 * document costs, whatever the size of the file:
 *
 * - Parsed segments are cached by their text in an LRU bounded by what they
 *   cost (each parse's measured weight: its text and the values read from
 *   it, roughly in bytes; not by entries: a long edit session on a large
 *   document must not keep thousands of stale versions of it), each keyed and parsed from a private
 *   copy of its text, so that a cached parse never holds on to the whole file
 *   it was cut from (a slice of a string keeps its parent alive).
 * - The placements of the last few texts are kept. The same text (the same
 *   string, as an editor's document returns it between edits) is placed again
 *   in O(1). A new text reuses the parses of a recent one wherever a segment
 *   sits at the same offset, or at the same distance from the end, with the
 *   same text: compared natively in place, without hashing the file.
 * - Findings are cached per parsed segment and settings key, and go with it.
 */
import { splitDocuments, type Segment } from './text';

/**
 * A copy of `s` that shares no storage with a larger string. (A concatenation
 * is flattened into fresh storage before it is sliced; the slice's parent is
 * that copy, one character longer than `s`.)
 */
export function ownCopy(s: string): string {
  return s.length < 13 ? s : (' ' + s).slice(1);
}

/** What the engine places: a segment with its (cached) parse. */
export interface Placed<P> {
  segment: Segment;
  parsed: P;
  firstDocument: number;
}

interface Recent<P> {
  text: string;
  placed: Placed<P>[];
  /** The weight of its segments' parses. */
  weight: number;
  byStart?: Map<number, Placed<P>>;
  byEnd?: Map<number, Placed<P>>;
}

export interface SegmentCacheOptions<P> {
  /** What a cached parse costs (about bytes); by default its text's length. */
  weigh: (parsed: P, text: string) => number;
  /** The parse cache holds parses of at least this weight … */
  minWeight: number;
  /** … or the heaviest recent file plus this much. */
  slackWeight: number;
  /** And never more entries than this. */
  maxEntries: number;
  /** Placements kept for reuse. */
  recent: number;
}

const DEFAULTS: SegmentCacheOptions<unknown> = { weigh: (_p, text) => text.length, minWeight: 1 << 20, slackWeight: 1 << 19, maxEntries: 4096, recent: 4 };

export class SegmentCache<P extends { docs: readonly unknown[] }> {
  private readonly opts: SegmentCacheOptions<P>;
  private map = new Map<string, P>();
  private keys = new WeakMap<P, string>();
  private weights = new WeakMap<P, number>();
  private weight = 0;
  private recent: Recent<P>[] = [];
  /** Counters for tests and the benchmark. */
  stats = { reused: 0, hashed: 0, parsed: 0 };

  constructor(opts: Partial<SegmentCacheOptions<P>> = {}) {
    this.opts = { ...(DEFAULTS as SegmentCacheOptions<P>), ...opts };
  }

  get size(): number {
    return this.map.size;
  }

  /** Placements of recent texts kept for reuse. */
  get placements(): number {
    return this.recent.length;
  }

  /** The weight of the parses the cache holds. */
  get totalWeight(): number {
    return this.weight;
  }

  /** The cached parse of a segment text (hashes the text: use for the few segments that changed). */
  get(text: string): P | undefined {
    this.stats.hashed++;
    const hit = this.map.get(text);
    if (hit !== undefined) this.touch(hit);
    return hit;
  }

  /** Caches a parse; `text` should be the private copy the parse was made from (see ownCopy). */
  set(text: string, parsed: P): void {
    const old = this.map.get(text);
    if (old !== undefined) {
      this.map.delete(text);
      this.weight -= this.weights.get(old) ?? 0;
    }
    const w = this.opts.weigh(parsed, text);
    this.map.set(text, parsed);
    this.keys.set(parsed, text);
    this.weights.set(parsed, w);
    this.weight += w;
    this.evict();
  }

  private weightOf(parsed: P): number {
    return this.weights.get(parsed) ?? 0;
  }

  /** Marks a parse as just used (O(1): the stored key's hash is cached by the engine). */
  private touch(parsed: P): void {
    const key = this.keys.get(parsed);
    if (key === undefined || !this.map.has(key)) return;
    this.map.delete(key);
    this.map.set(key, parsed);
  }

  /** What the cache may hold now: its weight budget and its number of entries. */
  get limits(): { weight: number; entries: number } {
    return { weight: this.budget(), entries: this.opts.maxEntries };
  }

  private budget(): number {
    let largest = 0;
    for (const r of this.recent) largest = Math.max(largest, r.weight);
    return Math.max(this.opts.minWeight, largest + this.opts.slackWeight);
  }

  private evict(): void {
    const budget = this.budget();
    while (this.map.size > 1 && (this.weight > budget || this.map.size > this.opts.maxEntries)) {
      const first = this.map.keys().next().value as string;
      const parsed = this.map.get(first)!;
      this.map.delete(first);
      this.weight -= this.weightOf(parsed);
    }
  }

  /**
   * Splits `text` into segments and gives each its parse: from a recent
   * placement where the segment is unchanged, else from `parse` (which is
   * expected to consult `get` and `set`).
   */
  place(text: string, parse: (segmentText: string) => P): Placed<P>[] {
    const i = this.recent.findIndex((r) => r.text === text);
    if (i >= 0) {
      const hit = this.recent[i];
      if (i > 0) {
        this.recent.splice(i, 1);
        this.recent.unshift(hit);
      }
      for (const p of hit.placed) this.touch(p.parsed);
      return hit.placed;
    }
    const out: Placed<P>[] = [];
    let doc = 0;
    let weight = 0;
    for (const segment of splitDocuments(text)) {
      let parsed = this.reuse(text, segment);
      if (parsed) {
        this.stats.reused++;
        this.touch(parsed);
      } else {
        this.stats.parsed++;
        parsed = parse(segment.text);
      }
      out.push({ segment, parsed, firstDocument: doc });
      doc += parsed.docs.length;
      weight += this.weightOf(parsed);
    }
    this.recent.unshift({ text, placed: out, weight });
    if (this.recent.length > this.opts.recent) this.recent.length = this.opts.recent;
    this.evict();
    return out;
  }

  /** The parse of an unchanged segment of a recent text, found by offset and compared in place. */
  private reuse(text: string, segment: Segment): P | undefined {
    const len = segment.end - segment.start;
    const fromEnd = text.length - segment.end;
    for (const r of this.recent) {
      if (!r.byStart) {
        r.byStart = new Map();
        r.byEnd = new Map();
        for (const p of r.placed) {
          r.byStart.set(p.segment.start, p);
          r.byEnd!.set(r.text.length - p.segment.end, p);
        }
      }
      for (const p of [r.byStart.get(segment.start), r.byEnd!.get(fromEnd)]) {
        // Equal lengths, then a native comparison of the two slices (startsWith compares char by char, far slower).
        if (p && p.segment.end - p.segment.start === len && p.segment.text === segment.text) return p.parsed;
      }
    }
    return undefined;
  }

  clear(): void {
    this.map.clear();
    this.keys = new WeakMap();
    this.weights = new WeakMap();
    this.weight = 0;
    this.recent = [];
  }
}

/** Findings per parsed segment and settings key; they live as long as the parse. */
export class FindingsCache<P extends object, F> {
  private map = new WeakMap<P, Map<string, F>>();
  get(parsed: P, key: string): F | undefined {
    return this.map.get(parsed)?.get(key);
  }
  set(parsed: P, key: string, value: F): void {
    let m = this.map.get(parsed);
    if (!m) this.map.set(parsed, (m = new Map()));
    // Only a few settings are ever live at once (a settings change re-checks everything).
    if (m.size >= 4 && !m.has(key)) m.delete(m.keys().next().value as string);
    m.set(key, value);
  }
  clear(): void {
    this.map = new WeakMap();
  }
}
