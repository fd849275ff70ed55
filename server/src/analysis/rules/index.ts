/**
 * The rule registry: the families, in the order their findings are listed.
 * A new rule goes into its family file; a new family is one line here.
 */
import type { Rule } from './api';
import { yamlRules } from './yaml';
import { schemaRules } from './schema';
import { volumeRules } from './volumes';
import { envRules } from './env';
import { patternRules } from './patterns';
import { suppressionRules } from './suppression';
import { fileRules } from './file';
import { portRules } from './ports';
import { containerRules } from './containers';
import { probeRules } from './probes';
import { podSpecRules } from './podspec';
import { resourceRules } from './resources';
import { workloadRules } from './workloads';

export const RULES: readonly Rule[] = [...yamlRules, ...schemaRules, ...volumeRules, ...envRules, ...patternRules, ...suppressionRules, ...fileRules, ...portRules, ...containerRules, ...probeRules, ...podSpecRules, ...resourceRules, ...workloadRules];

const byId = new Map(RULES.map((r) => [r.id, r]));
if (byId.size !== RULES.length) throw new Error('duplicate rule id in the registry');

export function ruleById(id: string): Rule | undefined {
  return byId.get(id);
}
