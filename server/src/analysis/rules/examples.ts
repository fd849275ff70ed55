/**
 * Builders for the YAML of the rules' documentation examples
 * (docs/rules.md), so that each example shows only what matters.
 */

/** A Pod whose spec holds `spec` (indented by two spaces). */
export const snippet = (spec: string): string => `apiVersion: v1\nkind: Pod\nmetadata:\n  name: web\nspec:\n${spec}`;

/** One app container, indented for a Pod's spec. */
export const CONTAINERS = '  containers:\n  - name: web\n    image: nginx:1.27\n';

/** A Deployment whose pod template's spec holds `spec` (indented by six spaces) before its one container. */
export const DEPLOYMENT = (spec: string): string =>
  `apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: web\nspec:\n  selector:\n    matchLabels:\n      app: web\n  template:\n    metadata:\n      labels:\n        app: web\n    spec:\n${spec}      containers:\n      - name: web\n        image: nginx:1.27\n`;

/** A Job whose pod template's spec holds `spec` (indented by six spaces) before its one container. */
export const JOB = (spec: string): string =>
  `apiVersion: batch/v1\nkind: Job\nmetadata:\n  name: migrate\nspec:\n  template:\n    spec:\n${spec}      containers:\n      - name: migrate\n        image: flyway/flyway:10\n`;

/** A CronJob whose spec holds `spec` (indented by two spaces) before its job template. */
export const CRONJOB = (spec: string): string =>
  `apiVersion: batch/v1\nkind: CronJob\nmetadata:\n  name: report\nspec:\n${spec}  jobTemplate:\n    spec:\n      template:\n        spec:\n          restartPolicy: OnFailure\n          containers:\n          - name: report\n            image: busybox:1.36\n`;
