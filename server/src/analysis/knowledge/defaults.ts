/**
 * Defaults the API server applies to fields a manifest leaves out, from the
 * defaulting code (pkg/apis/core/v1/defaults.go of k8s.io/kubernetes 1.37):
 * the OpenAPI documents do not state them. Inlay hints show them.
 */

/** SetDefaults_PodSpec: `restartPolicy` left out is `Always`. */
export const DEFAULT_RESTART_POLICY = 'Always';

/** SetDefaults_Probe: a probe's timing fields left out (or 0). */
export const PROBE_DEFAULTS = { timeoutSeconds: 1, periodSeconds: 10, successThreshold: 1, failureThreshold: 3 } as const;

/** SetDefaults_PodSpec: `terminationGracePeriodSeconds` left out. */
export const DEFAULT_TERMINATION_GRACE_PERIOD_SECONDS = 30;

// distribution/reference v0.6.0 (regexp.go), as ParseNormalizedNamed reads an image.
const ALNUM = '[a-z0-9]+';
const SEPARATOR = '(?:[._]|__|[-]+)';
const PATH_COMPONENT = `${ALNUM}(?:${SEPARATOR}${ALNUM})*`;
const DOMAIN_COMPONENT = '(?:[a-zA-Z0-9]|[a-zA-Z0-9][a-zA-Z0-9-]*[a-zA-Z0-9])';
const DOMAIN = `(?:${DOMAIN_COMPONENT}(?:\\.${DOMAIN_COMPONENT})*|\\[(?:[a-fA-F0-9:]+)\\])(?::[0-9]+)?`;
const NAME = `(?:${DOMAIN}/)?${PATH_COMPONENT}(?:/${PATH_COMPONENT})*`;
const TAG = '[\\w][\\w.-]{0,127}';
const DIGEST = '[A-Za-z][A-Za-z0-9]*(?:[-_+.][A-Za-z][A-Za-z0-9]*)*:[0-9a-fA-F]{32,}';
// eslint-disable-next-line regexp/no-useless-non-capturing-group, regexp/prefer-d, regexp/no-useless-character-class -- distribution/reference's grammar, composed as it is written there
const REFERENCE = new RegExp(`^(${NAME})(?::(${TAG}))?(?:@(${DIGEST}))?$`);
// eslint-disable-next-line regexp/no-useless-non-capturing-group, regexp/prefer-d, regexp/no-useless-character-class -- distribution/reference's grammar, composed as it is written there
const ANCHORED_NAME = new RegExp(`^(?:(${DOMAIN})/)?(${PATH_COMPONENT}(?:/${PATH_COMPONENT})*)$`);
/** go-digest: the algorithms it knows, with their hex lengths. */
const DIGEST_LENGTHS: Record<string, number> = { sha256: 64, sha384: 96, sha512: 128 };

/**
 * The tag of an image as pkg/util/parsers.ParseImageName gives it: the tag
 * written, else `latest` when neither tag nor digest is written; undefined
 * when the reference does not parse (ParseNormalizedNamed fails).
 */
export function imageTagOf(image: string): string | undefined {
  if (/^[a-f0-9]{64}$/.test(image)) return undefined;
  // splitDockerDomain
  const slash = image.indexOf('/');
  let domain: string;
  let remainder: string;
  if (slash < 0) {
    domain = 'docker.io';
    remainder = `library/${image}`;
  } else {
    const first = image.slice(0, slash);
    const rest = image.slice(slash + 1);
    if (first === 'localhost' || /[.:]/.test(first) || first.toLowerCase() !== first) [domain, remainder] = [first === 'index.docker.io' ? 'docker.io' : first, rest];
    else [domain, remainder] = ['docker.io', image];
    if (domain === 'docker.io' && !remainder.includes('/')) remainder = `library/${remainder}`;
  }
  const colon = remainder.indexOf(':');
  const remote = colon >= 0 ? remainder.slice(0, colon) : remainder;
  if (remote.toLowerCase() !== remote) return undefined;
  const m = REFERENCE.exec(`${domain}/${remainder}`);
  if (!m) return undefined;
  const name = ANCHORED_NAME.exec(m[1]);
  if ((name ? name[2] : m[1]).length > 255) return undefined;
  const [, , tag, digest] = m;
  if (digest) {
    const [alg, hex] = digest.split(':');
    if (DIGEST_LENGTHS[alg] !== hex.length || !/^[a-f0-9]+$/.test(hex)) return undefined;
  }
  if (!tag && !digest) return 'latest';
  return tag ?? '';
}

/**
 * SetDefaults_Container: `imagePullPolicy` left out is `Always` for an image
 * whose tag is `latest` (written, or implied by no tag and no digest), else
 * `IfNotPresent` (an image that does not parse included).
 */
export function defaultImagePullPolicy(image: string): 'Always' | 'IfNotPresent' {
  return imageTagOf(image) === 'latest' ? 'Always' : 'IfNotPresent';
}
