/**
 * The language server: LSP glue around the pure analysis core, for any host
 * and any LSP client. `startServer(connection, runtime)` wires capabilities
 * and handlers of a few lines each; the runtime (runtime.ts) says how the
 * project is read. A cache per (uri, version, text), an adaptive debounce,
 * cancellation (a request cancelled before it runs is never computed), and
 * `runSafe`, which turns any exception into a log line and an empty answer.
 * After `shutdown` requests are refused and nothing is published.
 *
 * Settings (`podPatterns`: kubernetesVersion, rules, maxFileSize,
 * podTemplatePaths) come the same way from `initializationOptions.podPatterns`,
 * from `workspace/didChangeConfiguration` (`settings.podPatterns`), and from
 * `workspace/configuration` (section `podPatterns`) where the client answers it.
 */
import {
  TextDocuments,
  TextDocumentSyncKind,
  DiagnosticSeverity,
  DiagnosticTag,
  CodeActionKind,
  CompletionItemKind,
  InsertTextFormat,
  MarkupKind,
  ResponseError,
  ErrorCodes,
  LSPErrorCodes,
  DidChangeWatchedFilesNotification,
  FileChangeType,
  type DidChangeWatchedFilesParams,
  type Connection,
  type Diagnostic,
  type CodeAction,
  type CodeLens,
  type CompletionItem,
  type InitializeResult,
  type CancellationToken,
  type Location,
  type DocumentHighlight,
  type WorkspaceEdit,
  type RenameParams,
  type DocumentSymbol,
  type InlayHint,
  SymbolKind,
  InlayHintKind,
  DocumentHighlightKind,
  type ExecuteCommandParams,
} from 'vscode-languageserver';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { LanguageService, podKeyFrom } from './analysis/service';
import type { FileAnalysis } from './analysis/engine';
import { DEFAULT_SETTINGS, applyOverrides, overridesFromConfig, type AnalysisSettings } from './analysis/settings';
import type { Finding } from './analysis/findings';
import { configCompletions } from './analysis/configCompletion';
import { renderSnippet } from './analysis/edits';
import { ruleDocUrl } from './analysis/docsLinks';
import type { Loc } from './analysis/workspaceTypes';
import type { OutlineSymbol } from './analysis/outline';
import { setApiDocs } from './analysis/api/docs';
import type { ClientFiles, ServerRuntime } from './runtime';
import { LIFECYCLE_COMMAND, LIFECYCLE_REQUEST, READ_FILE_REQUEST, type ExperimentalClientCapabilities, type LifecycleParams, type LifecycleResult, type ReadFileParams, type ReadFileResult } from './protocol';

const SEVERITY: Record<string, DiagnosticSeverity> = {
  error: DiagnosticSeverity.Error,
  warning: DiagnosticSeverity.Warning,
  information: DiagnosticSeverity.Information,
  hint: DiagnosticSeverity.Hint,
};

export function startServer(connection: Connection, runtime: ServerRuntime): void {
  const { timers } = runtime;
  /** Whether the client reads project files for the server (experimental capability). */
  let clientReads = false;
  const clientFiles: ClientFiles = {
    get available() {
      return clientReads;
    },
    async read(uri) {
      if (!clientReads) return undefined;
      const r = await connection.sendRequest<ReadFileResult>(READ_FILE_REQUEST, { uri } satisfies ReadFileParams);
      return r && typeof r.text === 'string' ? r.text : undefined;
    },
  };
  const project = runtime.project(clientFiles);
  const documents = new TextDocuments(TextDocument);
  const service = new LanguageService();
  /** The settings the user set explicitly in the editor (or the client's configuration): they override `.podpatterns.yaml`. */
  let overrides: Partial<AnalysisSettings> = {};
  let pullConfiguration = false;
  let snippetEdits = false;
  let watchRegistration = false;
  let inlayRefresh = false;
  /** Whether the client watches the project's files for the server. */
  let watching = false;
  let shutDown = false;
  const analyses = new Map<string, { version: number; text: string; epoch: number; analysis: FileAnalysis }>();
  /**
   * Bumped whenever the settings or the project's files change: settings read, and analyses made, at an
   * older epoch are stale (a slow read of the project must not publish after a newer one).
   */
  let epoch = 0;
  /** The latest validation started for each document: an older one that finishes later does not publish. */
  const latestRun = new Map<string, number>();
  const pending = new Map<string, unknown>();
  /** How long the last re-analysis of each document after an edit took (ms): the debounce follows it. */
  const cost = new Map<string, number>();
  let warmUp: { stop(): void } | undefined;
  /** Requests that ran their handler, by name: what cancellation saved is visible in `podPatterns/stats`. */
  const computed: Record<string, number> = {};

  const log = (msg: string): void => connection.console.log(`[kube-pod-patterns] ${msg}`);
  const describe = (e: unknown): string => (e instanceof Error ? (e.stack ?? e.message) : String(e));

  /**
   * Runs a request handler once the messages already received are read, so
   * that a cancellation sent right after the request is seen before any work.
   * A cancelled request answers RequestCancelled; a thrown ResponseError is
   * the answer; any other exception becomes a log line and the fallback answer; after shutdown every request is refused.
   */
  function runSafe<P, R>(name: string, fallback: R, fn: (params: P, token: CancellationToken) => R | Promise<R>) {
    return (params: P, token: CancellationToken): Promise<R | ResponseError<void>> => {
      warmUp?.stop();
      if (shutDown) return Promise.resolve(new ResponseError<void>(ErrorCodes.InvalidRequest, 'The server is shut down'));
      return new Promise((resolve) => {
        timers.setTimeout(async () => {
          if (token.isCancellationRequested) return resolve(new ResponseError<void>(LSPErrorCodes.RequestCancelled, 'Request cancelled'));
          computed[name] = (computed[name] ?? 0) + 1;
          try {
            const result = await fn(params, token);
            resolve(token.isCancellationRequested ? new ResponseError<void>(LSPErrorCodes.RequestCancelled, 'Request cancelled') : result);
          } catch (e) {
            // A ResponseError is the answer (a bad request); anything else is our fault: logged, and the fallback answers.
            if (e instanceof ResponseError) return resolve(e as ResponseError<void>);
            log(`${name} failed: ${describe(e)}`);
            resolve(fallback);
          }
        }, 0);
      });
    };
  }

  /** Runs a notification handler; any exception becomes a log line. */
  function guard<A extends unknown[]>(name: string, fn: (...args: A) => void | Promise<void>): (...args: A) => void {
    return (...args: A): void => {
      warmUp?.stop();
      if (shutDown) return;
      try {
        const r = fn(...args);
        if (r) r.catch((e: unknown) => log(`${name} failed: ${describe(e)}`));
      } catch (e) {
        log(`${name} failed: ${describe(e)}`);
      }
    };
  }

  /** Resolved once the client's settings are known (asked for after `initialized`): nothing is analysed with settings about to change. */
  let settingsKnown!: () => void;
  const settingsReady = new Promise<void>((resolve) => (settingsKnown = resolve));

  /** Defaults, then the document's project (nearest `.podpatterns.yaml`, patches), then the editor's explicit settings; undefined when ignored. */
  async function settingsOf(uri: string): Promise<AnalysisSettings | undefined> {
    await settingsReady;
    let base: AnalysisSettings | undefined = { ...DEFAULT_SETTINGS, rules: {} };
    try {
      base = await project.settingsFor(uri, base);
    } catch (e) {
      log(`could not read the project configuration for ${uri}: ${String(e)}`);
    }
    return base && applyOverrides(base, overrides);
  }

  /**
   * The analysis of a document's current text (cached per uri, version and text, while the settings stay);
   * `since` is the epoch at which `settings` were read: stale ones are used but not cached.
   */
  function analysisOf(doc: TextDocument, settings: AnalysisSettings | undefined, since: number, token?: CancellationToken): FileAnalysis {
    const text = doc.getText();
    const hit = analyses.get(doc.uri);
    if (hit && hit.version === doc.version && hit.text === text && hit.epoch === since && since === epoch) return hit.analysis;
    const started = performance.now();
    const analysis: FileAnalysis = settings ? service.analyze(text, settings, token ? () => token.isCancellationRequested : undefined) : { segments: [], findings: [] };
    if (!token?.isCancellationRequested && since === epoch) {
      analyses.set(doc.uri, { version: doc.version, text, epoch, analysis });
      // Only re-analyses after an edit say what the next keystroke costs (an open reads every document).
      if (hit) cost.set(doc.uri, performance.now() - started);
    }
    runtime.afterWork?.();
    return analysis;
  }

  function toDiagnostic(doc: TextDocument, f: Finding): Diagnostic {
    const d: Diagnostic = {
      range: { start: doc.positionAt(f.start), end: doc.positionAt(f.end) },
      severity: SEVERITY[f.severity],
      code: f.rule,
      codeDescription: { href: ruleDocUrl(f.rule) },
      source: 'kube-pod-patterns',
      message: f.message,
      data: { rule: f.rule, fieldPath: f.fieldPath, apiErrorType: f.apiErrorType, document: f.document, extra: f.data },
    };
    if (f.tags?.length) d.tags = f.tags.map((t) => (t === 'unnecessary' ? DiagnosticTag.Unnecessary : DiagnosticTag.Deprecated));
    return d;
  }

  const validate = guard('validate', async (uri: string): Promise<void> => {
    const doc = documents.get(uri);
    if (!doc) return;
    const version = doc.version;
    if (project.isConfigFile(uri)) {
      const diagnostics = project.configProblems(uri, doc.getText()).map((p) => ({
        range: { start: doc.positionAt(p.start), end: doc.positionAt(p.end) },
        severity: DiagnosticSeverity.Error,
        code: 'config/invalid',
        source: 'kube-pod-patterns',
        message: p.message,
      }));
      if (!shutDown) void connection.sendDiagnostics({ uri, version, diagnostics });
      return;
    }
    const run = (latestRun.get(uri) ?? 0) + 1;
    latestRun.set(uri, run);
    const since = epoch;
    const settings = await settingsOf(uri);
    // A newer edit, a newer validation or new settings arrived while we read the project: their own run will publish.
    if (shutDown || documents.get(uri)?.version !== version || latestRun.get(uri) !== run || since !== epoch) return;
    const analysis = analysisOf(doc, settings, since);
    let findings: Finding[] = analysis.findings;
    if (settings && indexOn()) {
      // The open text stands for the file in the index: when what it defines or names changes, the other open documents are checked again.
      if (service.indexFile(uri, doc.getText(), settings)) recheckOthers(uri);
      findings = [...findings, ...service.workspaceFindings(uri, doc.getText(), settings)].sort((a, b) => a.start - b.start || a.end - b.end);
    }
    void connection.sendDiagnostics({ uri, version, diagnostics: findings.map((f) => toDiagnostic(doc, f)) });
  });

  // ---- the workspace index: what the other files define and name (analysis/workspace.ts) ----

  /** The workspace folders, as the client gave them at initialize. */
  let folders: string[] = [];
  /** At most this many files are read into the index. */
  const INDEX_LIMIT = 5000;
  const indexOn = (): boolean => overrides.workspaceIndex !== false;
  let indexRun = 0;
  let building = false;

  /** The other open manifests are checked again: their cross-file findings may have changed. */
  function recheckOthers(uri: string): void {
    for (const d of documents.all()) if (d.uri !== uri) schedule(d);
  }

  /** Reads a file of the workspace into the index (an open document counts with its own text instead); false when it is not a manifest we read. */
  async function indexFromDisk(uri: string): Promise<boolean> {
    if (documents.get(uri) || project.isConfigFile(uri) || !project.readManifest) return false;
    // A file outside the workspace folders (opened, then closed) leaves the index.
    if (!folders.some((f) => uri.startsWith(f.endsWith('/') ? f : `${f}/`))) return service.workspace.delete(uri);
    const settings = await settingsOf(uri);
    // Ignored by its configuration: not part of the index.
    if (!settings) return service.workspace.delete(uri);
    const text = await project.readManifest(uri, settings.maxFileSize);
    if (text === undefined) return service.workspace.delete(uri);
    return service.indexFile(uri, text, settings);
  }

  /** Builds the index in the background, a few files per turn of the event loop, then checks the open documents again. */
  function buildIndex(): void {
    const run = ++indexRun;
    service.workspace.clear();
    building = false;
    if (!indexOn() || !project.listManifests || folders.length === 0) return;
    let uris: string[];
    try {
      uris = project.listManifests(folders, INDEX_LIMIT);
    } catch (e) {
      log(`could not list the workspace's manifests: ${String(e)}`);
      return;
    }
    let next = 0;
    building = true;
    const step = async (): Promise<void> => {
      if (run !== indexRun || shutDown) return;
      for (const end = Math.min(uris.length, next + 20); next < end; next++) {
        try {
          await indexFromDisk(uris[next]);
        } catch (e) {
          log(`could not index ${uris[next]}: ${String(e)}`);
        }
      }
      if (next < uris.length) timers.setTimeout(() => void step(), 0);
      else {
        building = false;
        for (const d of documents.all()) schedule(d);
      }
    };
    timers.setTimeout(() => void step(), 0);
  }

  /** Custom request: what the index holds (tests and diagnosis). */
  connection.onRequest('podPatterns/workspaceIndex', () => ({ ...service.workspace.stats(), generation: service.workspace.generation, building }));

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
    if (old !== undefined) timers.clearTimeout(old);
    const last = cost.get(doc.uri) ?? 0;
    const delay = last < 25 ? 0 : Math.min(50, Math.round(last / 2));
    pending.set(
      doc.uri,
      timers.setTimeout(() => {
        pending.delete(doc.uri);
        validate(doc.uri);
      }, delay),
    );
  }

  /** Asks the client for the `podPatterns` section (workspace/configuration), where it answers that. */
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
    epoch++;
    analyses.clear();
    for (const d of documents.all()) schedule(d);
    // Settings switch hints on and off: the client asks again.
    if (inlayRefresh && !shutDown) connection.languages.inlayHint.refresh().catch((e: unknown) => log(`inlay hint refresh failed: ${String(e)}`));
  }

  connection.onInitialize((params): InitializeResult => {
    const caps = params.capabilities;
    pullConfiguration = !!caps.workspace?.configuration;
    snippetEdits = !!caps.workspace?.workspaceEdit?.snippetEditSupport;
    watchRegistration = !!caps.workspace?.didChangeWatchedFiles?.dynamicRegistration;
    inlayRefresh = !!caps.workspace?.inlayHint?.refreshSupport;
    clientReads = !!(caps.experimental as ExperimentalClientCapabilities | undefined)?.podPatterns?.readFile;
    const init = params.initializationOptions as { podPatterns?: unknown; apiDocs?: unknown } | null | undefined;
    overrides = overridesFromConfig(init?.podPatterns);
    // The web client's field descriptions (its worker's bundle has none): a list of strings, or ignored.
    if (Array.isArray(init?.apiDocs) && init.apiDocs.every((d) => typeof d === 'string')) setApiDocs(init.apiDocs as string[]);
    folders = params.workspaceFolders?.map((f) => f.uri) ?? (params.rootUri ? [params.rootUri] : []);
    return {
      capabilities: {
        textDocumentSync: { openClose: true, change: TextDocumentSyncKind.Incremental, save: { includeText: false } },
        hoverProvider: true,
        completionProvider: { triggerCharacters: [':', ' ', '-'], resolveProvider: false },
        codeActionProvider: { codeActionKinds: [CodeActionKind.QuickFix, CodeActionKind.RefactorRewrite, CodeActionKind.Refactor] },
        codeLensProvider: { resolveProvider: false },
        definitionProvider: true,
        referencesProvider: true,
        documentHighlightProvider: true,
        renameProvider: { prepareProvider: true },
        documentSymbolProvider: { label: 'Kubernetes Pod Patterns' },
        inlayHintProvider: { resolveProvider: false },
        executeCommandProvider: { commands: [LIFECYCLE_COMMAND] },
      },
      serverInfo: runtime.serverInfo,
    };
  });

  connection.onInitialized(async () => {
    // The client's settings first: documents opened meanwhile wait for them (settingsOf).
    try {
      await refreshSettings();
    } finally {
      settingsKnown();
    }
    // The project's own files (configuration, kustomizations): watched where the client lets the server ask.
    if (watchRegistration && project.watchedFiles.length) {
      try {
        // The manifests too: the workspace index follows them.
        const globs = [...project.watchedFiles, ...(project.listManifests ? ['**/*.yaml', '**/*.yml'] : [])];
        await connection.client.register(DidChangeWatchedFilesNotification.type, { watchers: [...new Set(globs)].map((globPattern) => ({ globPattern })) });
        watching = true;
      } catch (e) {
        log(`could not register file watchers: ${String(e)}`);
      }
    }
    // Without watchers an open configuration still counts with its unsaved text (trackConfig), and what is stored
    // is read again whenever a document is opened or saved.
    if (!watching) log('the client does not watch files for the server: project files are read again when a document is opened or saved');
    buildIndex();
    // Until the first document or request arrives, compile the hot paths on a sample (warmup.ts).
    if (documents.all().length === 0 && runtime.warmUp) warmUp = runtime.warmUp(() => applyOverrides({ ...DEFAULT_SETTINGS, rules: {} }, overrides), log);
  });

  connection.onDidChangeConfiguration(
    guard('configuration', async (change) => {
      const wasOn = indexOn();
      // Settings pushed with the notification are what the client says now; a bare notification means "ask me".
      const pushed = (change.settings as Record<string, unknown> | null | undefined)?.podPatterns;
      if (pushed && typeof pushed === 'object') overrides = overridesFromConfig(pushed);
      else await refreshSettings();
      if (indexOn() !== wasOn) buildIndex();
      recheckAll();
    }),
  );

  connection.onDidChangeWatchedFiles(
    guard('watched files', async (params: DidChangeWatchedFilesParams) => {
      project.reset();
      if (indexOn()) {
        for (const c of params.changes) {
          if (!/\.ya?ml$/i.test(c.uri) && !/(^|\/)Kustomization$/.test(c.uri)) continue;
          if (c.type === FileChangeType.Deleted) service.workspace.delete(c.uri);
          else await indexFromDisk(c.uri);
        }
      }
      recheckAll();
    }),
  );

  /** An open configuration file counts with its unsaved text. */
  const trackConfig = (doc: TextDocument, open: boolean): boolean => {
    if (!project.isConfigFile(doc.uri)) return false;
    project.setUnsaved(doc.uri, open ? doc.getText() : undefined);
    recheckAll();
    return true;
  };
  documents.onDidOpen(
    guard('open', (e) => {
      if (!watching) project.reset();
      if (!trackConfig(e.document, true)) schedule(e.document);
    }),
  );
  documents.onDidSave(
    guard('save', () => {
      if (watching) return;
      project.reset();
      recheckAll();
    }),
  );
  documents.onDidChangeContent(
    guard('change', (e) => {
      if (!trackConfig(e.document, true)) schedule(e.document);
    }),
  );
  documents.onDidClose(
    guard('close', (e) => {
      trackConfig(e.document, false);
      // The file on disk stands for it again in the index (or nothing, for an unsaved one).
      if (indexOn()) void indexFromDisk(e.document.uri).then((changed) => changed && recheckOthers(e.document.uri));
      analyses.delete(e.document.uri);
      latestRun.delete(e.document.uri);
      cost.delete(e.document.uri);
      const t = pending.get(e.document.uri);
      if (t !== undefined) timers.clearTimeout(t);
      pending.delete(e.document.uri);
      void connection.sendDiagnostics({ uri: e.document.uri, diagnostics: [] });
    }),
  );

  connection.onHover(
    runSafe('hover', null, async (params) => {
      const doc = documents.get(params.textDocument.uri);
      const settings = doc && (await settingsOf(doc.uri));
      if (!doc || !settings) return null;
      const h = service.hover(doc.getText(), doc.offsetAt(params.position), settings, doc.uri);
      if (!h) return null;
      return { contents: { kind: MarkupKind.Markdown, value: h.markdown }, range: { start: doc.positionAt(h.start), end: doc.positionAt(h.end) } };
    }),
  );

  connection.onCompletion(
    runSafe('completion', [] as CompletionItem[], async (params) => {
      const doc = documents.get(params.textDocument.uri);
      if (!doc) return [];
      const offset = doc.offsetAt(params.position);
      const settings = project.isConfigFile(doc.uri) ? undefined : await settingsOf(doc.uri);
      const list = project.isConfigFile(doc.uri) ? configCompletions(doc.getText(), offset) : settings ? service.complete(doc.getText(), offset, settings) : [];
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
    runSafe('codeAction', [] as CodeAction[], async (params, token) => {
      const doc = documents.get(params.textDocument.uri);
      const since = epoch;
      const settings = doc && (await settingsOf(doc.uri));
      if (!doc || !settings || token.isCancellationRequested) return [];
      const analysis = analysisOf(doc, settings, since, token);
      const start = doc.offsetAt(params.range.start);
      const end = doc.offsetAt(params.range.end);
      // Findings come from our own analysis, matched to the client's diagnostics by rule id in `data`.
      const ruleOf = (d: Diagnostic): string | undefined => (d.data as { rule?: string } | undefined)?.rule;
      const wanted = new Set(params.context.diagnostics.map(ruleOf).filter((r): r is string => typeof r === 'string'));
      const findings = analysis.findings.filter((f) => wanted.has(f.rule) && f.start <= end && f.end >= start);
      const fixes = service.codeActions(doc.getText(), start, end, findings, settings, (what, e) => log(`${what} could not be built: ${describe(e)}`));
      const range = (e: { start: number; end: number }) => ({ start: doc.positionAt(e.start), end: doc.positionAt(e.end) });
      return fixes.map((fix) => {
        const action: CodeAction = { title: fix.title, kind: fix.kind ?? CodeActionKind.QuickFix, isPreferred: fix.isPreferred };
        if (fix.rule) action.diagnostics = params.context.diagnostics.filter((d) => ruleOf(d) === fix.rule);
        if (fix.edits.length) {
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
    runSafe('codeLens', [] as CodeLens[], async (params) => {
      const doc = documents.get(params.textDocument.uri);
      const settings = doc && (await settingsOf(doc.uri));
      if (!doc || !settings) return [];
      return service.podSpecs(doc.getText(), settings).map((p) => {
        const pos = doc.positionAt(p.offset);
        return { range: { start: pos, end: pos }, command: { title: 'Show Pod Lifecycle', command: LIFECYCLE_COMMAND, arguments: [doc.uri, pos] } };
      });
    }),
  );

  // ---- navigation: the logic is in analysis/navigation.ts, in offsets ----------

  /** The open document and its settings for a request at a position; undefined for an ignored or unknown document. */
  async function positioned(params: { textDocument: { uri: string }; position: { line: number; character: number } }) {
    const doc = documents.get(params.textDocument.uri);
    const settings = doc && !project.isConfigFile(doc.uri) ? await settingsOf(doc.uri) : undefined;
    return doc && settings ? { doc, settings, text: doc.getText(), offset: doc.offsetAt(params.position) } : undefined;
  }
  const toLocation = (l: Loc): Location => ({ uri: l.uri, range: l.range });
  const refused = (message: string) => new ResponseError<void>(ErrorCodes.InvalidRequest, message);

  connection.onDefinition(
    runSafe('definition', [] as Location[], async (params) => {
      const p = await positioned(params);
      return p ? service.definition(p.doc.uri, p.text, p.offset, p.settings).map(toLocation) : [];
    }),
  );

  connection.onReferences(
    runSafe('references', [] as Location[], async (params) => {
      const p = await positioned(params);
      return p ? service.references(p.doc.uri, p.text, p.offset, params.context.includeDeclaration, p.settings).map(toLocation) : [];
    }),
  );

  connection.onDocumentHighlight(
    runSafe('documentHighlight', [] as DocumentHighlight[], async (params) => {
      const p = await positioned(params);
      if (!p) return [];
      return service.highlights(p.doc.uri, p.text, p.offset, p.settings).map((h) => ({
        range: { start: p.doc.positionAt(h.start), end: p.doc.positionAt(h.end) },
        kind: h.kind === 'write' ? DocumentHighlightKind.Write : DocumentHighlightKind.Read,
      }));
    }),
  );

  connection.onPrepareRename(
    runSafe('prepareRename', null, async (params) => {
      const p = await positioned(params);
      if (!p) return null;
      const r = service.prepareRename(p.doc.uri, p.text, p.offset, p.settings);
      if ('error' in r) return refused(r.error);
      return { range: { start: p.doc.positionAt(r.start), end: p.doc.positionAt(r.end) }, placeholder: r.placeholder };
    }),
  );

  // A refusal is an error response with the reason (the client shows it); the handler type does not spell that out.
  connection.onRenameRequest(
    runSafe('rename', null as WorkspaceEdit | ResponseError<void> | null, async (params: RenameParams) => {
      const p = await positioned(params);
      if (!p) return null;
      const r = service.rename(p.doc.uri, p.text, p.offset, params.newName, p.settings);
      if ('error' in r) return refused(r.error);
      const edits = r.edits.map((e) => ({ range: { start: p.doc.positionAt(e.start), end: p.doc.positionAt(e.end) }, newText: e.newText }));
      return { documentChanges: [{ textDocument: { uri: p.doc.uri, version: p.doc.version }, edits }] };
    }) as (params: RenameParams, token: CancellationToken) => Promise<WorkspaceEdit | null>,
  );

  const SYMBOL_KIND = { object: SymbolKind.Class, container: SymbolKind.Object, volume: SymbolKind.Field } as const;
  connection.onDocumentSymbol(
    runSafe('documentSymbol', [] as DocumentSymbol[], async (params) => {
      const doc = documents.get(params.textDocument.uri);
      const settings = doc && !project.isConfigFile(doc.uri) ? await settingsOf(doc.uri) : undefined;
      if (!doc || !settings) return [];
      const range = (s: number, e: number) => ({ start: doc.positionAt(s), end: doc.positionAt(e) });
      const convert = (o: OutlineSymbol): DocumentSymbol => ({
        name: o.name,
        detail: o.detail,
        kind: SYMBOL_KIND[o.kind],
        range: range(o.start, o.end),
        selectionRange: range(o.selStart, o.selEnd),
        children: o.children.map(convert),
      });
      return service.symbols(doc.getText(), settings).map(convert);
    }),
  );

  connection.languages.inlayHint.on(
    runSafe('inlayHint', [] as InlayHint[], async (params) => {
      const doc = documents.get(params.textDocument.uri);
      const settings = doc && !project.isConfigFile(doc.uri) ? await settingsOf(doc.uri) : undefined;
      if (!doc || !settings) return [];
      const hints = service.inlayHints(doc.getText(), doc.offsetAt(params.range.start), doc.offsetAt(params.range.end), settings);
      return hints.map((h) => ({ position: doc.positionAt(h.offset), label: h.label, kind: h.kind === 'defaults' ? InlayHintKind.Parameter : InlayHintKind.Type, paddingLeft: true, tooltip: h.tooltip }));
    }),
  );

  /** The server's command (the code lenses name it): the lifecycle of the pod at a position, as markdown. */
  connection.onExecuteCommand(
    runSafe('executeCommand', null as string | null, async (params: ExecuteCommandParams) => {
      if (params.command !== LIFECYCLE_COMMAND) throw new ResponseError(ErrorCodes.InvalidParams, `Unknown command ${params.command}`);
      const [uri, position] = params.arguments ?? [];
      const doc = typeof uri === 'string' ? documents.get(uri) : undefined;
      const pos = position as { line?: unknown; character?: unknown } | undefined;
      if (!doc || typeof pos?.line !== 'number' || typeof pos.character !== 'number') return null;
      const settings = await settingsOf(doc.uri);
      const r = service.lifecycle(doc.getText(), doc.offsetAt({ line: pos.line, character: pos.character }), '', settings);
      return r ? r.markdown : null;
    }),
  );

  /**
   * Custom request: the lifecycle picture of a pod as a self-contained HTML
   * page, for a webview; the pod at `position`, or the one `key` names (the
   * key of an earlier answer: the view follows its pod through edits).
   */
  connection.onRequest(
    LIFECYCLE_REQUEST,
    runSafe('lifecycle', null as LifecycleResult, async (params: LifecycleParams) => {
      const doc = documents.get(params.textDocument.uri);
      if (!doc) return null;
      const settings = await settingsOf(doc.uri);
      const key = params.key === undefined ? undefined : podKeyFrom(params.key);
      const nonce = typeof params.nonce === 'string' ? params.nonce : '';
      const r = key
        ? service.lifecycleOfKey(doc.getText(), key, nonce, settings)
        : params.position && typeof params.position.line === 'number' && typeof params.position.character === 'number'
          ? service.lifecycle(doc.getText(), doc.offsetAt(params.position), nonce, settings)
          : undefined;
      return r ? { key: r.key, title: r.title, html: r.html, timeline: r.timeline, notice: r.notice } : null;
    }),
  );

  /** Custom request: counters of the work done so far (tests and diagnosis; no document content). */
  connection.onRequest('podPatterns/stats', () => ({ ...service.engine.stats, computed: { ...computed }, cachedAnalyses: analyses.size }));

  connection.onShutdown(() => {
    shutDown = true;
    warmUp?.stop();
    for (const t of pending.values()) timers.clearTimeout(t);
    pending.clear();
  });

  documents.listen(connection);
  connection.listen();
}
