/**
 * The cases of a run, deterministic for a seed:
 *  (a) the project's fixtures (annotation lines stripped as the fixture harness does) and the
 *      shared corpus beside the checkout, where it exists, one case per YAML document;
 *  (b) field-aware mutations of valid bases (mutate.ts, bases.ts);
 *  (c) hand-written valid variants and YAML traps (variants.ts).
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { stringify } from 'yaml';
import { parseFixture, ROOT } from '../../harness';
import { bases, type Obj } from './bases';
import { fieldSites, mutateOnce, describe, RAW, type FieldSite } from './mutate';
import { VARIANTS } from './variants';
import { Random, hash32 } from './random';
import { AREA_MODULES } from './mutations';
import type { AreaModule } from './mutations/types';
import { AREA_MUTATORS } from './mutations';

export interface Case {
  id: string;
  /** fixture, corpus, mutation or variant. */
  source: string;
  /** Where it comes from: a file (and document), a base and its mutations, a variant's name. */
  origin: string;
  kind?: string;
  yaml: string;
}

export const CORPUS = path.resolve(ROOT, '..', 'shared', 'corpus');

function walkYaml(dir: string, out: string[] = []): string[] {
  if (!fs.existsSync(dir)) return out;
  for (const e of fs.readdirSync(dir, { withFileTypes: true }).sort((a, b) => a.name.localeCompare(b.name))) {
    const p = path.join(dir, e.name);
    if (e.isDirectory()) walkYaml(p, out);
    else if (/\.ya?ml$/.test(e.name)) out.push(p);
  }
  return out;
}

/** Splits a stream into documents where kubectl does: at lines that are `---` (trailing space allowed). */
export function splitDocuments(text: string): string[] {
  const docs: string[] = [];
  let cur: string[] = [];
  for (const line of text.split('\n')) {
    if (/^---\s*$/.test(line)) {
      docs.push(cur.join('\n'));
      cur = [];
    } else cur.push(line);
  }
  docs.push(cur.join('\n'));
  return docs.filter((d) => /^[ \t]*[^#\s]/m.test(d));
}

const KIND_RE = /^kind:\s*["']?(\w+)/m;

/** Fixture and corpus documents that describe objects the API server would get. */
export function fileCases(): Case[] {
  const out: Case[] = [];
  const add = (source: string, file: string, text: string): void => {
    // Kustomize patches and Helm templates are not objects kubectl would send as they are.
    if (/\{\{/.test(text) || /\$patch|\$setElementOrder/.test(text)) return;
    splitDocuments(text).forEach((doc, i) => {
      if (!/^[ \t]*(apiVersion|kind)[ \t]*:/m.test(doc)) return;
      const rel = path.relative(source === 'fixture' ? ROOT : CORPUS, file);
      out.push({ id: '', source, origin: `${rel}#${i}`, kind: KIND_RE.exec(doc)?.[1], yaml: doc.endsWith('\n') ? doc : doc + '\n' });
    });
  };
  for (const f of walkYaml(path.join(ROOT, 'test', 'fixtures'))) {
    if (f.includes(`${path.sep}kustomize${path.sep}`)) continue;
    const raw = fs.readFileSync(f, 'utf8');
    add('fixture', f, parseFixture(raw).text.replace(/\$0/g, ''));
  }
  for (const f of walkYaml(CORPUS)) {
    if (f.includes(`${path.sep}helm-templates${path.sep}`)) continue;
    add('corpus', f, fs.readFileSync(f, 'utf8'));
  }
  return out;
}

/** YAML text of an object; values marked RAW are written as plain scalars as they are. */
export function toYaml(obj: Obj): string {
  const text = stringify(obj, { version: '1.1', lineWidth: 0 });
  return text.replace(/(["']?)__raw__:([^"'\n]*)\1/g, '$2');
}

const siteCache = new Map<string, FieldSite[]>();
function sitesOf(kind: string): FieldSite[] {
  let s = siteCache.get(kind);
  if (!s) siteCache.set(kind, (s = fieldSites(kind)));
  return s;
}

/** `n` mutation cases from the seed. */
export function mutationCases(n: number, seed: number, version: string): Case[] {
  const rnd = new Random(seed);
  const all = bases();
  const kinds = Object.keys(all);
  const out: Case[] = [];
  let guard = 0;
  while (out.length < n && guard++ < n * 5) {
    const kind = kinds[out.length % kinds.length];
    const baseList = bases()[kind];
    const bi = rnd.int(baseList.length);
    const obj = baseList[bi];
    const count = 1 + (rnd.chance(0.6) ? 0 : rnd.int(3));
    const done: string[] = [];
    for (let i = 0; i < count; i++) {
      const m = mutateOnce(obj, sitesOf(kind), version, rnd, kind);
      if (m) done.push(describe(m));
    }
    // Mutations of the areas (mutations/index.ts), from a stream of their own: the draws above stay as they were.
    const arnd = new Random(hash32(`${seed}:area:${out.length}`));
    if (AREA_MUTATORS.length && arnd.chance(0.15)) {
      const m = arnd.pick(AREA_MUTATORS)(obj, kind, arnd);
      if (m) done.push(describe(m));
    }
    if (!done.length) continue;
    out.push({ id: '', source: 'mutation', origin: `${kind}#${bi}: ${done.join('; ')}`, kind, yaml: toYaml(obj) });
  }
  void RAW;
  return out;
}

/**
 * `n` cases of the area modules (mutations/index.ts), from their own seed: each enriches a
 * base with valid content of its area, then applies one to three mutations, most of them its
 * own, some generic.
 */
export function areaCases(n: number, seed: number, version: string, modules: readonly AreaModule[] = AREA_MODULES): Case[] {
  const out: Case[] = [];
  if (!modules.length) return out;
  const rnd = new Random(seed);
  const kinds = Object.keys(bases());
  let guard = 0;
  while (out.length < n && guard++ < n * 5) {
    const area = modules[out.length % modules.length];
    const kind = kinds[Math.floor(out.length / modules.length) % kinds.length];
    const baseList = bases()[kind];
    const bi = rnd.int(baseList.length);
    const obj = baseList[bi];
    area.enrich(obj, kind, version, rnd);
    const count = 1 + (rnd.chance(0.5) ? 0 : rnd.int(3));
    const done: string[] = [];
    for (let i = 0; i < count; i++) {
      const m = rnd.chance(0.8) ? area.mutate(obj, kind, sitesOf(kind), version, rnd) : mutateOnce(obj, sitesOf(kind), version, rnd);
      if (m) done.push(describe(m));
    }
    if (!done.length) continue;
    out.push({ id: '', source: 'mutation', origin: `${kind}#${bi}+${area.name}: ${done.join('; ')}`, kind, yaml: toYaml(obj) });
  }
  return out;
}

export interface CaseOptions {
  cases: number;
  seed: number;
  /** Kubernetes minor the mutation values are chosen for (enum values of that minor). */
  version: string;
  /**
   * The share of the mutation budget given to the area modules (default 0.25). The generic
   * mutations come first and are those of a run with a smaller budget, so `0` gives the cases
   * of a generator without area modules.
   */
  areaShare?: number;
}

/**
 * All cases of a run: every variant, file cases (all of them when they fit in a third of the
 * budget, else a seeded sample of about that many, each file drawn on its own), mutations for the rest. Ids are stable for a seed and budget.
 */
export function buildCases(opts: CaseOptions): Case[] {
  const variants: Case[] = VARIANTS.map((v) => ({ id: '', source: 'variant', origin: v.name, kind: KIND_RE.exec(v.yaml)?.[1], yaml: v.yaml }));
  let files = fileCases();
  const fileBudget = Math.max(0, Math.floor(opts.cases / 3));
  // Each file is drawn on its own (by a hash of the seed and its origin), not by shuffling the
  // list: a fixture or corpus file added or removed leaves the draw of every other file as it was.
  if (files.length > fileBudget) {
    const share = fileBudget / files.length;
    files = files.filter((f) => hash32(`${opts.seed}:file:${f.origin}`) / 2 ** 32 < share);
  }
  const fixed = [...variants, ...files].slice(0, opts.cases);
  const budget = Math.max(0, opts.cases - fixed.length);
  const areaBudget = Math.floor(budget * (opts.areaShare ?? 0.25));
  const mutations = mutationCases(budget - areaBudget, hash32(`${opts.seed}:mutations`), opts.version);
  const areas = areaCases(areaBudget, hash32(`${opts.seed}:areas`), opts.version);
  const all = [...fixed, ...mutations, ...areas];
  all.forEach((c, i) => (c.id = `${c.source[0]}${String(i).padStart(6, '0')}`));
  return all;
}
