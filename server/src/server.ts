/**
 * The language server: LSP glue around the pure analysis core. Capabilities,
 * handlers of a few lines each, a per-(uri, version) analysis cache, an
 * adaptive debounce, cancellation of stale work, and a guard that turns any
 * exception into a log line and an empty answer. Runs over stdio or IPC
 * (`--stdio`, `--node-ipc`), as vscode-languageserver picks from argv.
 */
import {
  createConnection,
  ProposedFeatures,
  TextDocuments,
  TextDocumentSyncKind,
  DiagnosticSeverity,
  DiagnosticTag,
  CodeActionKind,
  CompletionItemKind,
  InsertTextFormat,
  MarkupKind,
  type Connection,
  type Diagnostic,
  type CodeAction,
  type CodeLens,
  type CompletionItem,
  type InitializeResult,
  type CancellationToken,
} from 'vscode-languageserver/node';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { LanguageService } from './analysis/service';
import { type FileAnalysis } from './analysis/engine';
import { DEFAULT_SETTINGS, type AnalysisSettings } from './analysis/settings';
import type { Finding } from './analysis/rules/api';
import { applyOverrides, overridesFromConfig } from './analysis/settings';
import { ConfigFinder, ignoredBy, settingsFor } from './projectConfig';
import { KustomizePatches } from './kustomize';
import { CONFIG_FILE } from './analysis/config';
import { configCompletions } from './analysis/configCompletion';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import { renderSnippet } from './analysis/edits';
import { startWarmUp, type WarmUp } from './warmup';
import { capYoungGeneration } from './memory';

const SEVERITY: Record<string, DiagnosticSeverity> = {
  error: DiagnosticSeverity.Error,
  warning: DiagnosticSeverity.Warning,
  information: DiagnosticSeverity.Information,
  hint: DiagnosticSeverity.Hint,
};
const DOCS_URL = 'https://github.com/kube-pod-patterns/kube-pod-patterns/blob/main/docs/rules.md';

export function startServer(connection: Connection): void {
  const documents = new TextDocuments(TextDocument);
  const service = new LanguageService();
  /** The settings the user set explicitly in the editor: they override `.podpatterns.yaml`. */
  let overrides: Partial<AnalysisSettings> = {};
  const configs = new ConfigFinder();
  const patches = new KustomizePatches();

  const filePath = (uri: string): string | undefined => {
    try {
      return uri.startsWith('file:') ? fileURLToPath(uri) : undefined;
    } catch {
      return undefined;
    }
  };
  const isConfigFile = (uri: string): boolean => path.basename(filePath(uri) ?? uri) === CONFIG_FILE;

  /** Defaults, then the nearest `.podpatterns.yaml`, then the editor's explicit settings; undefined when ignored. */
  function settingsOf(uri: string): AnalysisSettings | undefined {
    const file = filePath(uri);
    let loaded;
    try {
      loaded = file ? configs.nearest(path.dirname(file)) : undefined;
    } catch (e) {
      log(`could not read ${CONFIG_FILE}: ${String(e)}`);
    }
    if (loaded && file && ignoredBy(loaded, file)) return undefined;
    const settings = applyOverrides(settingsFor({ ...DEFAULT_SETTINGS, rules: {} }, loaded), overrides);
    if (file && patches.isPatch(file)) settings.partial = true;
    return settings;
  }
  let pullConfiguration = false;
  let snippetEdits = false;
  const analyses = new Map<string, { version: number; analysis: FileAnalysis }>();
  const pending = new Map<string, ReturnType<typeof setTimeout>>();
  /** How long the last re-analysis of each document after an edit took (ms): the debounce follows it. */
  const cost = new Map<string, number>();
  let warmUp: WarmUp | undefined;

  const log = (msg: string): void => connection.console.log(`[kube-pod-patterns] ${msg}`);

  /** Runs a handler; any exception becomes a log line and the fallback answer. */
  function guard<A extends unknown[], R>(name: string, fallback: R, fn: (...args: A) => R): (...args: A) => R {
    return (...args: A): R => {
      warmUp?.stop();
      try {
        return fn(...args);
      } catch (e) {
        log(`${name} failed: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}`);
        return fallback;
      }
    };
  }

  function analysisOf(doc: TextDocument, token?: CancellationToken): FileAnalysis {
    const hit = analyses.get(doc.uri);
    if (hit && hit.version === doc.version) return hit.analysis;
    const settings = settingsOf(doc.uri);
    const t0 = performance.now();
    const analysis: FileAnalysis = settings
      ? service.analyze(doc.getText(), settings, token ? () => token.isCancellationRequested : undefined)
      : { segments: [], findings: [] };
    if (!token?.isCancellationRequested) {
      analyses.set(doc.uri, { version: doc.version, analysis });
      // Only re-analyses after an edit say what the next keystroke costs (an open reads every document).
      if (hit) cost.set(doc.uri, performance.now() - t0);
    }
    capYoungGeneration();
    return analysis;
  }

  function toDiagnostic(doc: TextDocument, f: Finding): Diagnostic {
    const d: Diagnostic = {
      range: { start: doc.positionAt(f.start), end: doc.positionAt(f.end) },
      severity: SEVERITY[f.severity],
      code: f.rule,
      codeDescription: { href: `${DOCS_URL}#${f.rule.replace(/[^a-z0-9-]/gi, '-').toLowerCase()}` },
      source: 'kube-pod-patterns',
      message: f.message,
      data: { rule: f.rule, fieldPath: f.fieldPath, apiErrorType: f.apiErrorType, document: f.document, extra: f.data },
    };
    if (f.tags?.length) d.tags = f.tags.map((t) => (t === 'unnecessary' ? DiagnosticTag.Unnecessary : DiagnosticTag.Deprecated));
    return d;
  }

  const validate = guard('validate', undefined, (uri: string): void => {
    const doc = documents.get(uri);
    if (!doc) return;
    const version = doc.version;
    if (isConfigFile(uri)) {
      const file = filePath(uri);
      const problems = file ? configs.load(file).problems : [];
      void connection.sendDiagnostics({
        uri,
        version,
        diagnostics: problems.map((p) => ({
          range: { start: doc.positionAt(p.start), end: doc.positionAt(p.end) },
          severity: DiagnosticSeverity.Error,
          code: 'config/invalid',
          source: 'kube-pod-patterns',
          message: p.message,
        })),
      });
      return;
    }
    const analysis = analysisOf(doc);
    // A newer edit arrived while we worked: its own run will publish.
    if (documents.get(uri)?.version !== version) return;
    void connection.sendDiagnostics({ uri, version, diagnostics: analysis.findings.map((f) => toDiagnostic(doc, f)) });
  });

  /**
   * A document is checked as soon as the messages already received are handled
   * (a burst of changes coalesces into one run). An edit re-reads only the YAML
   * document it touched, which is fast at any file size; only when the last
   * re-analysis after an edit was slow (one huge YAML document) does the check
   * wait a little for more keystrokes.
   */
  function schedule(doc: TextDocument): void {
    warmUp?.stop();
    const old = pending.get(doc.uri);
    if (old) clearTimeout(old);
    const last = cost.get(doc.uri) ?? 0;
    const delay = last < 25 ? 0 : Math.min(50, Math.round(last / 2));
    pending.set(
      doc.uri,
      setTimeout(() => {
        pending.delete(doc.uri);
        validate(doc.uri);
      }, delay),
    );
  }

  async function refreshSettings(): Promise<void> {
    if (!pullConfiguration) return;
    try {
      const config = (await connection.workspace.getConfiguration({ section: 'podPatterns' })) as unknown;
      overrides = overridesFromConfig(config);
    } catch (e) {
      log(`could not read settings: ${String(e)}`);
    }
  }

  /** A configuration changed (on disk or in an editor): every open manifest is checked again at once. */
  function recheckAll(): void {
    analyses.clear();
    for (const d of documents.all()) schedule(d);
  }

  connection.onInitialize((params): InitializeResult => {
    pullConfiguration = !!params.capabilities.workspace?.configuration;
    snippetEdits = !!params.capabilities.workspace?.workspaceEdit?.snippetEditSupport;
    overrides = overridesFromConfig(params.initializationOptions?.settings);
    return {
      capabilities: {
        textDocumentSync: { openClose: true, change: TextDocumentSyncKind.Incremental },
        hoverProvider: true,
        completionProvider: { triggerCharacters: [':', ' ', '-'], resolveProvider: false },
        codeActionProvider: { codeActionKinds: [CodeActionKind.QuickFix, CodeActionKind.RefactorRewrite, CodeActionKind.Refactor] },
        codeLensProvider: { resolveProvider: false },
      },
      serverInfo: { name: 'kube-pod-patterns', version: '0.1.0' },
    };
  });

  connection.onInitialized(async () => {
    await refreshSettings();
    for (const d of documents.all()) schedule(d);
    // Until the first document or request arrives, compile the hot paths on a sample (warmup.ts).
    if (documents.all().length === 0 && process.env.KUBE_POD_PATTERNS_NO_WARMUP !== '1')
      warmUp = startWarmUp(() => settingsOf('untitled:warm-up') ?? DEFAULT_SETTINGS, undefined, (e) => log(`warm-up failed: ${String(e)}`));
  });

  connection.onDidChangeConfiguration(async (change) => {
    if (pullConfiguration) await refreshSettings();
    else overrides = overridesFromConfig((change.settings as Record<string, unknown> | undefined)?.podPatterns);
    recheckAll();
  });

  connection.onDidChangeWatchedFiles(() => {
    configs.reset();
    patches.reset();
    recheckAll();
  });

  /** An open configuration file counts with its unsaved text. */
  const trackConfig = (doc: TextDocument, open: boolean): boolean => {
    if (!isConfigFile(doc.uri)) return false;
    const file = filePath(doc.uri);
    if (file) configs.setUnsaved(file, open ? doc.getText() : undefined);
    recheckAll();
    return true;
  };
  documents.onDidOpen((e) => {
    if (!trackConfig(e.document, true)) schedule(e.document);
  });
  documents.onDidChangeContent((e) => {
    if (!trackConfig(e.document, true)) schedule(e.document);
  });
  documents.onDidClose(
    guard('close', undefined, (e: { document: TextDocument }) => {
      if (isConfigFile(e.document.uri)) trackConfig(e.document, false);
      analyses.delete(e.document.uri);
      cost.delete(e.document.uri);
      const t = pending.get(e.document.uri);
      if (t) clearTimeout(t);
      pending.delete(e.document.uri);
      void connection.sendDiagnostics({ uri: e.document.uri, diagnostics: [] });
    }),
  );

  connection.onHover(
    guard('hover', null, (params) => {
      const doc = documents.get(params.textDocument.uri);
      if (!doc) return null;
      const settings = settingsOf(doc.uri);
      if (!settings) return null;
      const h = service.hover(doc.getText(), doc.offsetAt(params.position), settings);
      if (!h) return null;
      return {
        contents: { kind: MarkupKind.Markdown, value: h.markdown },
        range: { start: doc.positionAt(h.start), end: doc.positionAt(h.end) },
      };
    }),
  );

  connection.onCompletion(
    guard('completion', [] as CompletionItem[], (params) => {
      const doc = documents.get(params.textDocument.uri);
      if (!doc) return [];
      const offset = doc.offsetAt(params.position);
      const settings = settingsOf(doc.uri);
      const list = isConfigFile(doc.uri) ? configCompletions(doc.getText(), offset) : settings ? service.complete(doc.getText(), offset, settings) : [];
      return list.map((c) => ({
        label: c.label,
        kind: c.kind === 'property' ? CompletionItemKind.Property : c.kind === 'reference' ? CompletionItemKind.Reference : CompletionItemKind.Value,
        detail: c.detail,
        documentation: c.documentation ? { kind: MarkupKind.Markdown, value: c.documentation } : undefined,
        sortText: c.sortText,
        insertTextFormat: c.insertText.includes('$') ? InsertTextFormat.Snippet : InsertTextFormat.PlainText,
        textEdit: { range: { start: doc.positionAt(c.start), end: doc.positionAt(c.end) }, newText: c.insertText },
      }));
    }),
  );

  connection.onCodeAction(
    guard('codeAction', [] as CodeAction[], (params, token: CancellationToken) => {
      const doc = documents.get(params.textDocument.uri);
      if (!doc) return [];
      const analysis = analysisOf(doc, token);
      const start = doc.offsetAt(params.range.start);
      const end = doc.offsetAt(params.range.end);
      // Findings come from our own analysis, matched to the client's diagnostics by rule id in `data`.
      const wanted = new Set(
        params.context.diagnostics
          .map((d) => (d.data as { rule?: string } | undefined)?.rule)
          .filter((r): r is string => typeof r === 'string'),
      );
      const findings = analysis.findings.filter((f) => wanted.has(f.rule) && f.start <= end && f.end >= start);
      const settings = settingsOf(doc.uri);
      if (!settings) return [];
      return service.codeActions(doc.getText(), start, end, findings, settings).map((fix) => {
        const action: CodeAction = {
          title: fix.title,
          kind: fix.kind ?? CodeActionKind.QuickFix,
          isPreferred: fix.isPreferred,
        };
        if (fix.rule) action.diagnostics = params.context.diagnostics.filter((d) => (d.data as { rule?: string } | undefined)?.rule === fix.rule);
        if (fix.edits.length) {
          const range = (e: { start: number; end: number }) => ({ start: doc.positionAt(e.start), end: doc.positionAt(e.end) });
          // Tab stops where the client takes snippet edits (LSP 3.18); plain text elsewhere.
          action.edit = {
            documentChanges: [
              {
                textDocument: { uri: doc.uri, version: doc.version },
                edits: fix.edits.map((e) =>
                  e.snippet && snippetEdits
                    ? { range: range(e), snippet: { kind: 'snippet' as const, value: e.newText } }
                    : { range: range(e), newText: e.snippet ? renderSnippet(e.newText) : e.newText },
                ),
              },
            ],
          };
        }
        if (fix.command) action.command = fix.command;
        return action;
      });
    }),
  );

  connection.onCodeLens(
    guard('codeLens', [] as CodeLens[], (params) => {
      const doc = documents.get(params.textDocument.uri);
      if (!doc) return [];
      const settings = settingsOf(doc.uri);
      if (!settings) return [];
      return service.podSpecs(doc.getText(), settings).map((p) => {
        const pos = doc.positionAt(p.offset);
        return {
          range: { start: pos, end: pos },
          command: { title: 'Show Pod Lifecycle', command: 'podPatterns.showLifecycle', arguments: [doc.uri, pos] },
        };
      });
    }),
  );

  /** Custom request: the lifecycle picture of the pod at a position, as a self-contained HTML page. */
  connection.onRequest(
    'podPatterns/lifecycle',
    guard('lifecycle', null, (params: { textDocument: { uri: string }; position: { line: number; character: number }; nonce?: string }) => {
      const doc = documents.get(params.textDocument.uri);
      if (!doc) return null;
      const r = service.lifecycle(doc.getText(), doc.offsetAt(params.position), params.nonce);
      return r ? { title: r.timeline.title, html: r.html, timeline: r.timeline } : null;
    }),
  );

  documents.listen(connection);
  connection.listen();
}

process.on('uncaughtException', (e) => {
  console.error(`[kube-pod-patterns] uncaught: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}`);
});

startServer(createConnection(ProposedFeatures.all));
