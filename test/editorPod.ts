/**
 * The pod the editor tests (Neovim, Emacs) open: an init container with a
 * livenessProbe, which the API server refuses, and a wait loop without a
 * timeout (a finding the documented settings turn off). With the messages of
 * the two releases the tests switch between.
 */
export const BROKEN_POD = [
  'apiVersion: v1',
  'kind: Pod',
  'metadata:',
  '  name: broken',
  'spec:',
  '  initContainers:',
  '  - name: migrate',
  '    image: busybox',
  '    command: ["sh", "-c", "until nslookup db; do sleep 2; done"]',
  '    livenessProbe:',
  '      exec:',
  '        command: [ls]',
  '  containers:',
  '  - name: app',
  '    image: nginx',
  '',
].join('\n');

/** The pod after "Remove livenessProbe". */
export const FIXED_POD = BROKEN_POD.replace('    livenessProbe:\n      exec:\n        command: [ls]\n', '');

/** pod/init-container-probe on 1.27 (no native sidecars yet) and from 1.28. */
export const MESSAGE_1_27 = 'spec.initContainers[0].livenessProbe: Forbidden: may not be set for init containers';
export const MESSAGE_1_36 = `${MESSAGE_1_27} without restartPolicy=Always`;
