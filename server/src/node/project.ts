/**
 * The project around a document for the Node server (editorProject.ts):
 * `file:` URIs are read from disk, other URIs (a virtual workspace in a
 * desktop editor) through the client when it offers to.
 */
import { promises as fs } from 'node:fs';
import { URI } from 'vscode-uri';
import { editorProject } from '../editorProject';
import type { ClientFiles, ProjectHost } from '../runtime';
import { PROJECT_FILE_MAX_BYTES } from '../protocol';

/** A regular file's text (configuration files and kustomizations are small: a larger one is refused); undefined when there is none; throws when it is something else, too large, or unreadable. */
export async function readProjectFile(file: string): Promise<string | undefined> {
  let st;
  try {
    st = await fs.stat(file);
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    if (code === 'ENOENT' || code === 'ENOTDIR') return undefined;
    throw new Error(`${file}: cannot read (${code ?? String(e)})`, { cause: e });
  }
  if (st.isDirectory()) return undefined;
  if (!st.isFile()) throw new Error(`${file}: not a regular file`);
  if (st.size > PROJECT_FILE_MAX_BYTES) throw new Error(`${file}: larger than ${PROJECT_FILE_MAX_BYTES} bytes`);
  return fs.readFile(file, 'utf8');
}

export function nodeProject(client: ClientFiles): ProjectHost {
  return editorProject((uri) => {
    const u = URI.parse(uri);
    return u.scheme === 'file' ? readProjectFile(u.fsPath) : client.read(uri);
  });
}
