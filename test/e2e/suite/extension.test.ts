// End-to-end tests of the foundation features, run inside a real VS Code extension host against
// the built extension (dist/client.js + dist/server.js). The workspace is a temporary copy of
// test/e2e/fixtures/.
//
// Tests whose title starts with "[awaits: ...]" exercise a feature that is still being built:
// they are expected to fail until it lands, and the tag comes off the title once it does.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';

// ---- What the tests expect from the extension (change here when a name changes) ----------------
const EXTENSION_ID = 'kube-pod-patterns.kube-pod-patterns';
const CODE_INIT_CONTAINER_PROBE = 'pod/init-container-probe';
const CODE_UNKNOWN_FIELD = 'schema/unknown-field';
const SETTING_SECTION = 'podPatterns';
const SETTING_KUBERNETES_VERSION = 'kubernetesVersion';
const OLD_KUBERNETES_VERSION = '1.27'; // before native sidecars (container restartPolicy, 1.28)
const SNIPPET_LABEL = /native sidecar/i;
const INIT_SEQUENCE = /sequen|in order|one (at a time|after another)/i;

const FIXTURE_INIT_PROBE = 'init-probe.yaml';
const FIXTURE_NATIVE_SIDECAR = 'native-sidecar.yaml';
const FIXTURE_COMPLETION = 'completion.yaml';

// How long to wait for the language server to answer; the first answer includes its start-up.
const DEADLINE_MS = 20_000;
const POLL_MS = 100;

// ---- helpers -----------------------------------------------------------------------------------
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Polls `probe` until it returns a truthy value; fails with `what` after `ms`. */
async function waitFor<T>(what: string, probe: () => T | undefined | Promise<T | undefined>, ms = DEADLINE_MS): Promise<T> {
  const end = Date.now() + ms;
  for (;;) {
    const value = await probe();
    if (value) return value;
    if (Date.now() > end) throw new Error(`timed out after ${ms} ms waiting for ${what}`);
    await sleep(POLL_MS);
  }
}

function fixtureUri(name: string): vscode.Uri {
  const folder = vscode.workspace.workspaceFolders?.[0];
  assert.ok(folder, 'the tests need the fixtures folder open as the workspace');
  return vscode.Uri.joinPath(folder.uri, name);
}

async function open(name: string): Promise<vscode.TextEditor> {
  const doc = await vscode.workspace.openTextDocument(fixtureUri(name));
  assert.equal(doc.languageId, 'yaml', `${name} should open as YAML`);
  return vscode.window.showTextDocument(doc);
}

/** 0-based line of the first line matching `re` at or after line `from`. */
function lineOf(doc: vscode.TextDocument, re: RegExp, from = 0): number {
  for (let i = from; i < doc.lineCount; i++) if (re.test(doc.lineAt(i).text)) return i;
  throw new Error(`no line matches ${re} in ${doc.uri.path}`);
}

function codeOf(d: vscode.Diagnostic): string | undefined {
  const c = d.code;
  return c === undefined ? undefined : typeof c === 'object' ? String(c.value) : String(c);
}

function withCode(uri: vscode.Uri, code: string): vscode.Diagnostic[] {
  return vscode.languages.getDiagnostics(uri).filter((d) => codeOf(d) === code);
}

function describeDiagnostics(uri: vscode.Uri): string {
  const all = vscode.languages.getDiagnostics(uri);
  return all.length
    ? all.map((d) => `  line ${d.range.start.line}: [${codeOf(d)}] ${d.message}`).join('\n')
    : '  (none)';
}

let activationError: Error | undefined;

/** The extension, active. Once activation has failed, later tests fail at once instead of waiting again. */
async function activeExtension(): Promise<vscode.Extension<unknown>> {
  if (activationError) throw new Error(`the extension did not activate: ${activationError.message}`);
  try {
    const ext = vscode.extensions.getExtension(EXTENSION_ID);
    assert.ok(ext, `extension ${EXTENSION_ID} is not installed in this extension host`);
    await waitFor(`${EXTENSION_ID} to activate`, () => ext.isActive);
    // isActive is also true when activation threw; activate() then re-throws that error.
    await ext.activate();
    return ext;
  } catch (e) {
    activationError = e as Error;
    throw e;
  }
}

function hoverText(hovers: vscode.Hover[] | undefined): string {
  return (hovers ?? [])
    .flatMap((h) => h.contents)
    .map((c) => (typeof c === 'string' ? c : c.value))
    .join('\n');
}

function labelOf(item: vscode.CompletionItem): string {
  return typeof item.label === 'string' ? item.label : `${item.label.label} ${item.label.description ?? ''}`;
}

// ---- tests -------------------------------------------------------------------------------------
suite('Kubernetes Pod Patterns in a real VS Code', () => {
  suiteTeardown(async () => {
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
  });

  test('activates when a YAML file opens', async () => {
    await open(FIXTURE_INIT_PROBE);
    const ext = await activeExtension();
    assert.equal(ext.id, EXTENSION_ID);
  });

  test(`[awaits: rule ${CODE_INIT_CONTAINER_PROBE}] flags a livenessProbe on an init container that is not a native sidecar`, async () => {
    const editor = await open(FIXTURE_INIT_PROBE);
    await activeExtension();
    const doc = editor.document;
    const probeLine = lineOf(doc, /^\s+livenessProbe:/, lineOf(doc, /^\s*initContainers:/));

    const found = await waitFor(`a ${CODE_INIT_CONTAINER_PROBE} diagnostic`, () => {
      const d = withCode(doc.uri, CODE_INIT_CONTAINER_PROBE);
      return d.length ? d : undefined;
    }).catch((e: Error) => {
      throw new Error(`${e.message}; diagnostics were:\n${describeDiagnostics(doc.uri)}`);
    });
    assert.equal(found.length, 1, `exactly one ${CODE_INIT_CONTAINER_PROBE} expected:\n${describeDiagnostics(doc.uri)}`);
    assert.equal(found[0].range.start.line, probeLine, `the diagnostic should sit on the livenessProbe line (${probeLine})`);
    assert.ok(found[0].message.length > 0, 'the diagnostic has a message');
  });

  test('hovering initContainers explains the init sequence', async () => {
    const editor = await open(FIXTURE_INIT_PROBE);
    await activeExtension();
    const doc = editor.document;
    const line = lineOf(doc, /^\s*initContainers:/);
    const position = new vscode.Position(line, doc.lineAt(line).firstNonWhitespaceCharacterIndex + 2);

    const text = await waitFor('a hover on initContainers', async () => {
      const hovers = await vscode.commands.executeCommand<vscode.Hover[]>('vscode.executeHoverProvider', doc.uri, position);
      return hoverText(hovers) || undefined;
    });
    assert.match(text, /init/i, `the hover should be about init containers:\n${text}`);
    assert.match(text, INIT_SEQUENCE, `the hover should explain that init containers run in sequence:\n${text}`);
  });

  test(`with ${SETTING_SECTION}.${SETTING_KUBERNETES_VERSION} = ${OLD_KUBERNETES_VERSION} a native sidecar's restartPolicy is an unknown field, and not once it is set back`, async () => {
    const editor = await open(FIXTURE_NATIVE_SIDECAR);
    await activeExtension();
    const doc = editor.document;
    const sidecarLine = lineOf(doc, /^\s+restartPolicy:\s*Always/, lineOf(doc, /^\s*initContainers:/));
    const onSidecar = () => withCode(doc.uri, CODE_UNKNOWN_FIELD).filter((d) => d.range.start.line === sidecarLine);

    const config = () => vscode.workspace.getConfiguration(SETTING_SECTION);
    const before = config().inspect(SETTING_KUBERNETES_VERSION)?.globalValue;
    await config().update(SETTING_KUBERNETES_VERSION, OLD_KUBERNETES_VERSION, vscode.ConfigurationTarget.Global);
    try {
      await waitFor(`${CODE_UNKNOWN_FIELD} on line ${sidecarLine} with Kubernetes ${OLD_KUBERNETES_VERSION}`, () =>
        onSidecar().length ? true : undefined,
      ).catch((e: Error) => {
        throw new Error(`${e.message}; diagnostics were:\n${describeDiagnostics(doc.uri)}`);
      });
    } finally {
      await config().update(SETTING_KUBERNETES_VERSION, before, vscode.ConfigurationTarget.Global);
    }
    await waitFor(`${CODE_UNKNOWN_FIELD} to go away once the setting is back`, () =>
      onSidecar().length ? undefined : true,
    ).catch((e: Error) => {
      throw new Error(`${e.message}; diagnostics were:\n${describeDiagnostics(doc.uri)}`);
    });
  });

  test('[awaits: snippets] completion in a container list offers the native sidecar snippet', async () => {
    const editor = await open(FIXTURE_COMPLETION);
    await activeExtension();
    const doc = editor.document;
    // A new, empty item at the end of the initContainers list, the way a user starts one.
    const at = lineOf(doc, /^\s*containers:/, lineOf(doc, /^\s*initContainers:/));
    const indent = ' '.repeat(doc.lineAt(at).firstNonWhitespaceCharacterIndex + 2);
    assert.ok(await editor.edit((b) => b.insert(new vscode.Position(at, 0), `${indent}- \n`)), 'the edit applies');
    const position = new vscode.Position(at, indent.length + 2);
    let seen: string[] = [];
    try {
      await waitFor(`a completion item whose label matches ${SNIPPET_LABEL}`, async () => {
        const list = await vscode.commands.executeCommand<vscode.CompletionList>(
          'vscode.executeCompletionItemProvider', doc.uri, position,
        );
        seen = (list?.items ?? []).map(labelOf);
        return seen.some((s) => SNIPPET_LABEL.test(s)) || undefined;
      }).catch((e: Error) => {
        throw new Error(`${e.message}; offered: ${seen.slice(0, 15).join(' | ') || '(nothing)'}`);
      });
    } finally {
      await vscode.commands.executeCommand('workbench.action.files.revert');
    }
  });
});
