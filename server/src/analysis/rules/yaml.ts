/**
 * YAML syntax problems, at the exact place the parser found them. Only in
 * documents that look like Kubernetes objects (they mention apiVersion or
 * kind): other YAML files are left alone.
 */
import { defineRule, type CheckContext } from './rule';
import { fieldAt } from '../model';

const CODES: Record<string, string> = {
  ALIAS_PROPS: 'An alias cannot have an anchor or a tag',
  BAD_ALIAS: 'An alias is malformed',
  BAD_DIRECTIVE: 'A directive (%YAML, %TAG) is malformed',
  BAD_DQ_ESCAPE: 'A double-quoted string has an invalid escape sequence',
  BAD_INDENT: 'The indentation is wrong',
  BAD_PROP_ORDER: 'An anchor or tag is in the wrong place',
  BAD_SCALAR_START: 'A plain value starts with a character that YAML reserves',
  BLOCK_AS_IMPLICIT_KEY: 'A block collection is used as a key',
  BLOCK_IN_FLOW: 'A block collection is inside a flow collection',
  DUPLICATE_KEY: 'A mapping has the same key twice (Kubernetes rejects duplicate fields)',
  IMPOSSIBLE: 'The parser reached an impossible state',
  KEY_OVER_1024_CHARS: 'An implicit key is longer than 1024 characters',
  MISSING_CHAR: 'A closing quote or bracket is missing',
  MULTILINE_IMPLICIT_KEY: 'An implicit key spans several lines',
  MULTIPLE_ANCHORS: 'A node has more than one anchor',
  MULTIPLE_DOCS: 'More than one document where one is expected',
  MULTIPLE_TAGS: 'A node has more than one tag',
  NON_STRING_KEY: 'A key is not a string',
  RESOURCE_EXHAUSTION: 'The document expands to too much data (alias bomb)',
  TAB_AS_INDENT: 'Tabs are not allowed as indentation in YAML',
  TAG_RESOLVE_FAILED: 'A tag cannot be resolved',
  UNEXPECTED_TOKEN: 'Unexpected text',
  BAD_COLLECTION_TYPE: 'A collection has the wrong type for its tag',
};

// Blanks within the line only ([ \t], YAML's white space): a `\s*` would run across every blank line
// below each line break, and a file of blank lines would cost its square.
const K8S_HINT = /^[ \t]*["']?(?:apiVersion|kind)["']?[ \t]*:/m;

/** One rule per parser error code: `yaml/<CODE>`. */
export const yamlRules = Object.entries(CODES).map(([code, what]) =>
  defineRule({
    id: `yaml/${code}`,
    scope: 'document',
    severity: 'error',
    title: what,
    description: `The \`yaml\` parser reports ${code}: ${what.charAt(0).toLowerCase()}${what.slice(1)}. \`kubectl\` cannot read the file either.`,
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
  if (code === 'DUPLICATE_KEY') {
    e = s;
    while (e < text.length && !/[\s:]/.test(text[e])) e++;
  } else if (code === 'BAD_DQ_ESCAPE') {
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
