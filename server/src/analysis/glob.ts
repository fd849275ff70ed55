/**
 * The `ignore` globs of `.podpatterns.yaml`: `*`, `?`, `**`, `[…]` and
 * `{a,b}`, matched against `/`-separated paths relative to the configuration's
 * folder, as in .gitignore: a pattern without a slash (a trailing one aside)
 * matches at any depth, and a pattern that matches a folder ignores everything
 * below it.
 *
 * Each path segment of a pattern is compiled by picomatch (its POSIX build:
 * pure JavaScript, no Node built-ins, so the core still runs in a browser);
 * `**` segments are matched here, segment by segment, with one back-tracking
 * point (as `*` in classic wildcard matching), so a path of S segments costs
 * at most (pattern segments × S) segment tests.
 *
 * What a stranger's configuration may write is bounded, because a glob is a
 * regular expression in disguise: `*a*a*a*a*a*b` backtracks as the name's
 * length to the power of its stars. A segment may hold at most
 * MAX_WILDCARDS `*` runs and `{…}` groups together; a pattern that breaks a
 * limit, or that picomatch cannot compile, is refused with a message (the
 * configuration reports it at the pattern) and matches nothing.
 */
import picomatch from 'picomatch/posix';

/** `*` runs and `{…}` groups one path segment of a pattern may hold. */
export const MAX_WILDCARDS = 3;
/** Characters a pattern may have. */
export const MAX_PATTERN_LENGTH = 512;

export type PathMatcher = (relativePath: string) => boolean;

export type CompiledGlob = { match: PathMatcher; error?: undefined } | { error: string; match?: undefined };

/** Work counter for tests: segment tests made by matchers. */
export const globWork = { segmentTests: 0 };

type Segment = { globstar: true } | { globstar: false; re: RegExp };

const GLOBSTAR: Segment = { globstar: true };

/** Compiles an `ignore` glob, or says why it cannot be used. */
export function compileGlob(glob: string): CompiledGlob {
  if (glob.length > MAX_PATTERN_LENGTH) return { error: `The pattern is longer than ${MAX_PATTERN_LENGTH} characters` };
  let g = glob;
  while (g.startsWith('./')) g = g.slice(2);
  const anchored = /^\/|.\/./.test(g);
  while (g.startsWith('/')) g = g.slice(1);
  while (g.endsWith('/')) g = g.slice(0, -1);
  if (!g) return { error: 'The pattern is empty' };
  const split = splitSegments(g);
  if ('error' in split) return { error: split.error };
  const segments: Segment[] = anchored ? [] : [GLOBSTAR];
  for (const s of split.segments) {
    if (s === '**') {
      // `a/**/**/b` is `a/**/b`.
      if (segments[segments.length - 1] !== GLOBSTAR) segments.push(GLOBSTAR);
      continue;
    }
    const wildcards = countWildcards(s);
    if (wildcards > MAX_WILDCARDS)
      return { error: `"${s}" holds ${wildcards} wildcards (* and {…}); a path segment may hold at most ${MAX_WILDCARDS}, so that matching stays fast on long names` };
    let re: RegExp;
    try {
      // Parentheses, `|` and a leading `!` are plain characters in an ignore list, as in .gitignore:
      // escaped, picomatch reads no regular-expression groups or extglobs into them.
      re = picomatch.makeRe(literalGroups(s), { dot: true, debug: true });
    } catch (e) {
      // picomatch's message quotes the regular expression it built; what went wrong is after it.
      const why = (e instanceof Error ? e.message : String(e)).replace(/^.*\/: /s, '');
      return { error: `"${s}" is not a valid glob (${why})` };
    }
    segments.push({ globstar: false, re });
  }
  // Whatever is below a matched folder is matched too.
  if (segments[segments.length - 1] !== GLOBSTAR) segments.push(GLOBSTAR);
  return { match: (p) => matchSegments(segments, p.split('/').filter((x) => x !== '' && x !== '.')) };
}

/** Splits at `/` outside `[…]` and `{…}`; a `/` inside braces is refused (alternatives of whole paths: write several patterns). */
function splitSegments(g: string): { segments: string[] } | { error: string } {
  const segments: string[] = [];
  let depth = 0;
  let bracket = false;
  let start = 0;
  for (let i = 0; i < g.length; i++) {
    const c = g[i];
    if (c === '\\') {
      i++;
      continue;
    }
    if (bracket) {
      if (c === ']') bracket = false;
      continue;
    }
    if (c === '[') bracket = true;
    else if (c === '{') depth++;
    else if (c === '}' && depth > 0) depth--;
    else if (c === '/') {
      if (depth > 0) return { error: 'A "/" inside {…} is not supported: write one pattern per alternative' };
      if (i > start) segments.push(g.slice(start, i));
      start = i + 1;
    }
  }
  if (depth > 0) return { error: `"${g}": a { is not closed` };
  if (bracket) return { error: `"${g}": a [ is not closed (write \\[ for the character itself)` };
  if (start < g.length) segments.push(g.slice(start));
  return { segments };
}

/** `*` runs and `{` groups outside brackets, escapes skipped. */
function countWildcards(s: string): number {
  let n = 0;
  let bracket = false;
  for (let i = 0; i < s.length; i++) {
    const c = s[i];
    if (c === '\\') {
      i++;
      continue;
    }
    if (bracket) {
      if (c === ']') bracket = false;
    } else if (c === '[') bracket = true;
    else if (c === '{') n++;
    else if (c === '*' && s[i - 1] !== '*') n++;
  }
  return n;
}

/** Escapes `(`, `)`, `|` and a leading `!` (not already escaped). */
function literalGroups(s: string): string {
  let out = '';
  for (let i = 0; i < s.length; i++) {
    const c = s[i];
    if (c === '\\') {
      out += s.slice(i, i + 2);
      i++;
    } else if (c === '(' || c === ')' || c === '|' || (c === '!' && i === 0)) out += '\\' + c;
    else out += c;
  }
  return out;
}

/**
 * Segment-level wildcard matching: a non-`**` pattern segment matches exactly
 * one path segment, `**` any number; greedy with one back-tracking point, which
 * is exact for a single kind of star and costs at most pattern × path tests.
 */
function matchSegments(pattern: Segment[], path: string[]): boolean {
  let p = 0;
  let s = 0;
  let starP = -1;
  let starS = 0;
  while (s < path.length) {
    const seg = pattern[p];
    if (seg?.globstar) {
      starP = p++;
      starS = s;
      continue;
    }
    if (seg) {
      globWork.segmentTests++;
      if (seg.re.test(path[s])) {
        p++;
        s++;
        continue;
      }
    }
    if (starP < 0) return false;
    p = starP + 1;
    s = ++starS;
  }
  while (p < pattern.length && pattern[p].globstar) p++;
  return p === pattern.length;
}
