/**
 * Values from a manifest in hover markdown. Container, volume and resource
 * names are the document author's text: written into markdown as they are, a
 * name could add a link, a remote image (fetched on hover: a beacon), a
 * heading, HTML, or end a code span early. Every such value goes through one
 * of these two functions.
 */

/** Control characters and line breaks, shown as escapes: a value never starts a new markdown block. */
// eslint-disable-next-line no-control-regex -- control characters are what it finds
const CONTROLS = /[\u0000-\u001f\u007f-\u009f\u2028\u2029]/g;

function oneLine(s: string): string {
  return s.replace(CONTROLS, (c) => {
    if (c === '\n') return '\\n';
    if (c === '\r') return '\\r';
    if (c === '\t') return '\\t';
    const code = c.charCodeAt(0);
    return code < 0x100 ? `\\x${code.toString(16).padStart(2, '0')}` : `\\u${code.toString(16).padStart(4, '0')}`;
  });
}

/**
 * A value as an inline code span that holds exactly it: the fence is longer
 * than any run of backticks inside, and padded with a space where the value
 * starts or ends with a backtick or a space (CommonMark strips one). `web`
 * stays `` `web` ``.
 */
export function mdCode(value: string): string {
  const v = oneLine(value);
  if (v === '') return '` `';
  let longest = 0;
  for (const m of v.matchAll(/`+/g)) longest = Math.max(longest, m[0].length);
  const fence = '`'.repeat(longest + 1);
  const pad = /^[` ]|[` ]$/.test(v) ? ' ' : '';
  return `${fence}${pad}${v}${pad}${fence}`;
}

/**
 * A value as plain inline text: the characters that open markdown or HTML
 * inline constructs are backslash-escaped (`[`, `]`, `!`, `*`, `_`, `` ` ``,
 * `<`, `>`, `&`, `|`, `~`, `#`, `\`, and `:`, so that no `http://…` in a
 * name becomes a link), line breaks shown as escapes. Ordinary names
 * (letters, digits, `-`, `.`, `/`) stay as they are.
 */
export function mdText(value: string): string {
  return oneLine(value).replace(/[\\`*_[\]<>&|~!#:]/g, '\\$&');
}
