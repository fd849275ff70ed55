#!/usr/bin/env node
// The language server for any LSP editor: `kube-pod-patterns-language-server --stdio` (the default
// transport; --node-ipc, --socket=PORT and --pipe=NAME work too). Settings: the `podPatterns`
// object of initializationOptions, of workspace/didChangeConfiguration, or of
// workspace/configuration (see docs/editors.md in the repository).
'use strict';
const args = process.argv.slice(2);
if (args.includes('--version') || args.includes('-v')) {
  console.log(require('../package.json').version);
} else if (args.includes('--help') || args.includes('-h')) {
  console.log(`Usage: kube-pod-patterns-language-server [--stdio | --node-ipc | --socket=PORT | --pipe=NAME]

The Kubernetes Pod Patterns language server: diagnostics, hovers, completion,
code actions and code lenses for Kubernetes YAML. Talks LSP over standard input
and output unless another transport is given.`);
} else {
  if (!args.some((a) => /^--(stdio|node-ipc|socket=|pipe=)/.test(a))) process.argv.push('--stdio');
  require('../dist/server.js');
}
