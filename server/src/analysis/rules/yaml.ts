/**
 * YAML syntax problems, at the exact place the parser found them, where
 * kubectl cannot read the file either (goYaml.ts brings the `yaml` package's
 * errors in line with kubectl's go-yaml v2 reading: what go-yaml accepts is
 * no error here). Only in documents that look like Kubernetes objects (they
 * mention apiVersion or kind): other YAML files are left alone. A key given
 * twice is a warning: kubectl keeps the last value.
 */
import { isPair, isScalar, visit, type Node, type Pair } from 'yaml';
import { defineRule, type CheckContext } from './rule';
import { fieldAt } from '../model';
import { kubeKey, KUBECTL_CODES } from '../goYaml';

const CODES: Record<string, string> = {
  ALIAS_PROPS: 'An alias cannot have an anchor or a tag',
  BAD_ALIAS: 'An alias is malformed',
  BAD_DIRECTIVE: 'A directive (%YAML, %TAG) is malformed, or stands where kubectl cannot read it',
  BAD_DQ_ESCAPE: 'A double-quoted string has an invalid escape sequence',
  BAD_INDENT: 'The indentation is wrong',
  BAD_PROP_ORDER: 'An anchor or tag is in the wrong place',
  BAD_SCALAR_START: 'A plain value starts with a character that YAML reserves',
  BLOCK_AS_IMPLICIT_KEY: 'A block collection is used as a key',
  BLOCK_IN_FLOW: 'A block collection is inside a flow collection',
  IMPOSSIBLE: 'The parser reached an impossible state',
  KEY_OVER_1024_CHARS: 'An implicit key is longer than 1024 characters',
  MISSING_CHAR: 'A closing quote or bracket is missing',
  MULTILINE_IMPLICIT_KEY: 'An implicit key spans several lines',
  MULTIPLE_ANCHORS: 'A node has more than one anchor',
  MULTIPLE_DOCS: 'More than one document where one is expected',
  MULTIPLE_TAGS: 'A node has more than one tag',
  NON_STRING_KEY: 'A key is empty, null, a map or a list: JSON keys are strings',
  RESOURCE_EXHAUSTION: 'The document expands to too much data (alias bomb)',
  TAB_AS_INDENT: 'Tabs are not allowed as indentation in YAML',
  TAG_RESOLVE_FAILED: 'A tag cannot be resolved',
  UNEXPECTED_TOKEN: 'Unexpected text',
  BAD_COLLECTION_TYPE: 'A collection has the wrong type for its tag',
  [KUBECTL_CODES.NON_JSON_NUMBER]: 'A value is .inf or .nan, which JSON cannot hold',
};

// Blanks within the line only ([ \t], YAML's white space): a `\s*` would run across every blank line
// below each line break, and a file of blank lines would cost its square.
const K8S_HINT = /^[ \t]*["']?(?:apiVersion|kind)["']?[ \t]*:/m;

/** One rule per parser error code: `yaml/<CODE>`. */
const syntaxRules = Object.entries(CODES).map(([code, what]) =>
  defineRule({
    id: `yaml/${code}`,
    scope: 'document',
    severity: 'error',
    title: what,
    description: `${code.startsWith('NON_JSON') ? 'kubectl converts each document to JSON before it sends it' : `The \`yaml\` parser reports ${code}`}: ${what.charAt(0).toLowerCase()}${what.slice(1)}. \`kubectl\` cannot read the file either.`,
    // Syntax errors are what a broken document gets; in templated text they are the template's, not the user's.
    policy: { onSyntaxErrors: true, templated: 'drop' },
    check(ctx) {
      if (!K8S_HINT.test(ctx.text)) return;
      for (const e of ctx.doc.yaml.errors) {
        if (e.code !== code) continue;
        const range = widen(ctx.text, code, e.message, e.pos);
        ctx.report({ range, message: e.message, fieldPath: enclosingPath(ctx, range[0]) });
      }
    },
  }),
);

const duplicateKey = defineRule({
  id: 'yaml/DUPLICATE_KEY',
  scope: 'document',
  severity: 'warning',
  title: 'A mapping has the same key twice: the earlier value is ignored',
  description:
    "kubectl reads each document into a map (sigs.k8s.io/yaml over go-yaml v2, not strict): when a key is given twice in one mapping, the last value wins and the earlier one is dropped without a word, so the API server never sees it. It is no error, but the value you read first is not the one applied; usually a copy-paste or merge slip. (A client that sends the YAML as it is, `Content-Type: application/yaml` with strict field validation, gets `duplicate field` from the API server instead.)",
  policy: { onSyntaxErrors: true, templated: 'drop' },
  example: {
    invalid: 'apiVersion: v1\nkind: Pod\nmetadata:\n  name: web\nspec:\n  containers:\n  - name: web\n    image: nginx:1.26\n    image: nginx:1.27\n',
    valid: 'apiVersion: v1\nkind: Pod\nmetadata:\n  name: web\nspec:\n  containers:\n  - name: web\n    image: nginx:1.27\n',
  },
  check(ctx) {
    if (!K8S_HINT.test(ctx.text) || !ctx.doc.yaml.warnings.some((w) => w.code === 'DUPLICATE_KEY')) return;
    const lineOf = (offset: number): number => {
      let n = 1;
      for (let i = ctx.text.indexOf('\n'); i >= 0 && i < offset; i = ctx.text.indexOf('\n', i + 1)) n++;
      return n;
    };
    visit(ctx.doc.yaml, {
      Map(_, map) {
        const seen = new Map<string, Pair>();
        const pairs = map.items as Pair[];
        for (let i = pairs.length - 1; i >= 0; i--) {
          const p = pairs[i];
          if (!isPair(p) || !isScalar(p.key)) continue;
          const key = kubeKey(p.key as Node);
          if (key === undefined || key === '<<') continue;
          const later = seen.get(key);
          if (!later) {
            seen.set(key, p);
            continue;
          }
          const k = p.key as Node;
          const v = p.value as Node | null;
          const start = k.range?.[0] ?? 0;
          const end = Math.max(k.range?.[1] ?? start, v?.range?.[1] ?? 0);
          const at = (later.key as Node).range?.[0] ?? 0;
          ctx.report({
            range: [start, Math.max(start + 1, end)],
            message: `${JSON.stringify(key)} is given again on line ${lineOf(at)}: kubectl keeps the last value, so this one is ignored`,
            fieldPath: enclosingPath(ctx, start),
            tags: ['unnecessary'],
          });
        }
      },
    });
  },
});

/** At most this many JSON values are read from one stream (each costs a parse of the rest). */
const MAX_JSON_VALUES = 64;

/**
 * Go's json.Decoder over a stream of JSON values separated by white space:
 * where the first syntax error is, or undefined when there is none.
 */
function jsonStreamError(text: string): { offset: number; reason: string } | undefined {
  let base = 0;
  for (let n = 0; n < MAX_JSON_VALUES; n++) {
    const rest = text.slice(base);
    if (rest.trim() === '') return undefined;
    let reason: string;
    try {
      JSON.parse(rest);
      return undefined;
    } catch (e) {
      reason = e instanceof Error ? e.message : String(e);
    }
    const at = /position (\d+)/.exec(reason);
    const p = at ? Number(at[1]) : rest.length - rest.trimStart().length;
    try {
      // A complete value followed by the next one: go on from there.
      if (p === 0) throw new Error(reason);
      JSON.parse(rest.slice(0, p));
    } catch {
      return { offset: base + p, reason };
    }
    base += p;
  }
  return undefined;
}

const jsonStream = defineRule({
  id: 'yaml/JSON_STREAM',
  scope: 'document',
  severity: 'error',
  title: 'kubectl up to 1.32 reads a file that begins with { as JSON',
  description:
    "Up to 1.32, kubectl (apimachinery's YAMLOrJSONDecoder) decides from the first character of a file whether it is JSON: a file that begins with `{` is read as JSON only, so flow-style YAML (KYAML: comments, unquoted keys, trailing commas) fails with a JSON syntax error. From 1.33 kubectl falls back to YAML. Write strict JSON, start the file with `---` or a comment, or use kubectl 1.33 or newer.",
  applies: { until: '1.32' },
  policy: { onSyntaxErrors: true, templated: 'drop' },
  example: {
    invalid: '{\n  apiVersion: "v1",\n  kind: "Pod",\n  metadata: {name: "web"},\n  spec: {containers: [{name: "web", image: "nginx:1.27"}]},\n}\n',
    valid: '---\n{\n  apiVersion: "v1",\n  kind: "Pod",\n  metadata: {name: "web"},\n  spec: {containers: [{name: "web", image: "nginx:1.27"}]},\n}\n',
  },
  check(ctx) {
    // JSON on one line counts too: the hint is a key anywhere.
    if (ctx.doc.indexInSegment !== 0 || !/^\s*\{/.test(ctx.text) || !/\b(?:apiVersion|kind)["']?[ \t]*:/.test(ctx.text)) return;
    const err = jsonStreamError(ctx.text);
    if (!err) return;
    const start = Math.min(err.offset, Math.max(0, ctx.text.length - 1));
    // As encoding/json words it: the byte offset after the character, or the end of the input.
    const ch = ctx.text.codePointAt(err.offset);
    const go =
      ch === undefined || ctx.text.slice(err.offset).trim() === ''
        ? 'unexpected end of JSON input'
        : `json: offset ${new TextEncoder().encode(ctx.text.slice(0, err.offset)).length + 1}: invalid character ${JSON.stringify(String.fromCodePoint(ch)).replace(/^"|"$/g, "'")}`;
    ctx.report({
      range: [start, start + 1],
      message: `${go}: kubectl up to 1.32 reads a file that begins with "{" as JSON, and this is not JSON: quote every key and string, drop comments and trailing commas, or begin the file with ---`,
      fieldPath: enclosingPath(ctx, start),
    });
  },
});

export const yamlRules = [...syntaxRules.slice(0, 9), duplicateKey, ...syntaxRules.slice(9), jsonStream];

/**
 * The parser often points at one character; widen to what the user must fix:
 * the whole duplicate key, the escape sequence, the tab run, the unclosed
 * string from its opening quote.
 */
export function widen(text: string, code: string, message: string, pos: [number, number]): [number, number] {
  let [s, e] = pos;
  const lineEnd = (i: number): number => {
    const n = text.indexOf('\n', i);
    return n < 0 ? text.length : n > 0 && text[n - 1] === '\r' ? n - 1 : n;
  };
  if (code === 'MISSING_CHAR' && /quote/.test(message)) {
    const q = message.includes("'") && !message.includes('"') ? "'" : '"';
    const open = text.lastIndexOf(q, Math.min(s, text.length) - 1);
    if (open >= 0) return [open, Math.max(open + 1, lineEnd(open))];
  }
  if (s >= text.length) {
    s = text.length;
    while (s > 0 && /\s/.test(text[s - 1])) s--;
    s = Math.max(0, s - 1);
    e = s + 1;
  }
  if (code === 'BAD_DQ_ESCAPE') {
    e = Math.min(text.length, s + 2);
  } else if (code === 'TAB_AS_INDENT') {
    // Highlight the tabs of the indentation, not the spaces around them.
    while (s > 0 && text[s - 1] === '\t') s--;
    e = s;
    while (e < text.length && text[e] === '\t') e++;
  }
  return [s, Math.max(e, s + 1)];
}

function enclosingPath(ctx: CheckContext<undefined>, offset: number): string {
  return fieldAt(ctx.doc.root, offset)?.path ?? '';
}
