/**
 * The shell injection grammars (syntaxes/pod-shell*.injection.tmLanguage.json)
 * tokenized together with real YAML and shell TextMate grammars, through the
 * same engine VS Code uses (vscode-textmate + vscode-oniguruma).
 *
 * Host grammars:
 * - required: `tm-grammars` (devDependency) — the textmate/yaml.tmbundle YAML
 *   grammar (a host that scans every line from column 0) and VS Code's own
 *   shell grammar.
 * - when installed: VS Code's built-in YAML grammar (RedCMD's, a host whose
 *   while rules consume each line's indentation before anything else runs) and
 *   shell grammar, as shipped in `@codingame/monaco-vscode-yaml-default-extension`
 *   and `@codingame/monaco-vscode-shellscript-default-extension`.
 *
 * Every case runs against each host. Lines outside a `command:`/`args:` value
 * must tokenize exactly as they do without the injection, so an injection that
 * swallows the rest of a document fails here.
 */
import { before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { IGrammar, IRawGrammar, StateStack } from 'vscode-textmate';

const REPO = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const requireFromRepo = createRequire(join(REPO, 'package.json'));
// Both are UMD bundles: require() gives their exports whether this file runs as ESM or CJS.
const vsctm = requireFromRepo('vscode-textmate') as typeof import('vscode-textmate');
const oniguruma = requireFromRepo('vscode-oniguruma') as typeof import('vscode-oniguruma');

const INJECTION = join(REPO, 'syntaxes', 'pod-shell.injection.tmLanguage.json');
const LINES_INJECTION = join(REPO, 'syntaxes', 'pod-shell-lines.injection.tmLanguage.json');

interface Host {
  name: string;
  required: boolean;
  /** scope name -> module specifier of the grammar file */
  grammars: Record<string, string>;
}

const VSCODE_YAML = '@codingame/monaco-vscode-yaml-default-extension/resources/';
const HOSTS: Host[] = [
  {
    name: 'tm-grammars: textmate yaml + VS Code shell',
    required: true,
    grammars: {
      'source.yaml': 'tm-grammars/grammars/yaml.json',
      'source.shell': 'tm-grammars/grammars/shellscript.json',
    },
  },
  {
    name: "VS Code's built-in yaml + shell",
    required: false,
    grammars: {
      'source.yaml': `${VSCODE_YAML}yaml.tmLanguage.json`,
      'source.yaml.1.0': `${VSCODE_YAML}yaml-1.0.tmLanguage.json`,
      'source.yaml.1.1': `${VSCODE_YAML}yaml-1.1.tmLanguage.json`,
      'source.yaml.1.2': `${VSCODE_YAML}yaml-1.2.tmLanguage.json`,
      'source.yaml.1.3': `${VSCODE_YAML}yaml-1.3.tmLanguage.json`,
      'source.yaml.embedded': `${VSCODE_YAML}yaml-embedded.tmLanguage.json`,
      'source.shell': '@codingame/monaco-vscode-shellscript-default-extension/resources/shell-unix-bash.tmLanguage.json',
    },
  },
];

function resolveHost(host: Host): Record<string, string> | string {
  const files: Record<string, string> = {};
  for (const [scope, specifier] of Object.entries(host.grammars)) {
    try {
      files[scope] = requireFromRepo.resolve(specifier);
    } catch {
      return `${specifier} is not installed`;
    }
  }
  return files;
}

function readJson(path: string): Record<string, unknown> {
  return JSON.parse(readFileSync(path, 'utf8')) as Record<string, unknown>;
}

const injectionScope = readJson(INJECTION).scopeName as string;
const linesInjectionScope = readJson(LINES_INJECTION).scopeName as string;

let onigLoaded: Promise<void> | undefined;
function onigLib() {
  onigLoaded ??= (async () => {
    const wasm = readFileSync(requireFromRepo.resolve('vscode-oniguruma/release/onig.wasm'));
    await oniguruma.loadWASM(wasm.buffer.slice(wasm.byteOffset, wasm.byteOffset + wasm.byteLength));
  })();
  return onigLoaded.then(() => ({
    createOnigScanner: (patterns: string[]) => new oniguruma.OnigScanner(patterns),
    createOnigString: (text: string) => new oniguruma.OnigString(text),
  }));
}

async function loadYaml(files: Record<string, string>, withInjection: boolean): Promise<IGrammar> {
  const all: Record<string, string> = { ...files, [injectionScope]: INJECTION, [linesInjectionScope]: LINES_INJECTION };
  const registry = new vsctm.Registry({
    onigLib: onigLib(),
    loadGrammar: async (scopeName: string): Promise<IRawGrammar | null> => {
      const path = all[scopeName];
      return path ? vsctm.parseRawGrammar(readFileSync(path, 'utf8'), path) : null;
    },
    getInjections: (scopeName: string) =>
      withInjection && scopeName === 'source.yaml' ? [injectionScope, linesInjectionScope] : undefined,
  });
  const grammar = await registry.loadGrammar('source.yaml');
  assert.ok(grammar, 'source.yaml grammar loaded');
  return grammar;
}

interface Token {
  text: string;
  start: number;
  scopes: string[];
}

class Doc {
  readonly lines: string[];
  readonly tokens: Token[][] = [];

  constructor(grammar: IGrammar, text: string) {
    this.lines = text.split('\n');
    let state: StateStack = vsctm.INITIAL;
    for (const line of this.lines) {
      const result = grammar.tokenizeLine(line, state);
      state = result.ruleStack;
      this.tokens.push(
        result.tokens.map((t) => ({ text: line.slice(t.startIndex, t.endIndex), start: t.startIndex, scopes: t.scopes })),
      );
    }
  }

  /** Index of the nth (0-based) line that contains `lineNeedle`. */
  line(lineNeedle: string, nth = 0): number {
    let seen = 0;
    for (let i = 0; i < this.lines.length; i++) {
      if (this.lines[i].includes(lineNeedle) && seen++ === nth) return i;
    }
    throw new Error(`no line #${nth} containing ${JSON.stringify(lineNeedle)}`);
  }

  /** Scopes of the token at the first character of `word` on the line found by `lineNeedle`. */
  scopes(lineNeedle: string, word: string, nth = 0): string[] {
    const i = this.line(lineNeedle, nth);
    const at = this.lines[i].indexOf(word);
    assert.ok(at >= 0, `${JSON.stringify(word)} on line ${JSON.stringify(this.lines[i])}`);
    const token = this.tokens[i].find((t) => t.start <= at && at < t.start + t.text.length);
    assert.ok(token, `token at ${JSON.stringify(word)}`);
    return token.scopes;
  }
}

const OUR_SHELL_SCOPES = new Set(['source.shell', 'meta.embedded.block.shell', 'meta.embedded.inline.shell']);
const fromShellGrammar = (scopes: string[]) => scopes.filter((s) => s.endsWith('.shell') && !OUR_SHELL_SCOPES.has(s));
const COMMAND_SCOPE = /^(entity\.name\.(command|function\.call)|support\.function)/;

function assertShell(scopes: string[], kind: 'block' | 'inline', what: string): void {
  assert.ok(scopes.includes(`meta.embedded.${kind}.shell`), `${what}: meta.embedded.${kind}.shell in ${scopes.join(' ')}`);
  assert.ok(scopes.includes('source.shell'), `${what}: source.shell in ${scopes.join(' ')}`);
  assert.ok(fromShellGrammar(scopes).length > 0, `${what}: a scope from the shell grammar in ${scopes.join(' ')}`);
}

function assertCommand(scopes: string[], kind: 'block' | 'inline', what: string): void {
  assertShell(scopes, kind, what);
  assert.ok(scopes.some((s) => COMMAND_SCOPE.test(s)), `${what}: highlighted as a command in ${scopes.join(' ')}`);
}

function assertNotShell(scopes: string[], what: string): void {
  const shellish = scopes.filter((s) => s.startsWith('meta.embedded') || s.endsWith('.shell'));
  assert.deepEqual(shellish, [], `${what}: no shell scopes in ${scopes.join(' ')}`);
}

function assertKey(scopes: string[], what: string): void {
  assertNotShell(scopes, what);
  assert.ok(scopes.some((s) => s.startsWith('entity.name.tag')), `${what}: a mapping key in ${scopes.join(' ')}`);
}

/**
 * Lines that belong to a `command:`/`args:` whose value is a sequence: the key line
 * and the lines after it that are blank, comments, more indented than the key or
 * `- ` items at the key's column. Everything else must tokenize as without the injection.
 */
function commandValueLines(lines: string[]): Set<number> {
  const inside = new Set<number>();
  for (let i = 0; i < lines.length; i++) {
    const m = /^(\s*(?:-\s+)?)(?:command|args)\s*:\s*(?:\[.*|#.*)?$/.exec(lines[i]);
    if (!m) continue;
    const keyColumn = m[1].length;
    inside.add(i);
    for (let j = i + 1; j < lines.length; j++) {
      const line = lines[j];
      const indent = line.length - line.trimStart().length;
      const rest = line.trimStart();
      if (rest === '' || rest.startsWith('#') || indent > keyColumn || (indent === keyColumn && /^(-(\s|$)|\])/.test(rest))) {
        inside.add(j);
      } else {
        break;
      }
    }
  }
  return inside;
}

const POD = `apiVersion: v1
kind: Pod
metadata:
  name: wait-for-db
spec:
  initContainers:
  - name: wait
    image: busybox
    command:
    - sh
    - -c
    - |
      until nslookup myservice; do
        echo waiting; sleep 2
      done
    args: ["-c", "tail -f /var/log/app.log"]
  containers:
  - name: app
    command: ["sh", "-c", "until nslookup db; do sleep 2; done"]
    image: nginx
  - name: server
    command: ["/bin/app", "--port=80"]
    image: app:1.0
    ports:
    - containerPort: 80
  - command:
      - /bin/bash
      - -ec
      - 'echo "it''s $HOSTNAME" | tee /tmp/x'
      - argv0
    image: sidecar
    args: [sh, -c, echo hi $HOME]
    workingDir: /srv
`;

const EDGES = `spec:
  containers:
  - name: blank-after-flag
    command:
    - python
    - -c

    - print(1)
    stdin: true
  - name: flag-then-block
    args:
    - -c
    - >-
      set -e;
      exec server
    - extra
    tty: false
  - name: not-a-sequence
    command: npm start
    args:
      enabled: true
      script: echo
    env: []
  - name: loops
    command:
    - /bin/sh
    - -c
    - |
      set -e
      while true; do
        echo "tick $(date)"
        if [ -f /tmp/stop ]; then
          exit 0
        fi
        case "$MODE" in
          fast) sleep 1 ;;
        esac
      done
    image: last
`;

/** Unbalanced quotes and a heredoc whose terminator the shell grammar cannot see. */
const BROKEN = `spec:
  containers:
  - name: unterminated-flow
    command: ["sh", "-c", "echo 'oops]
    image: after-flow
  - name: unterminated-block
    command:
      - sh
      - -c
      - |-
        echo "never closed
        cat <<EOF
    workingDir: after-block
  - name: unterminated-item
    command:
    - sh
    - -c
    - echo "it's
    - next
    image: after-item
`;

for (const host of HOSTS) {
  const resolved = resolveHost(host);
  const missing = typeof resolved === 'string' ? resolved : undefined;

  if (missing && host.required) {
    it(`pod shell injection — ${host.name}: grammar packages are installed`, () => {
      assert.fail(`${missing}: add tm-grammars to devDependencies (see the header of this file)`);
    });
    continue;
  }

  describe(`pod shell injection — ${host.name}`, { skip: missing ?? false }, () => {
    let injected: IGrammar;
    let plain: IGrammar;

    before(async () => {
      assert.ok(typeof resolved !== 'string');
      injected = await loadYaml(resolved, true);
      plain = await loadYaml(resolved, false);
    });

    for (const [fixture, text] of Object.entries({ POD, EDGES })) {
      it(`${fixture}: lines outside command/args values tokenize exactly as without the injection`, () => {
        const withInjection = new Doc(injected, text);
        const without = new Doc(plain, text);
        const inside = commandValueLines(withInjection.lines);
        assert.ok(inside.size > 0);
        for (let i = 0; i < withInjection.lines.length; i++) {
          if (inside.has(i)) continue;
          assert.deepEqual(withInjection.tokens[i], without.tokens[i], `line ${i + 1}: ${withInjection.lines[i]}`);
        }
      });
    }

    it('block scalar under command: is shell, and highlighted as shell', () => {
      const doc = new Doc(injected, POD);
      assertShell(doc.scopes('until nslookup myservice', 'nslookup'), 'block', 'nslookup');
      assertShell(doc.scopes('until nslookup myservice', 'until'), 'block', 'until');
      assertCommand(doc.scopes('echo waiting; sleep 2', 'echo'), 'block', 'echo at the start of a loop body line');
      assertCommand(doc.scopes('echo waiting; sleep 2', 'sleep'), 'block', 'sleep');
      assertShell(doc.scopes('      done', 'done'), 'block', 'done');
      const indicator = doc.scopes('    - |', '|');
      assertNotShell(indicator, 'block scalar indicator');
      assert.ok(indicator.some((s) => s.startsWith('keyword.control.flow.block-scalar')), indicator.join(' '));
    });

    it('the string after -c in a flow sequence is shell, the quotes and other items are YAML', () => {
      const doc = new Doc(injected, POD);
      assertCommand(doc.scopes('until nslookup db', 'sleep'), 'inline', 'sleep');
      assertShell(doc.scopes('until nslookup db', 'done'), 'inline', 'done');
      assertCommand(doc.scopes('tail -f', 'tail'), 'inline', 'tail (first word of the script)');
      assertNotShell(doc.scopes('until nslookup db', '"until'), 'opening quote');
      assert.ok(doc.scopes('until nslookup db', '"until').some((s) => s.startsWith('punctuation.definition.string.begin')));
      assertNotShell(doc.scopes('until nslookup db', '"sh"'), '"sh" item');
      assertNotShell(doc.scopes('until nslookup db', '-c'), '"-c" item');
      assertNotShell(doc.scopes('until nslookup db', ']'), 'closing bracket');
      assertKey(doc.scopes('    image: nginx', 'image'), 'image key after the flow command');
      assertNotShell(doc.scopes('    image: nginx', 'nginx'), 'image value');
    });

    it('a command in a non-shell form stays YAML and later keys are still keys', () => {
      const doc = new Doc(injected, POD);
      assertNotShell(doc.scopes('/bin/app', '/bin/app'), '/bin/app');
      assertNotShell(doc.scopes('/bin/app', '--port=80'), '--port=80');
      assertKey(doc.scopes('image: app:1.0', 'image'), 'image after a non-shell command');
      assertKey(doc.scopes('ports:', 'ports'), 'ports');
      assertKey(doc.scopes('containerPort: 80', 'containerPort'), 'containerPort');
    });

    it('block sequences: the single-line item right after -ec is shell, the item after it is not', () => {
      const doc = new Doc(injected, POD);
      assertKey(doc.scopes('  - command:', 'command'), '`- command:` key');
      assertNotShell(doc.scopes('- /bin/bash', '/bin/bash'), '/bin/bash');
      assertNotShell(doc.scopes('- -ec', '-ec'), '-ec');
      assertCommand(doc.scopes('echo "it', 'echo'), 'inline', 'echo in a single-quoted item');
      assertCommand(doc.scopes('echo "it', 'tee'), 'inline', 'tee after a pipe');
      assertShell(doc.scopes('echo "it', '$HOSTNAME'), 'inline', '$HOSTNAME');
      assertNotShell(doc.scopes('- argv0', 'argv0'), 'item after the script');
      assertKey(doc.scopes('image: sidecar', 'image'), 'image after the block sequence');
      assertCommand(doc.scopes('args: [sh, -c', 'echo'), 'inline', 'plain flow script');
      assertShell(doc.scopes('args: [sh, -c', 'HOME'), 'inline', 'HOME');
      assertKey(doc.scopes('workingDir: /srv', 'workingDir'), 'workingDir');
    });

    it('never swallows the rest of the document', () => {
      const broken = new Doc(injected, BROKEN);
      // an unterminated quote in a one-line flow script
      assertNotShell(broken.scopes(`echo 'oops]`, 'oops'), 'unterminated flow script');
      assertKey(broken.scopes('image: after-flow', 'image'), 'key after an unterminated flow script');
      assertNotShell(broken.scopes('image: after-flow', 'after-flow'), 'value after an unterminated flow script');
      // an unterminated shell string and a heredoc in a block scalar
      assertShell(broken.scopes('echo "never closed', 'echo'), 'block', 'echo');
      assertShell(broken.scopes('cat <<EOF', 'cat'), 'block', 'line after an unterminated shell string');
      assertKey(broken.scopes('workingDir: after-block', 'workingDir'), 'key after an unterminated block script');
      // an unterminated shell string in a one-line item stays inside that item
      assertShell(broken.scopes(`echo "it's`, 'echo'), 'inline', 'echo');
      assertNotShell(broken.scopes('- next', 'next'), 'item after an unterminated one-line script');
      assertKey(broken.scopes('image: after-item', 'image'), 'key after an unterminated one-line script');

      const doc = new Doc(injected, EDGES);
      // -c, a blank line, then the script: not covered, but harmless
      assertNotShell(doc.scopes('- print(1)', 'print'), 'item after a blank line');
      assertKey(doc.scopes('stdin: true', 'stdin'), 'stdin');
      // -c followed by a folded block scalar, then another item
      assertCommand(doc.scopes('exec server', 'exec'), 'block', 'exec in a folded scalar');
      assertNotShell(doc.scopes('- extra', 'extra'), 'item after the block scalar');
      assertKey(doc.scopes('tty: false', 'tty'), 'tty');
      // command: as a plain scalar, args: as a mapping
      assertNotShell(doc.scopes('command: npm start', 'npm'), 'scalar command');
      assertKey(doc.scopes('enabled: true', 'enabled'), 'key inside a mapping-valued args');
      assertKey(doc.scopes('env: []', 'env'), 'env');
      assertKey(doc.scopes('image: last', 'image'), 'last key of the document');
    });

    it('commands at the start of lines inside loop, if and case bodies are highlighted; case patterns are not commands', () => {
      const doc = new Doc(injected, EDGES);
      assertCommand(doc.scopes('      set -e', 'set'), 'block', 'set');
      assertCommand(doc.scopes('echo "tick', 'echo'), 'block', 'echo in a while body');
      assertCommand(doc.scopes('exit 0', 'exit'), 'block', 'exit in an if body');
      assertCommand(doc.scopes('fast) sleep 1', 'sleep'), 'block', 'sleep in a case body');
      const pattern = doc.scopes('fast) sleep 1', 'fast');
      assertShell(pattern, 'block', 'case pattern');
      assert.ok(!pattern.some((s) => COMMAND_SCOPE.test(s)), `case pattern is not a command: ${pattern.join(' ')}`);
    });
  });
}

describe('pod shell injection grammar files', () => {
  it('inject into YAML with left priority and document the covered forms', () => {
    const grammar = readJson(INJECTION);
    assert.match(grammar.injectionSelector as string, /^L:source\.yaml\b/);
    assert.match(grammar.comment as string, /block scalar/);
    assert.match(grammar.comment as string, /-c/);
    const lines = readJson(LINES_INJECTION);
    assert.match(lines.injectionSelector as string, /^meta\.embedded\.block\.shell\b/);
    assert.notEqual(injectionScope, linesInjectionScope);
  });
});
