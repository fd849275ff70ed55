/**
 * The project around a document for the Node server (editorProject.ts):
 * `file:` URIs are read from disk, other URIs (a virtual workspace in a
 * desktop editor) through the client when it offers to.
 */
import * as path from 'node:path';
import { URI } from 'vscode-uri';
import { editorProject } from '../editorProject';
import type { ClientFiles, ProjectHost } from '../runtime';
import { PROJECT_FILE_MAX_BYTES } from '../protocol';
import { FileReadError, readTextFile, repositoryRoot } from '../safeRead';
import { discoverFiles } from '../files';

/**
 * A project file's text (a configuration or a kustomization), read as the checker reads them
 * (safeRead.ts): a regular file of at most PROJECT_FILE_MAX_BYTES, not followed through a
 * symbolic link out of its repository. Undefined when there is none; throws, naming the file
 * and why, when it is something else (a device, a pipe), too large, or unreadable.
 */
export async function readProjectFile(file: string): Promise<string | undefined> {
  try {
    const dir = path.dirname(file);
    return readTextFile(file, { maxBytes: PROJECT_FILE_MAX_BYTES, within: repositoryRoot(dir) ?? dir });
  } catch (e) {
    if (e instanceof FileReadError && (e.reason === 'missing' || e.detail.includes('directory'))) return undefined;
    throw e;
  }
}

export function nodeProject(client: ClientFiles): ProjectHost {
  const host = editorProject((uri) => {
    const u = URI.parse(uri);
    return u.scheme === 'file' ? readProjectFile(u.fsPath) : client.read(uri);
  });
  // The workspace index: the checker's own walk (files.ts) lists *.yaml and *.yml below each `file:` folder, .gitignore respected.
  host.listManifests = (folderUris, limit) => {
    const out: string[] = [];
    for (const uri of folderUris) {
      const u = URI.parse(uri);
      if (u.scheme !== 'file') continue;
      let found: string[];
      try {
        found = discoverFiles([u.fsPath]).map((f) => f.file);
      } catch {
        continue;
      }
      for (const f of found) {
        if (out.length >= limit) return out;
        out.push(URI.file(path.resolve(f)).toString());
      }
    }
    return out;
  };
  // A manifest's text: from disk for `file:` URIs, through the client (when it reads files) for others.
  host.readManifest = async (uri, maxBytes) => {
    const u = URI.parse(uri);
    try {
      if (u.scheme === 'file') return readTextFile(u.fsPath, { maxBytes });
      const text = await client.read(uri);
      return text !== undefined && text.length <= maxBytes ? text : undefined;
    } catch {
      return undefined;
    }
  };
  return host;
}
