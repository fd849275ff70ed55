/**
 * ./docs.ts as the web worker is built (scripts/bundles.mjs puts this module
 * in its place): no descriptions bundled; the web client sends them when the
 * server starts (`initializationOptions.apiDocs`). Until then, or if they
 * could not be read, hovers and completion go without upstream descriptions.
 */
let given: readonly string[] | undefined;

export function setApiDocs(docs: readonly string[]): void {
  given = docs;
}

export function apiDocs(): readonly string[] | undefined {
  return given;
}
