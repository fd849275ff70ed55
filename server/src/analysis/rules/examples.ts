/**
 * Builders for the YAML of the rules' documentation examples
 * (docs/rules.md), so that each example shows only what matters.
 */

/** A Pod whose spec holds `spec` (indented by two spaces). */
export const snippet = (spec: string): string => `apiVersion: v1\nkind: Pod\nmetadata:\n  name: web\nspec:\n${spec}`;

/** One app container, indented for a Pod's spec. */
export const CONTAINERS = '  containers:\n  - name: web\n    image: nginx:1.27\n';
