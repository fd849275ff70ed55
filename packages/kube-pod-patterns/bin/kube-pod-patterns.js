#!/usr/bin/env node
// The checker: `kube-pod-patterns check [options] <file | directory | ->...` (dist/cli.js), and
// `--version`, `--help` for the package as a whole.
'use strict';
const args = process.argv.slice(2);
if (args.length === 1 && (args[0] === '--version' || args[0] === '-v')) {
  console.log(require('../package.json').version);
} else if (args.length === 1 && (args[0] === '--help' || args[0] === '-h')) {
  console.log(`${require('../dist/cli.js').USAGE}

The language server (for editors, over stdio): kube-pod-patterns-language-server --stdio`);
} else {
  process.exitCode = require('../dist/cli.js').main(args);
}
