/**
 * The upstream descriptions of the API table's fields and types
 * (`ApiTable.docs`, indexed by `FieldDef.doc`), for hovers and completion.
 * Bundled into the language server and the checker. The web worker is built
 * with ./docs.web.ts in this module's place (scripts/bundles.mjs): its bundle
 * leaves the 215 KiB of text out, and the web client hands them over when the
 * server starts (`initializationOptions.apiDocs`, read from
 * dist/web/apiDocs.json), through `setApiDocs`.
 */
import { docs as bundled } from '../generated/apiTable.json';

let given: readonly string[] | undefined;

/** Descriptions given at run time; they replace the bundled ones. */
export function setApiDocs(docs: readonly string[]): void {
  given = docs;
}

/** The descriptions, or undefined where none were given (a web worker whose client sent none). */
export function apiDocs(): readonly string[] | undefined {
  return given ?? bundled;
}
