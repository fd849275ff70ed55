/**
 * Renders docs/rules.md from the rule registry: id (the anchor diagnostics
 * link to), severity, what it checks, the upstream code it mirrors, the
 * releases, an example. `npm run docs` writes it; a test fails when the file
 * is out of date.
 */
import { RULES, fileOf } from '../server/src/analysis/rules/index';
import type { AnyRule as Rule } from '../server/src/analysis/rules/rule';
import { SUPPORTED_VERSIONS, DEFAULT_VERSION } from '../server/src/analysis/api/table';
import { ruleAnchor } from '../server/src/analysis/docsLinks';

const FAMILIES: Record<string, string> = {
  yaml: 'YAML syntax',
  schema: 'Schema (upstream API types)',
  pod: 'API server validation of the pod spec',
  workload: 'Workload templates (apps, batch)',
  pattern: 'Multi-container patterns',
};

function versions(r: Rule): string {
  const from = r.applies?.since ?? SUPPORTED_VERSIONS[0];
  const to = r.applies?.until ?? SUPPORTED_VERSIONS[SUPPORTED_VERSIONS.length - 1];
  return from === SUPPORTED_VERSIONS[0] && !r.applies?.until ? `all (${SUPPORTED_VERSIONS[0]}–${to})` : `${from}–${to}`;
}

/** The anchor function lives in the core: the checker links to these anchors at run time. */
export const anchor = ruleAnchor;

export function renderRulesDoc(): string {
  const out: string[] = [];
  out.push('# Rules');
  out.push('');
  out.push('<!-- Generated from the rule registry by `npm run docs`; do not edit by hand. -->');
  out.push('');
  out.push(
    `Every diagnostic carries its rule id as its code. Severities can be changed per rule with the \`podPatterns.rules\` setting. Kubernetes releases ${SUPPORTED_VERSIONS[0]} to ${SUPPORTED_VERSIONS[SUPPORTED_VERSIONS.length - 1]} are supported; the default is ${DEFAULT_VERSION}. A rule marked *rejects* reports what the API server refuses (its findings carry \`apiErrorType\` in the checker's JSON), in the API server's words.`,
  );
  out.push('');
  const byFamily = new Map<string, Rule[]>();
  for (const r of RULES) {
    const fam = r.id.split('/')[0];
    if (!byFamily.has(fam)) byFamily.set(fam, []);
    byFamily.get(fam)!.push(r);
  }
  out.push('| id | severity | rejects | what it checks | file |');
  out.push('|---|---|---|---|---|');
  for (const r of RULES) out.push(`| [\`${r.id}\`](#${anchor(r.id)}) | ${r.severity} | ${r.rejects ? 'yes' : ''} | ${r.title.replace(/\|/g, '\\|')} | \`${fileOf(r.id)}\` |`);
  out.push('');
  for (const [fam, rules] of byFamily) {
    out.push(`## ${FAMILIES[fam] ?? fam}`);
    out.push('');
    for (const r of rules) {
      out.push(`<a id="${anchor(r.id)}"></a>`);
      out.push(`### \`${r.id}\``);
      out.push('');
      out.push(`${r.title}.`);
      out.push('');
      out.push(`- Severity: ${r.severity}${r.rejects ? ' (the API server rejects the object)' : ''}`);
      out.push(`- Releases: ${versions(r)}`);
      if (r.upstream) out.push(`- Mirrors: ${r.upstream}`);
      const where = [r.applies?.kinds && `kinds ${r.applies.kinds.join(', ')}`, r.applies?.exceptKinds && `not ${r.applies.exceptKinds.join(', ')}`].filter(Boolean);
      if (r.scope === 'pod' && r.rejects && r.applies?.podSpec !== 'any') where.push('pod specs the API server validates (a StatefulSet template from 1.34 on)');
      if (where.length) out.push(`- Applies to: ${where.join('; ')}`);
      out.push(`- Defined in: [\`server/src/analysis/rules/${fileOf(r.id)}.ts\`](../server/src/analysis/rules/${fileOf(r.id)}.ts)${r.fix ? ' (with a quick fix)' : ''}`);
      out.push('');
      out.push(r.description);
      out.push('');
      if (r.example) {
        out.push('Example that triggers it:');
        out.push('');
        out.push('```yaml');
        out.push(r.example.invalid.replace(/\n$/, ''));
        out.push('```');
        out.push('');
        if (r.example.valid) {
          out.push('Fixed:');
          out.push('');
          out.push('```yaml');
          out.push(r.example.valid.replace(/\n$/, ''));
          out.push('```');
          out.push('');
        }
      }
    }
  }
  return out.join('\n');
}

if (require.main === module) {
  require('node:fs').writeFileSync('docs/rules.md', renderRulesDoc());
  console.log(`docs/rules.md: ${RULES.length} rules`);
}
