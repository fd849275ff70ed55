/**
 * What the language server takes from its host: how the project around a
 * document is read (configuration, kustomizations), timers, and the work a
 * host may do between requests. The Node entry (node/main.ts) reads `file:`
 * URIs from disk; the browser worker (browser/main.ts) asks the client for
 * every file. server.ts knows nothing else about where it runs.
 */
import type { AnalysisSettings } from './analysis/settings';
import type { ConfigProblem } from './analysis/config';

export interface ProjectHost {
  /** Whether the document is a project configuration file (`.podpatterns.yaml`). */
  isConfigFile(uri: string): boolean;
  /** The problems of a configuration document's text, with offsets in it. */
  configProblems(uri: string, text: string): ConfigProblem[];
  /**
   * The project's part of a document's settings on top of `base` (the nearest
   * configuration's version, rules and pod-template paths; whether a
   * kustomization lists it as a patch), or undefined when the configuration
   * ignores the document. May throw: the server logs it and uses `base`.
   */
  settingsFor(uri: string, base: AnalysisSettings): Promise<AnalysisSettings | undefined>;
  /** The text of an open configuration document (newer than what is stored), or undefined once closed. */
  setUnsaved(uri: string, text: string | undefined): void;
  /** Stored files changed: forget what was read. */
  reset(): void;
  /** Glob patterns of the files whose changes `reset` must hear of (the server asks the client to watch them). */
  readonly watchedFiles: readonly string[];
  /**
   * The manifests of the workspace folders, for the workspace index: YAML
   * files and kustomizations, without what `.gitignore` ignores, `node_modules`
   * and `.git`, at most `limit` of them. Absent where the host cannot list
   * files (the browser worker: the index then holds the open documents, and
   * a closed one as the client reads it).
   */
  listManifests?(folderUris: readonly string[], limit: number): string[];
  /** A file's text for the index, or undefined when it cannot be read or is larger than `maxBytes`. */
  readManifest?(uri: string, maxBytes: number): Promise<string | undefined>;
}

/**
 * Files read through the client (`podPatterns/readFile`, answered by the
 * extension with `vscode.workspace.fs`): the way to the files of a virtual
 * workspace. Only clients that say so in their capabilities
 * (`experimental.podPatterns.readFile`) are asked.
 */
export interface ClientFiles {
  /** Whether the client answers `podPatterns/readFile` (known once initialized). */
  readonly available: boolean;
  /** The file's text, or undefined when there is none (or the client cannot read files). */
  read(uri: string): Promise<string | undefined>;
}

export interface Timers {
  setTimeout(cb: () => void, ms: number): unknown;
  clearTimeout(handle: unknown): void;
}

export interface ServerRuntime {
  /** The project host, given the client's file reading. */
  project(client: ClientFiles): ProjectHost;
  timers: Timers;
  /** Called after a burst of work (an analysis): Node uses it to keep V8's young generation small. */
  afterWork?(): void;
  /** Starts warming the code while the server is idle; the returned `stop` ends it for good. */
  warmUp?(settings: () => AnalysisSettings, log: (msg: string) => void): { stop(): void };
  /** Name and version the server reports in `initialize`. */
  serverInfo: { name: string; version: string };
}
