// End-to-end tests run inside a real VS Code extension host against the built extension
// (dist/client.js + dist/server.js), through VS Code's own commands: what the editor shows comes
// from these same calls. The workspace is a temporary copy of test/e2e/fixtures/: tests may edit
// files, and put back what they change (revert, or the setting's previous value).
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { HOST_MARKER, hostKind } from './outcomes';

// ---- What the tests expect from the extension (change here when a name changes) ----------------
const EXTENSION_ID = 'kube-pod-patterns.kube-pod-patterns';
const SOURCE = 'kube-pod-patterns';
const CODE_INIT_CONTAINER_PROBE = 'pod/init-container-probe';
const CODE_JOB_SIDECAR = 'pattern/job-sidecar-in-containers';
const CODE_UNKNOWN_FIELD = 'schema/unknown-field';
const SETTING_SECTION = 'podPatterns';
const SETTING_KUBERNETES_VERSION = 'kubernetesVersion';
const OLD_KUBERNETES_VERSION = '1.27'; // before native sidecars (container restartPolicy, 1.28)
const CONVERT_TO_NATIVE_SIDECAR = 'Convert to native sidecar';
const ADD_NATIVE_SIDECAR = 'Add native sidecar container';
const INIT_SEQUENCE = /sequen|in order|one (at a time|after another)/i;

const FIXTURE_INIT_PROBE = 'init-probe.yaml';
const FIXTURE_NATIVE_SIDECAR = 'native-sidecar.yaml';
const FIXTURE_JOB_SIDECAR = 'job-sidecar.yaml';
const FIXTURE_CONVERT = 'convert-sidecar.yaml';
const FIXTURE_COMPLETION = 'completion.yaml';
const FIXTURE_WEB = 'web-deployment.yaml';
const SETTING_INLAY_DEFAULTS = 'inlayHints.defaults';
const expectedOf = (name: string) => name.replace(/\.yaml$/, '.expected.yaml');

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

/** The fixture's text on disk (the expected results are fixtures too). */
async function readFixture(name: string): Promise<string> {
  return new TextDecoder().decode(await vscode.workspace.fs.readFile(fixtureUri(name)));
}

/** Undoes a test's unsaved edits in `editor`. */
async function revert(editor: vscode.TextEditor): Promise<void> {
  await vscode.window.showTextDocument(editor.document);
  await vscode.commands.executeCommand('workbench.action.files.revert');
  assert.equal(editor.document.isDirty, false, `${editor.document.uri.path} should be reverted`);
}

/** 0-based line of the first line matching `re` at or after line `from`. */
function lineOf(doc: vscode.TextDocument, re: RegExp, from = 0): number {
  for (let i = from; i < doc.lineCount; i++) if (re.test(doc.lineAt(i).text)) return i;
  throw new Error(`no line matches ${re} in ${doc.uri.path}`);
}

/** Position inside the first match of `re` on `line` (`offset` characters into the match). */
function positionIn(doc: vscode.TextDocument, line: number, re: RegExp, offset = 1): vscode.Position {
  const m = re.exec(doc.lineAt(line).text);
  assert.ok(m, `line ${line} of ${doc.uri.path} should match ${re}`);
  return new vscode.Position(line, m.index + offset);
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

/** Waits until diagnostics with `code` are published for `uri`, and returns them. */
async function diagnosticsWith(uri: vscode.Uri, code: string): Promise<vscode.Diagnostic[]> {
  return waitFor(`a ${code} diagnostic`, () => {
    const d = withCode(uri, code);
    return d.length ? d : undefined;
  }).catch((e: Error) => {
    throw new Error(`${e.message}; diagnostics were:\n${describeDiagnostics(uri)}`);
  });
}

/** Waits until no diagnostic with `code` is left for `uri`. */
async function noDiagnosticWith(uri: vscode.Uri, code: string): Promise<void> {
  await waitFor(`the ${code} diagnostic to go away`, () => (withCode(uri, code).length ? undefined : true)).catch(
    (e: Error) => {
      throw new Error(`${e.message}; diagnostics were:\n${describeDiagnostics(uri)}`);
    },
  );
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

/** The hover text at `position` once the server answers with one that matches `re`. */
async function hoverMatching(doc: vscode.TextDocument, position: vscode.Position, re: RegExp): Promise<string> {
  let last = '';
  return waitFor(`a hover matching ${re} at ${position.line}:${position.character}`, async () => {
    last = hoverText(await vscode.commands.executeCommand<vscode.Hover[]>('vscode.executeHoverProvider', doc.uri, position));
    return re.test(last) ? last : undefined;
  }).catch((e: Error) => {
    throw new Error(`${e.message}; the hover was:\n${last || '(none)'}`);
  });
}

function labelOf(item: vscode.CompletionItem): string {
  return typeof item.label === 'string' ? item.label : item.label.label;
}

async function codeActions(uri: vscode.Uri, range: vscode.Range, kind?: string): Promise<vscode.CodeAction[]> {
  const actions = await vscode.commands.executeCommand<(vscode.CodeAction | vscode.Command)[]>(
    'vscode.executeCodeActionProvider', uri, range, kind,
  );
  return (actions ?? []).filter((a): a is vscode.CodeAction => !('command' in a && typeof a.command === 'string'));
}

/** Waits until the server offers an action whose title matches; `seen` lists what it offered. */
async function actionTitled(uri: vscode.Uri, range: vscode.Range, title: string | RegExp, kind?: string): Promise<vscode.CodeAction> {
  let seen: string[] = [];
  const matches = (t: string) => (typeof title === 'string' ? t === title : title.test(t));
  return waitFor(`a code action "${title}"`, async () => {
    const actions = await codeActions(uri, range, kind);
    seen = actions.map((a) => a.title);
    return actions.find((a) => matches(a.title));
  }).catch((e: Error) => {
    throw new Error(`${e.message}; offered: ${seen.join(' | ') || '(nothing)'}`);
  });
}

/**
 * Applies a code action as the light bulb does: its workspace edit, then its command. The edit
 * may hold snippet edits (vscode.SnippetTextEdit, with tab stops): VS Code inserts those as a
 * snippet in the active editor, placeholders filled with their defaults; leaving snippet mode
 * afterwards makes the text final.
 */
async function apply(editor: vscode.TextEditor, action: vscode.CodeAction): Promise<void> {
  await vscode.window.showTextDocument(editor.document);
  const before = editor.document.version;
  if (action.edit) assert.ok(await vscode.workspace.applyEdit(action.edit), `the edit of "${action.title}" applies`);
  if (action.command) await vscode.commands.executeCommand(action.command.command, ...(action.command.arguments ?? []));
  await vscode.commands.executeCommand('leaveSnippet');
  assert.ok(editor.document.version > before, `"${action.title}" should change the text`);
}

/**
 * The new text of the plain text edits of a workspace edit. WorkspaceEdit.entries() lists only
 * those: its snippet edits (vscode.SnippetTextEdit) are not in it.
 */
function plainEditTexts(edit: vscode.WorkspaceEdit | undefined): string[] {
  return (edit?.entries() ?? []).flatMap(([, edits]) => edits.map((e) => e.newText));
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

  test('runs in the extension host the run asked for: Node, or the web worker', async () => {
    await open(FIXTURE_INIT_PROBE);
    const ext = await activeExtension();
    const actual = hostKind();
    const kind = ext.extensionKind === vscode.ExtensionKind.UI ? 'UI' : 'Workspace';
    // scripts/e2e/run.mjs reads this line from the page's console and fails the run when it is not the host it asked for.
    console.log(`${HOST_MARKER}${actual} (extensionKind ${kind}, uiKind ${vscode.env.uiKind === vscode.UIKind.Web ? 'Web' : 'Desktop'})`);
    assert.equal(actual, globalThis.KPP_E2E_EXPECTED_HOST, 'the extension host');
    // Where the UI runs (the browser) for the web worker.
    if (actual === 'web') assert.equal(kind, 'UI');
  });

  suite('diagnostics', () => {
    test(`opening a manifest publishes ${CODE_INIT_CONTAINER_PROBE} on the livenessProbe of a plain init container, in the API server's words`, async () => {
      const { document: doc } = await open(FIXTURE_INIT_PROBE);
      await activeExtension();
      const probeLine = lineOf(doc, /^\s+livenessProbe:/, lineOf(doc, /^\s*initContainers:/));
      await diagnosticsWith(doc.uri, CODE_INIT_CONTAINER_PROBE);
      // The server publishes a document's findings at once: this is the whole set.
      const all = vscode.languages.getDiagnostics(doc.uri);
      assert.equal(all.length, 1, `exactly one diagnostic expected:\n${describeDiagnostics(doc.uri)}`);
      const [d] = all;
      assert.equal(codeOf(d), CODE_INIT_CONTAINER_PROBE);
      assert.equal(d.source, SOURCE);
      assert.equal(d.severity, vscode.DiagnosticSeverity.Error);
      assert.equal(
        d.message,
        'spec.initContainers[0].livenessProbe: Forbidden: may not be set for init containers without restartPolicy=Always',
      );
      assert.deepEqual(
        [d.range.start.line, d.range.start.character, d.range.end.line],
        [probeLine, doc.lineAt(probeLine).firstNonWhitespaceCharacterIndex, probeLine],
        'the diagnostic underlines the livenessProbe key',
      );
      const target = typeof d.code === 'object' ? d.code.target : undefined;
      assert.match(String(target), /docs\/rules\.md#pod-init-container-probe$/, 'the code links to the rule\'s documentation');
    });

    test(`a log shipper in the containers of a Job gets ${CODE_JOB_SIDECAR} on its name`, async () => {
      const { document: doc } = await open(FIXTURE_JOB_SIDECAR);
      await activeExtension();
      const nameLine = lineOf(doc, /- name: log-shipper/);
      await diagnosticsWith(doc.uri, CODE_JOB_SIDECAR);
      const all = vscode.languages.getDiagnostics(doc.uri);
      assert.equal(all.length, 1, `exactly one diagnostic expected:\n${describeDiagnostics(doc.uri)}`);
      assert.equal(all[0].severity, vscode.DiagnosticSeverity.Warning);
      assert.deepEqual(all[0].range, new vscode.Range(positionIn(doc, nameLine, /log-shipper/, 0), positionIn(doc, nameLine, /log-shipper/, 'log-shipper'.length)));
      assert.match(all[0].message, /Job never completes/);
    });

    test(`with ${SETTING_SECTION}.${SETTING_KUBERNETES_VERSION} = ${OLD_KUBERNETES_VERSION} a native sidecar's restartPolicy is an unknown field, and not once it is set back`, async () => {
      const { document: doc } = await open(FIXTURE_NATIVE_SIDECAR);
      await activeExtension();
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
      await noDiagnosticWith(doc.uri, CODE_UNKNOWN_FIELD);
    });

    test(`with ${SETTING_SECTION}.${SETTING_KUBERNETES_VERSION} = ${OLD_KUBERNETES_VERSION} the init container probe message is the one of that release`, async () => {
      const { document: doc } = await open(FIXTURE_INIT_PROBE);
      await activeExtension();
      const message = () => withCode(doc.uri, CODE_INIT_CONTAINER_PROBE)[0]?.message;
      await waitFor('the 1.36 message', () => message()?.endsWith('without restartPolicy=Always'));
      const config = () => vscode.workspace.getConfiguration(SETTING_SECTION);
      const before = config().inspect(SETTING_KUBERNETES_VERSION)?.globalValue;
      await config().update(SETTING_KUBERNETES_VERSION, OLD_KUBERNETES_VERSION, vscode.ConfigurationTarget.Global);
      try {
        // 1.27 knows no native sidecars: its message does not mention restartPolicy.
        await waitFor(`the ${OLD_KUBERNETES_VERSION} message`, () => message()?.endsWith('may not be set for init containers')).catch((e: Error) => {
          throw new Error(`${e.message}; diagnostics were:\n${describeDiagnostics(doc.uri)}`);
        });
      } finally {
        await config().update(SETTING_KUBERNETES_VERSION, before, vscode.ConfigurationTarget.Global);
      }
      await waitFor('the 1.36 message again', () => message()?.endsWith('without restartPolicy=Always'));
    });
  });

  suite('hovers', () => {
    test('hovering initContainers explains the init sequence', async () => {
      const { document: doc } = await open(FIXTURE_INIT_PROBE);
      await activeExtension();
      const line = lineOf(doc, /^\s*initContainers:/);
      const text = await hoverMatching(doc, positionIn(doc, line, /initContainers/, 2), INIT_SEQUENCE);
      assert.match(text, /Init sequence of this pod/, text);
    });

    test('hovering the name of a regular init container says which step of the init sequence it is', async () => {
      const { document: doc } = await open(FIXTURE_NATIVE_SIDECAR);
      await activeExtension();
      const line = lineOf(doc, /- name: migrate/);
      const text = await hoverMatching(doc, positionIn(doc, line, /migrate/), /init container 1 of 2/);
      assert.match(text, /must run to completion/i, text);
      assert.match(text, /Init:0\/2/, `the hover names the status kubectl shows:\n${text}`);
    });

    test('hovering the name of a native sidecar explains the sidecar lifecycle', async () => {
      const { document: doc } = await open(FIXTURE_NATIVE_SIDECAR);
      await activeExtension();
      const line = lineOf(doc, /- name: log-shipper/);
      const text = await hoverMatching(doc, positionIn(doc, line, /log-shipper/), /native sidecar/);
      assert.match(text, /init container 2 of 2/, text);
      assert.match(text, /Stopped after the app containers/, text);
    });

    test('hovering a field gives its upstream description (in the web worker, the descriptions the client handed over)', async () => {
      const { document: doc } = await open(FIXTURE_NATIVE_SIDECAR);
      await activeExtension();
      const line = lineOf(doc, /^\s+image: /);
      await hoverMatching(doc, positionIn(doc, line, /image/), /Container image name/);
    });
  });

  suite('code actions', () => {
    test(`quick fixes of ${CODE_INIT_CONTAINER_PROBE}: "Remove livenessProbe", and "Make db-proxy a native sidecar" adds restartPolicy: Always`, async () => {
      const editor = await open(FIXTURE_INIT_PROBE);
      const doc = editor.document;
      await activeExtension();
      const [d] = await diagnosticsWith(doc.uri, CODE_INIT_CONTAINER_PROBE);
      try {
        await actionTitled(doc.uri, d.range, 'Remove livenessProbe', vscode.CodeActionKind.QuickFix.value);
        const make = await actionTitled(doc.uri, d.range, /^Make db-proxy a native sidecar/, vscode.CodeActionKind.QuickFix.value);
        await apply(editor, make);
        const image = lineOf(doc, /^\s+image: gcr\.io\//, lineOf(doc, /^\s*initContainers:/));
        assert.equal(doc.lineAt(image + 1).text, '      restartPolicy: Always', `restartPolicy follows the image:\n${doc.getText()}`);
        await noDiagnosticWith(doc.uri, CODE_INIT_CONTAINER_PROBE);
      } finally {
        await revert(editor);
      }
    });

    test(`quick fix of ${CODE_JOB_SIDECAR}: "Convert log-shipper to a native sidecar"`, async () => {
      const editor = await open(FIXTURE_JOB_SIDECAR);
      const doc = editor.document;
      await activeExtension();
      const [d] = await diagnosticsWith(doc.uri, CODE_JOB_SIDECAR);
      try {
        const fix = await actionTitled(doc.uri, d.range, 'Convert log-shipper to a native sidecar', vscode.CodeActionKind.QuickFix.value);
        assert.equal(fix.isPreferred, true, 'it is the preferred fix (Shift+Alt+. applies it)');
        await apply(editor, fix);
        assert.equal(doc.getText(), await readFixture(expectedOf(FIXTURE_JOB_SIDECAR)));
        await noDiagnosticWith(doc.uri, CODE_JOB_SIDECAR);
      } finally {
        await revert(editor);
      }
    });

    test(`"${CONVERT_TO_NATIVE_SIDECAR}" (refactor.rewrite) moves an app container to initContainers`, async () => {
      const editor = await open(FIXTURE_CONVERT);
      const doc = editor.document;
      await activeExtension();
      const at = positionIn(doc, lineOf(doc, /- name: log-shipper/), /log-shipper/);
      try {
        const action = await actionTitled(doc.uri, new vscode.Range(at, at), CONVERT_TO_NATIVE_SIDECAR, vscode.CodeActionKind.RefactorRewrite.value);
        assert.equal(action.kind?.value, vscode.CodeActionKind.RefactorRewrite.value);
        await apply(editor, action);
        assert.equal(doc.getText(), await readFixture(expectedOf(FIXTURE_CONVERT)));
      } finally {
        await revert(editor);
      }
    });

    test(`"${CONVERT_TO_NATIVE_SIDECAR}" is not offered on the only app container of a pod`, async () => {
      const { document: doc } = await open(FIXTURE_INIT_PROBE);
      await activeExtension();
      const at = positionIn(doc, lineOf(doc, /- name: app/), /app/);
      // The refactorings of the place are offered (so the server has answered), this one not.
      const actions = await waitFor('the refactorings at the app container', async () => {
        const a = await codeActions(doc.uri, new vscode.Range(at, at), vscode.CodeActionKind.Refactor.value);
        return a.some((x) => x.title === ADD_NATIVE_SIDECAR) ? a : undefined;
      });
      assert.ok(!actions.some((a) => a.title === CONVERT_TO_NATIVE_SIDECAR), `offered: ${actions.map((a) => a.title).join(' | ')}`);
    });

    test(`"${ADD_NATIVE_SIDECAR}" inserts a snippet edit whose result is a native sidecar the server accepts`, async () => {
      const editor = await open(FIXTURE_INIT_PROBE);
      const doc = editor.document;
      await activeExtension();
      const at = positionIn(doc, lineOf(doc, /- name: app/), /app/);
      try {
        const action = await actionTitled(doc.uri, new vscode.Range(at, at), ADD_NATIVE_SIDECAR, vscode.CodeActionKind.Refactor.value);
        assert.ok(action.edit, 'the action carries its edit');
        // The new container comes as a snippet edit (its name and image are tab stops), not as plain text.
        assert.ok(!plainEditTexts(action.edit).some((t) => /restartPolicy: Always/.test(t)), 'the sidecar is a snippet edit');
        await apply(editor, action);
        const init = lineOf(doc, /^\s*initContainers:/);
        const always = lineOf(doc, /^\s+restartPolicy: Always$/, init);
        assert.ok(always < lineOf(doc, /^\s*containers:/), `the sidecar goes to initContainers:\n${doc.getText()}`);
        assert.ok(!/\$\{?\d/.test(doc.getText()), `no snippet syntax is left in the text:\n${doc.getText()}`);
        // Analysed again: the new container is a native sidecar for the hovers too.
        const name = lineOf(doc, /^\s+- name: /, lineOf(doc, /^\s+- name: db-proxy/) + 1);
        await hoverMatching(doc, positionIn(doc, name, /name: \S/, 'name: '.length + 1), /native sidecar/);
      } finally {
        await revert(editor);
      }
    });
  });

  suite('navigation', () => {
    test('go to definition on a volumeMounts name lands on the volume it names; references find every mount', async () => {
      const { document: doc } = await open(FIXTURE_WEB);
      await activeExtension();
      const volumes = lineOf(doc, /^\s*volumes:/);
      const volume = lineOf(doc, /^\s+- name: logs/, volumes);
      const mount = lineOf(doc, /^\s+- name: logs/, lineOf(doc, /^\s+- name: web$/));
      const at = positionIn(doc, mount, /logs/);
      const defs = await waitFor('a definition', async () => {
        const d = await vscode.commands.executeCommand<(vscode.Location | vscode.LocationLink)[]>('vscode.executeDefinitionProvider', doc.uri, at);
        return d?.length ? d : undefined;
      });
      assert.equal(defs.length, 1, 'one volume of that name');
      const def = defs[0];
      const range = 'targetRange' in def ? (def.targetSelectionRange ?? def.targetRange) : def.range;
      const uri = 'targetUri' in def ? def.targetUri : def.uri;
      assert.equal(uri.toString(), doc.uri.toString());
      assert.deepEqual([range.start.line, doc.getText(range)], [volume, 'logs'], 'the name of the volume under volumes');
      const refs = await vscode.commands.executeCommand<vscode.Location[]>('vscode.executeReferenceProvider', doc.uri, at);
      assert.deepEqual(
        refs.map((r) => r.range.start.line).sort((a, b) => a - b),
        [lineOf(doc, /^\s+- name: logs/, lineOf(doc, /^\s+- name: log-shipper/)), mount, volume],
        'the two mounts and the volume',
      );
    });

    test('rename a container: its name and the default-container annotation change, the Deployment and its labels do not; a name the API server rejects is refused', async () => {
      const { document: doc } = await open(FIXTURE_WEB);
      await activeExtension();
      const name = lineOf(doc, /^\s+- name: web$/);
      const at = positionIn(doc, name, /web/);
      const edit = await waitFor('a rename edit', () => Promise.resolve(vscode.commands.executeCommand<vscode.WorkspaceEdit>('vscode.executeDocumentRenameProvider', doc.uri, at, 'web-server')));
      const edits = edit.get(doc.uri).map((e) => [e.range.start.line, doc.getText(e.range), e.newText]).sort((a, b) => Number(a[0]) - Number(b[0]));
      assert.deepEqual(edits, [
        [lineOf(doc, /default-container: web$/), 'web', 'web-server'],
        [name, 'web', 'web-server'],
      ]);
      await assert.rejects(
        Promise.resolve(vscode.commands.executeCommand('vscode.executeDocumentRenameProvider', doc.uri, at, 'Web_Server')),
        /RFC 1123|lower case|must consist of/,
        'a container name must be a DNS label',
      );
      await assert.rejects(
        Promise.resolve(vscode.commands.executeCommand('vscode.executeDocumentRenameProvider', doc.uri, at, 'log-shipper')),
        /log-shipper/,
        'the name of another container of the pod',
      );
    });

    test('the outline lists each object, then its containers by role in start order, then its volumes', async () => {
      const { document: doc } = await open(FIXTURE_WEB);
      await activeExtension();
      const symbols = await waitFor('document symbols', async () => {
        const s = await vscode.commands.executeCommand<vscode.DocumentSymbol[]>('vscode.executeDocumentSymbolProvider', doc.uri);
        return s?.some((x) => x.name === 'Deployment web') ? s : undefined;
      });
      const ours = symbols.find((x) => x.name === 'Deployment web')!;
      assert.deepEqual(ours.children.map((c) => c.name), ['init 1/2 migrate', 'sidecar log-shipper', 'app web', 'volume logs']);
      assert.equal(ours.children[0].detail, 'migrate/migrate:v4.17.0');
    });

    test(`inlay hints: container order and role, the defaults that apply; ${SETTING_SECTION}.${SETTING_INLAY_DEFAULTS} = false turns the defaults off`, async () => {
      const { document: doc } = await open(FIXTURE_WEB);
      await activeExtension();
      const all = new vscode.Range(0, 0, doc.lineCount, 0);
      const hints = async () => (await vscode.commands.executeCommand<vscode.InlayHint[]>('vscode.executeInlayHintProvider', doc.uri, all)) ?? [];
      const label = (h: vscode.InlayHint) => (typeof h.label === 'string' ? h.label : h.label.map((p) => p.value).join('')).trim();
      const at = (h: vscode.InlayHint) => `${h.position.line}:${label(h)}`;
      const before = await waitFor('inlay hints', async () => {
        const h = await hints();
        return h.some((x) => /restartPolicy/.test(label(x))) ? h : undefined;
      });
      const names = (re: RegExp) => lineOf(doc, re);
      for (const want of [
        `${names(/- name: migrate/)}:init 1/2`,
        `${names(/- name: log-shipper/)}:sidecar, starts 2nd, stops last`,
        `${names(/- name: web$/)}:app, starts 3rd, stops first`,
      ]) assert.ok(before.map(at).includes(want), `${want} among: ${before.map(at).join(' | ')}`);
      assert.ok(before.some((h) => /imagePullPolicy: IfNotPresent/.test(label(h))), 'the default pull policy of a tagged image');
      const config = () => vscode.workspace.getConfiguration(SETTING_SECTION);
      const previous = config().inspect(SETTING_INLAY_DEFAULTS)?.globalValue;
      await config().update(SETTING_INLAY_DEFAULTS, false, vscode.ConfigurationTarget.Global);
      try {
        const after = await waitFor('the defaults to go', async () => {
          const h = await hints();
          return h.length && !h.some((x) => /restartPolicy|imagePullPolicy/.test(label(x))) ? h : undefined;
        });
        assert.ok(after.map(at).includes(`${names(/- name: migrate/)}:init 1/2`), 'the container order stays');
      } finally {
        await config().update(SETTING_INLAY_DEFAULTS, previous, vscode.ConfigurationTarget.Global);
      }
    });
  });

  suite('lifecycle', () => {
    test('the code lens above a pod names the server\'s lifecycle command, which opens the lifecycle view', async () => {
      const { document: doc } = await open(FIXTURE_NATIVE_SIDECAR);
      await activeExtension();
      const lenses = await waitFor('a code lens', async () => {
        const l = await vscode.commands.executeCommand<vscode.CodeLens[]>('vscode.executeCodeLensProvider', doc.uri);
        return l?.length ? l : undefined;
      });
      const lens = lenses.find((l) => l.command?.title === 'Show Pod Lifecycle');
      assert.ok(lens?.command, `a "Show Pod Lifecycle" lens: ${lenses.map((l) => l.command?.title).join(' | ')}`);
      // Not a command of this client only: the server's, which any LSP client can run (it answers markdown).
      assert.equal(lens.command.command, 'podPatterns.lifecycle');
      const lifecycleTabs = () => vscode.window.tabGroups.all.flatMap((g) => g.tabs).filter((t) => t.label.startsWith('Lifecycle: '));
      assert.deepEqual(lifecycleTabs(), [], 'no lifecycle view is open yet');
      await vscode.commands.executeCommand(lens.command.command, ...(lens.command.arguments ?? []));
      const tab = await waitFor('the lifecycle view', () => lifecycleTabs()[0]);
      assert.match(tab.label, /^Lifecycle: Pod /);
      assert.ok(tab.input instanceof vscode.TabInputWebview, 'the view is a webview');
      await vscode.window.tabGroups.close(tab);
    });
  });

  suite('snippets', () => {
    /** The snippets the extension contributes for YAML, by prefix, from its own manifest. */
    async function contributedSnippets(): Promise<Map<string, { body: string[] | string; description?: string }>> {
      const ext = await activeExtension();
      const contributed = (ext.packageJSON.contributes?.snippets ?? []) as { language: string; path: string }[];
      const yaml = contributed.filter((s) => s.language === 'yaml');
      assert.ok(yaml.length > 0, 'the extension contributes YAML snippets');
      const out = new Map<string, { body: string[] | string; description?: string }>();
      for (const s of yaml) {
        const raw = new TextDecoder().decode(await vscode.workspace.fs.readFile(vscode.Uri.joinPath(ext.extensionUri, s.path)));
        for (const snippet of Object.values(JSON.parse(raw) as Record<string, { prefix: string | string[]; body: string[] | string; description?: string }>)) {
          for (const p of [snippet.prefix].flat()) out.set(p, snippet);
        }
      }
      return out;
    }

    test('completion in an empty YAML file offers every snippet of the extension', async () => {
      const snippets = await contributedSnippets();
      const doc = await vscode.workspace.openTextDocument({ language: 'yaml', content: '' });
      await vscode.window.showTextDocument(doc);
      let offered: vscode.CompletionItem[] = [];
      await waitFor('completion items for every contributed snippet', async () => {
        const list = await vscode.commands.executeCommand<vscode.CompletionList>(
          'vscode.executeCompletionItemProvider', doc.uri, new vscode.Position(0, 0),
        );
        offered = (list?.items ?? []).filter((i) => i.kind === vscode.CompletionItemKind.Snippet);
        const labels = new Set(offered.map(labelOf));
        return [...snippets.keys()].every((p) => labels.has(p)) || undefined;
      }).catch((e: Error) => {
        throw new Error(`${e.message}; missing: ${[...snippets.keys()].filter((p) => !offered.some((i) => labelOf(i) === p)).join(', ')}`);
      });
      const sidecar = offered.find((i) => labelOf(i) === 'pod-native-sidecar');
      assert.ok(sidecar, 'pod-native-sidecar is offered');
      assert.ok(sidecar.insertText instanceof vscode.SnippetString, 'it inserts as a snippet');
      await vscode.commands.executeCommand('workbench.action.revertAndCloseActiveEditor');
    });

    test('completion in a container list offers the pod snippets too (prefix "pod-")', async () => {
      const editor = await open(FIXTURE_COMPLETION);
      await activeExtension();
      const doc = editor.document;
      // A new item at the end of the initContainers list, the way a user starts one.
      const at = lineOf(doc, /^\s*containers:/, lineOf(doc, /^\s*initContainers:/));
      const indent = ' '.repeat(doc.lineAt(at).firstNonWhitespaceCharacterIndex + 2);
      assert.ok(await editor.edit((b) => b.insert(new vscode.Position(at, 0), `${indent}- pod-\n`)), 'the edit applies');
      const position = new vscode.Position(at, indent.length + 6);
      let seen: string[] = [];
      try {
        await waitFor('the pod-native-sidecar snippet', async () => {
          const list = await vscode.commands.executeCommand<vscode.CompletionList>(
            'vscode.executeCompletionItemProvider', doc.uri, position,
          );
          const items = (list?.items ?? []).filter((i) => i.kind === vscode.CompletionItemKind.Snippet);
          seen = items.map(labelOf);
          return seen.includes('pod-native-sidecar') || undefined;
        }).catch((e: Error) => {
          throw new Error(`${e.message}; snippets offered: ${seen.join(' | ') || '(none)'}`);
        });
      } finally {
        await revert(editor);
      }
    });

    test('the pod-native-sidecar snippet, inserted, is a pod whose sidecar the server sees as one', async () => {
      const snippet = (await contributedSnippets()).get('pod-native-sidecar');
      assert.ok(snippet, 'the extension contributes pod-native-sidecar');
      const doc = await vscode.workspace.openTextDocument({ language: 'yaml', content: '' });
      const editor = await vscode.window.showTextDocument(doc);
      try {
        const body = [snippet.body].flat().join('\n');
        assert.ok(await editor.insertSnippet(new vscode.SnippetString(body)), 'the snippet inserts');
        await vscode.commands.executeCommand('leaveSnippet');
        assert.match(doc.getText(), /restartPolicy: Always/);
        const name = lineOf(doc, /^\s+- name: log-shipper/);
        await hoverMatching(doc, positionIn(doc, name, /log-shipper/), /native sidecar/);
      } finally {
        await vscode.commands.executeCommand('workbench.action.revertAndCloseActiveEditor');
      }
    });
  });
});
