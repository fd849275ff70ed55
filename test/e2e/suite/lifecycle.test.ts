// The lifecycle view follows its pod, in a real VS Code extension host (Node and web worker alike:
// the client code is common.ts). The code lens opens one panel for the pod; edits to the document
// (a container renamed, an init container and a document inserted above, the pod renamed, the pod
// removed and put back), and a change of the Kubernetes version setting, re-render that same panel from the server; the lens clicked again reveals
// it instead of opening another. What a panel shows is read through the extension's test-only
// command `podPatterns.lifecycleState` (webview content is not readable from an extension). The
// fixture is test/e2e/fixtures/lifecycle-view.yaml, reverted at the end.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';

const EXTENSION_ID = 'kube-pod-patterns.kube-pod-patterns';
const FIXTURE = 'lifecycle-view.yaml';
const STATE_COMMAND = 'podPatterns.lifecycleState';
const DEADLINE_MS = 20_000;
const POLL_MS = 100;

interface PanelState {
  uri: string;
  key: { document: number; object: number; path: string; kind: string; name?: string };
  title: string;
  html: string;
  renders: number;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Polls `probe` until it returns a truthy value; fails with `what` (and the last value seen) after `ms`. */
async function waitFor<T>(what: string, probe: () => T | undefined | Promise<T | undefined>, last?: () => unknown, ms = DEADLINE_MS): Promise<T> {
  const end = Date.now() + ms;
  for (;;) {
    const value = await probe();
    if (value) return value;
    if (Date.now() > end) throw new Error(`timed out after ${ms} ms waiting for ${what}${last ? `; last seen: ${JSON.stringify(await last())}` : ''}`);
    await sleep(POLL_MS);
  }
}

const panels = async (): Promise<PanelState[]> => (await vscode.commands.executeCommand<PanelState[]>(STATE_COMMAND)) ?? [];
/** The names of the chart's rows in a page. */
const rows = (html: string): string[] => [...html.matchAll(/<div class="name [^"]*" title="([^"]*)">/g)].map((m) => m[1]);
const lifecycleTabs = () => vscode.window.tabGroups.all.flatMap((g) => g.tabs).filter((t) => t.label.startsWith('Lifecycle: '));

/** Waits until the one panel has rendered more than `after` times and shows what `ok` wants. */
async function panelWhere(what: string, after: number, ok: (p: PanelState) => boolean): Promise<PanelState> {
  let seen: PanelState[] = [];
  return waitFor(
    what,
    async () => {
      seen = await panels();
      return seen.length === 1 && seen[0].renders > after && ok(seen[0]) ? seen[0] : undefined;
    },
    () => seen.map((p) => ({ title: p.title, renders: p.renders, key: p.key, rows: rows(p.html), notice: /class="notice"[^>]*>([^<]*)/.exec(p.html)?.[1] })),
  );
}

/** Replaces the first occurrence of `from` in the editor's document with `to`. */
async function replace(editor: vscode.TextEditor, from: string, to: string): Promise<void> {
  const doc = editor.document;
  const at = doc.getText().indexOf(from);
  assert.ok(at >= 0, `"${from}" is in ${doc.uri.path}`);
  const ok = await editor.edit((e) => e.replace(new vscode.Range(doc.positionAt(at), doc.positionAt(at + from.length)), to));
  assert.ok(ok, `the edit "${from}" → "${to}" applied`);
}

async function runLens(doc: vscode.TextDocument): Promise<void> {
  const lenses = await waitFor('a code lens', async () => {
    const l = await vscode.commands.executeCommand<vscode.CodeLens[]>('vscode.executeCodeLensProvider', doc.uri);
    return l?.length ? l : undefined;
  });
  assert.equal(lenses.length, 1, 'one lens: the Pod (the ConfigMap has none)');
  const command = lenses[0].command;
  assert.equal(command?.title, 'Show Pod Lifecycle');
  await vscode.commands.executeCommand(command!.command, ...(command!.arguments ?? []));
}

suite('lifecycle view', () => {
  test('one panel per pod that follows edits, revealed again by its lens', async () => {
    const ext = vscode.extensions.getExtension(EXTENSION_ID);
    assert.ok(ext, `extension ${EXTENSION_ID} is installed`);
    await ext.activate();
    const folder = vscode.workspace.workspaceFolders?.[0];
    assert.ok(folder, 'the fixtures folder is the workspace');
    const doc = await vscode.workspace.openTextDocument(vscode.Uri.joinPath(folder.uri, FIXTURE));
    const editor = await vscode.window.showTextDocument(doc);
    const config = vscode.workspace.getConfiguration('podPatterns');
    const versionBefore = config.inspect<string>('kubernetesVersion')?.workspaceValue;
    try {
      assert.deepEqual(await panels(), [], 'no lifecycle panel is open yet');
      await runLens(doc);
      const opened = await panelWhere('the lifecycle panel', 0, () => true);
      assert.equal(opened.uri, doc.uri.toString());
      assert.equal(opened.title, 'Pod lifecycle-demo');
      assert.deepEqual(opened.key, { document: 1, object: 0, path: 'spec', kind: 'Pod', name: 'lifecycle-demo' });
      assert.deepEqual(rows(opened.html), ['migrate', 'log-shipper', 'app']);
      assert.match(opened.html, /Content-Security-Policy" content="default-src 'none'; style-src 'nonce-/);
      const tab = await waitFor('the lifecycle tab', () => lifecycleTabs()[0]);
      assert.equal(tab.label, 'Lifecycle: Pod lifecycle-demo');

      // A container renamed: the same panel shows it.
      await replace(editor, '    - name: app\n', '    - name: web-server\n');
      const renamed = await panelWhere('the renamed container', opened.renders, (p) => rows(p.html).includes('web-server'));
      assert.deepEqual(rows(renamed.html), ['migrate', 'log-shipper', 'web-server']);

      // An init container added, and a document inserted above the pod: found again, one document further.
      await replace(editor, '  initContainers:\n', '  initContainers:\n    - name: wait-for-db\n      image: busybox:1.36\n      command: ["sh", "-c", "until nslookup db; do sleep 2; done"]\n');
      await replace(editor, '---\n', '---\napiVersion: v1\nkind: Service\nmetadata:\n  name: db\nspec:\n  ports:\n    - port: 5432\n---\n');
      const moved = await panelWhere('the init container added and the pod moved', renamed.renders, (p) => p.key.document === 2 && rows(p.html)[0] === 'wait-for-db');
      assert.deepEqual(rows(moved.html), ['wait-for-db', 'migrate', 'log-shipper', 'web-server']);

      // The lens clicked again: the same panel, revealed, not a second one.
      await runLens(doc);
      const revealed = await panelWhere('the panel revealed', moved.renders, () => true);
      assert.equal(revealed.key.document, 2);
      assert.equal(lifecycleTabs().length, 1, `one lifecycle tab: ${lifecycleTabs().map((t) => t.label).join(' | ')}`);

      // The pod renamed: the title follows.
      await replace(editor, '  name: lifecycle-demo\n', '  name: lifecycle-renamed\n');
      const retitled = await panelWhere('the pod renamed', revealed.renders, (p) => p.title === 'Pod lifecycle-renamed');
      assert.deepEqual(rows(retitled.html), ['wait-for-db', 'migrate', 'log-shipper', 'web-server']);
      await waitFor('the tab title to follow', () => lifecycleTabs().find((t) => t.label === 'Lifecycle: Pod lifecycle-renamed'));

      // The pod removed: the panel says so; put back: it shows the pod again.
      const podText = doc.getText().slice(doc.getText().lastIndexOf('---\n'));
      await replace(editor, podText, '');
      const gone = await panelWhere('the panel to say the pod is gone', retitled.renders, (p) => rows(p.html).length === 0);
      assert.match(gone.html, /There is no Pod lifecycle-renamed in this file any more/);
      await editor.edit((e) => e.insert(doc.positionAt(doc.getText().length), podText));
      const back = await panelWhere('the pod back', gone.renders, (p) => rows(p.html).length === 4);
      assert.equal(back.title, 'Pod lifecycle-renamed');

      // The Kubernetes version setting changed: re-rendered for that release (1.28 gates native sidecars).
      await config.update('kubernetesVersion', '1.28', vscode.ConfigurationTarget.Workspace);
      const old = await panelWhere('the page for Kubernetes 1.28', back.renders, (p) => /As Kubernetes 1\.28 runs it\./.test(p.html));
      assert.match(old.html, /native sidecars need the SidecarContainers feature gate/);
      await config.update('kubernetesVersion', versionBefore, vscode.ConfigurationTarget.Workspace);
      await panelWhere('the page for the version before', old.renders, (p) => !/As Kubernetes 1\.28 runs it\./.test(p.html));

      // Closed: the client forgets the panel.
      await vscode.window.tabGroups.close(lifecycleTabs());
      await waitFor('no panel left', async () => ((await panels()).length === 0 ? true : undefined));
    } finally {
      if (config.inspect<string>('kubernetesVersion')?.workspaceValue !== versionBefore) await config.update('kubernetesVersion', versionBefore, vscode.ConfigurationTarget.Workspace);
      if (lifecycleTabs().length) await vscode.window.tabGroups.close(lifecycleTabs());
      await vscode.window.showTextDocument(doc);
      await vscode.commands.executeCommand('workbench.action.files.revert');
    }
  });
});
