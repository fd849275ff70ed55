/**
 * The rule registry: the families, in the order their findings are listed.
 * Each family is one file of this folder (`file` names it), and every rule
 * lives in its family's file. A new rule goes into its family file; a new
 * family is one line here.
 */
import type { AnyRule } from './rule';
import { yamlRules } from './yaml';
import { schemaRules } from './schema';
import { volumeRules } from './volumes';
import { volumeSourceRules } from './volumeSources';
import { envRules } from './env';
import { patternRules } from './patterns';
import { noticeRules } from './notices';
import { portRules } from './ports';
import { containerRules } from './containers';
import { restartPolicyRules } from './restartPolicies';
import { securityContextRules } from './securityContext';
import { osRules } from './os';
import { probeRules } from './probes';
import { podSpecRules } from './podspec';
import { tolerationRules } from './tolerations';
import { affinityRules } from './affinity';
import { topologyRules } from './topology';
import { resourceRules } from './resources';
import { workloadRules } from './workloads';
import { referenceRules } from './references';
import { metadataRules } from './metadata';
import { deploymentRules } from './deployments';
import { statefulSetRules } from './statefulsets';
import { jobRules } from './jobs';
import { cronJobRules } from './cronjobs';

export interface Family {
  /** The file that defines the family's rules: `rules/<file>.ts`. */
  file: string;
  rules: readonly AnyRule[];
}

export const FAMILIES: readonly Family[] = [
  { file: 'yaml', rules: yamlRules },
  { file: 'schema', rules: schemaRules },
  { file: 'volumes', rules: volumeRules },
  { file: 'volumeSources', rules: volumeSourceRules },
  { file: 'env', rules: envRules },
  { file: 'patterns', rules: patternRules },
  { file: 'notices', rules: noticeRules },
  { file: 'ports', rules: portRules },
  { file: 'containers', rules: containerRules },
  { file: 'restartPolicies', rules: restartPolicyRules },
  { file: 'securityContext', rules: securityContextRules },
  { file: 'os', rules: osRules },
  { file: 'probes', rules: probeRules },
  { file: 'podspec', rules: podSpecRules },
  { file: 'affinity', rules: affinityRules },
  { file: 'tolerations', rules: tolerationRules },
  { file: 'topology', rules: topologyRules },
  { file: 'resources', rules: resourceRules },
  { file: 'workloads', rules: workloadRules },
  { file: 'references', rules: referenceRules },
  { file: 'metadata', rules: metadataRules },
  { file: 'deployments', rules: deploymentRules },
  { file: 'statefulsets', rules: statefulSetRules },
  { file: 'jobs', rules: jobRules },
  { file: 'cronjobs', rules: cronJobRules },
];

export const RULES: readonly AnyRule[] = FAMILIES.flatMap((f) => f.rules);

const byId = new Map(RULES.map((r) => [r.id, r]));
if (byId.size !== RULES.length) throw new Error('duplicate rule id in the registry');

export function ruleById(id: string): AnyRule | undefined {
  return byId.get(id);
}

/** The family file that defines a rule. */
export function fileOf(id: string): string | undefined {
  return FAMILIES.find((f) => f.rules.some((r) => r.id === id))?.file;
}
