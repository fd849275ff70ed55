/**
 * The names the server and its clients share beyond LSP itself: custom
 * requests, the server's command, and the client capability that says the
 * client reads files for the server. Names only: client and server import it.
 */

/** Server → client: read a project file (`.podpatterns.yaml`, a kustomization) with the editor's file system. */
export const READ_FILE_REQUEST = 'podPatterns/readFile';
export interface ReadFileParams {
  uri: string;
}
/** The file's text; null when there is no such file. An error answers a file that exists but cannot be read. */
export type ReadFileResult = { text: string } | null;

import type { PodKey } from './analysis/service';

export type { PodKey };

/**
 * Client → server: the lifecycle page (HTML) of a pod, for a webview: the
 * pod at `position`, or the one `key` names (a key from an earlier answer,
 * which finds the pod again after edits; `key` wins when both are given).
 * `nonce` is the one the page's stylesheet carries under its CSP.
 */
export const LIFECYCLE_REQUEST = 'podPatterns/lifecycle';
export interface LifecycleParams {
  textDocument: { uri: string };
  position?: { line: number; character: number };
  key?: PodKey;
  nonce?: string;
}
/**
 * null when the document is not open or there is no pod at the position. For
 * a key whose pod is gone (or whose YAML does not parse) the page says so and
 * `notice` says why; `key` is the pod's key now (its name may have changed).
 */
export type LifecycleResult = {
  key: PodKey;
  title: string;
  html: string;
  timeline?: unknown;
  notice?: string;
} | null;

/**
 * The server's command (workspace/executeCommand), the one the code lenses
 * name: arguments `[uri, position]`, result the pod's lifecycle timeline as
 * markdown (null where there is no pod). Any LSP client can run it; the VS
 * Code extension opens its webview instead.
 */
export const LIFECYCLE_COMMAND = 'podPatterns.lifecycle';

/** Set by clients that answer READ_FILE_REQUEST: `capabilities.experimental.podPatterns.readFile`. */
export interface ExperimentalClientCapabilities {
  podPatterns?: { readFile?: boolean };
}

/** Upper bound on a project file read through the client. */
export const PROJECT_FILE_MAX_BYTES = 1 << 20;
