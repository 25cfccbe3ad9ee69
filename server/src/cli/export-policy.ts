// `kubeward export-policy`: the same rules, enforced at admission (ValidatingAdmissionPolicy, Kyverno, Gatekeeper).
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { Analyzer } from '../engine/analyze';
import { resolveConfig } from '../engine/config/resolve';
import { toEngineSettings } from '../engine/settings';
import type { EngineSettings, PssLevel } from '../engine/types';
import { isPssVersion, pssMinor } from '../engine/pss';
import { CliConfig } from '../node/file-config';
import { exportPolicies, POLICY_FORMATS, type PolicyFormat } from '../policy/export';

export const EXPORT_HELP = `kubeward export-policy --format vap|kyverno|gatekeeper -o DIR [options]

Writes one admission policy per enabled Kubernetes rule that the object alone decides (error severity: deny; others:
warn and audit), and DIR/README.md listing the rules that were not exported and why. The strict profile exports every
such rule; pss-baseline / pss-restricted only that level's Pod Security Standards checks.

Options:
  --format vap|kyverno|gatekeeper   ValidatingAdmissionPolicy + binding, Kyverno ClusterPolicy (CEL), or
                                    Gatekeeper ConstraintTemplate (K8sNativeValidation) + Constraint
  -o, --output DIR                  folder to write (created if missing)
  --profile strict|pss-baseline|pss-restricted   what to export (default: the config's profile; strict = every
                                    exportable rule, PSS at restricted)
  --pss-version latest|v1.N         Pod Security Standards policy version (default: the config's pssVersion); the
                                    checks and their semantics follow that version, as in the editor
  --config FILE                     a .kubeward.yaml to read rule overrides from (default: the one for this folder)
  --exclude-namespace NS            namespaces the policies skip (repeatable; default: kube-system)
  --allow-ignore-annotations        exempt objects annotated kubeward.io/ignore.<group>.<rule> from that rule, as the
                                    editor does (whoever may create an object may annotate it: restrict who may set
                                    kubeward.io/ annotations; never with allowInlineSuppressions: false)

Example:
  kubeward export-policy --format vap -o policies/ && kubectl apply -f policies/
`;

export function exportPolicyCommand(argv: string[], out: (s: string) => void): number {
  let values;
  try {
    ({ values } = parseArgs({
      args: argv,
      options: {
        format: { type: 'string' },
        output: { type: 'string', short: 'o' },
        profile: { type: 'string' },
        'pss-version': { type: 'string' },
        config: { type: 'string' },
        'exclude-namespace': { type: 'string', multiple: true },
        'allow-ignore-annotations': { type: 'boolean' },
        help: { type: 'boolean', short: 'h' },
      },
    }));
  } catch (err) {
    out(`kubeward export-policy: ${(err as Error).message}\n\n${EXPORT_HELP}`);
    return 2;
  }
  if (values.help) {
    out(EXPORT_HELP);
    return 0;
  }
  const format = values.format as PolicyFormat;
  if (!POLICY_FORMATS.includes(format) || !values.output) {
    out(`kubeward export-policy: --format (${POLICY_FORMATS.join('|')}) and -o DIR are required\n\n${EXPORT_HELP}`);
    return 2;
  }
  const settings = loadSettings(values.config, out);
  if (!settings) return 2;
  const profile = values.profile ?? settings.profile;
  if (!['pss-baseline', 'pss-restricted', 'strict'].includes(profile)) {
    out(`kubeward export-policy: unknown profile "${profile}"`);
    return 2;
  }
  const pssVersion = values['pss-version'] ?? settings.pssVersion;
  if (!isPssVersion(pssVersion)) {
    out(`kubeward export-policy: unknown --pss-version "${pssVersion}" (latest or v1.N)`);
    return 2;
  }
  const level: PssLevel = profile === 'pss-baseline' ? 'baseline' : 'restricted';
  const result = exportPolicies(format, level, { ...settings, profile: profile as EngineSettings['profile'], pssVersion }, values['exclude-namespace'] ?? ['kube-system'], {
    ignoreAnnotations: values['allow-ignore-annotations'] === true,
  });
  const dir = resolve(values.output);
  mkdirSync(dir, { recursive: true });
  for (const f of result.files) writeFileSync(join(dir, f.name), f.text);
  out(`wrote ${result.exported.length} ${format} policies (${level}, PSS v1.${pssMinor(pssVersion)}) to ${values.output}; ${result.notExported.length} rules not exported (see README.md there)`);
  return 0;
}

function loadSettings(configFile: string | undefined, out: (s: string) => void): EngineSettings | undefined {
  const knownRuleIds = new Analyzer().ruleIds;
  if (!configFile) return new CliConfig(knownRuleIds, {}).settingsFor(join(process.cwd(), 'policy.yaml'));
  let text: string;
  try {
    text = readFileSync(configFile, 'utf8');
  } catch (err) {
    out(`kubeward export-policy: cannot read ${configFile}: ${String(err)}`);
    return undefined;
  }
  const path = resolve(configFile);
  const { settings, problems } = resolveConfig({ chain: [{ path, text }], read: (p) => readFileSync(p, 'utf8'), settings: toEngineSettings({}), knownRuleIds, trusted: true });
  const errors = problems.filter((p) => p.severity === 'error');
  for (const p of errors) out(`${configFile}: ${p.message}`);
  return errors.length ? undefined : settings;
}
