import { strict as assert } from 'node:assert';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { before, describe, it } from 'node:test';
import Ajv from 'ajv';
import { parseAllDocuments } from 'yaml';
import { exportPolicies, POLICY_FORMATS, type PolicyFormat } from '../../server/src/policy/export';
import { REPO_ROOT } from '../helpers/paths';

// Every generated object against the schema its API server or controller enforces (sources and licenses:
// test/fixtures/schemas/SOURCES.md), so `kubectl apply` accepts it.

type Obj = { apiVersion: string; kind: string; metadata: { name: string }; spec: Record<string, any> };
type Check = (o: unknown) => string[];

/** The kubernetes-models validators are ES modules; the tests compile to CommonJS, whose import() would become require(). */
const importEsm = new Function('p', 'return import(p)') as (p: string) => Promise<any>;
const SCHEMAS = join(REPO_ROOT, 'test', 'fixtures', 'schemas');
const ajv = new Ajv({ allErrors: true, strict: false });
const fromJson = (file: string): Check => {
  const validate = ajv.compile(JSON.parse(readFileSync(join(SCHEMAS, file), 'utf8')));
  return (o) => (validate(o) ? [] : validate.errors!.map((e) => `${e.instancePath} ${e.message}`));
};
/** Precompiled ajv validators report no messages: the keyword and its parameters say what failed. */
const fromCompiled = (validate: { (o: unknown): boolean; errors?: { instancePath: string; keyword: string; params: unknown }[] | null }): Check => (o) =>
  validate(o) ? [] : (validate.errors ?? []).map((e) => `${e.instancePath} ${e.keyword} ${JSON.stringify(e.params)}`);
const fromModel = (Model: new (o: unknown) => { validate(): void }): Check => (o) => {
  try {
    new Model(o).validate();
    return [];
  } catch (err) {
    return [(err as Error).message];
  }
};

const checks: Record<string, Check> = {};
before(async () => {
  checks.ValidatingAdmissionPolicy = fromCompiled((await importEsm('kubernetes-models/_schemas/IoK8sApiAdmissionregistrationV1ValidatingAdmissionPolicy')).validate);
  checks.ValidatingAdmissionPolicyBinding = fromCompiled((await importEsm('kubernetes-models/_schemas/IoK8sApiAdmissionregistrationV1ValidatingAdmissionPolicyBinding')).validate);
  checks.ClusterPolicy = fromModel((await importEsm('@kubernetes-models/kyverno/kyverno.io/v1/ClusterPolicy')).ClusterPolicy);
  checks.ConstraintTemplate = fromJson('gatekeeper/constrainttemplate-v1.schema.json');
  checks.K8sNativeValidationSource = fromJson('gatekeeper/k8snativevalidation-source.schema.json');
  checks.Constraint = fromJson('gatekeeper/constraint.schema.json');
});

const DNS_SUBDOMAIN = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;

/** Schema problems of one generated file's objects; Gatekeeper constraints are checked against the CRD their template defines. */
function problems(docs: Obj[]): string[] {
  const out: string[] = [];
  const templateKinds = new Set<string>();
  for (const o of docs) {
    const where = `${o.kind}/${o.metadata?.name}`;
    if (!DNS_SUBDOMAIN.test(o.metadata?.name ?? '') || o.metadata.name.length > 253) out.push(`${where}: metadata.name is not a DNS subdomain`);
    if (o.kind === 'ConstraintTemplate') {
      out.push(...checks.ConstraintTemplate(o).map((p) => `${where}: ${p}`));
      const kind: string = o.spec?.crd?.spec?.names?.kind ?? '';
      // Gatekeeper refuses a template whose name is not its constraint kind in lower case, or with more than one target.
      if (o.metadata.name !== kind.toLowerCase()) out.push(`${where}: name must be the lower-case constraint kind ${kind}`);
      if (o.spec?.targets?.length !== 1) out.push(`${where}: exactly one target`);
      for (const code of o.spec?.targets?.[0]?.code ?? []) {
        if (code.engine === 'K8sNativeValidation') out.push(...checks.K8sNativeValidationSource(code.source).map((p) => `${where} source: ${p}`));
      }
      templateKinds.add(kind);
    } else if (o.apiVersion === 'constraints.gatekeeper.sh/v1beta1') {
      out.push(...checks.Constraint(o).map((p) => `${where}: ${p}`));
      if (!templateKinds.has(o.kind)) out.push(`${where}: no ConstraintTemplate defines kind ${o.kind}`);
    } else {
      const check = checks[o.kind];
      if (!check) out.push(`${where}: no schema for ${o.apiVersion} ${o.kind}`);
      else out.push(...check(o).map((p) => `${where}: ${p}`));
      if (o.kind === 'ClusterPolicy') {
        for (const r of o.spec.rules ?? []) if (!(r.name?.length <= 63)) out.push(`${where}: rule name longer than 63 characters`);
      }
    }
  }
  return out;
}

const objectsOf = (text: string) => parseAllDocuments(text).map((d) => d.toJS() as Obj);

describe('admission policy export: every generated object validates against its schema', () => {
  for (const format of POLICY_FORMATS) {
    for (const level of ['baseline', 'restricted'] as const) {
      for (const [excluded, ignoreAnnotations] of [[[], false], [['kube-system', 'monitoring'], true]] as const) {
        it(`${format}, ${level}, ${excluded.length} excluded namespaces, ignore annotations ${ignoreAnnotations ? 'honoured' : 'not honoured'}`, () => {
          const out = exportPolicies(format, level, {}, excluded, { ignoreAnnotations });
          const yamlFiles = out.files.filter((f) => f.name.endsWith('.yaml'));
          assert.equal(yamlFiles.length, out.exported.length);
          const found = yamlFiles.flatMap((f) => problems(objectsOf(f.text)).map((p) => `${f.name}: ${p}`));
          assert.deepEqual(found, []);
        });
      }
    }
  }
});

/** A generated file of each format, for the tests that break it on purpose. */
const sample = (format: PolicyFormat) => objectsOf(exportPolicies(format, 'restricted', {}, ['kube-system']).files[0].text);

describe('admission policy schemas refuse broken objects (so the test above can fail)', () => {
  const cases: { name: string; format: PolicyFormat; breakIt: (docs: Obj[]) => void; expect: RegExp }[] = [
    { name: 'VAP binding: unknown validationAction', format: 'vap', breakIt: (d) => (d[1].spec.validationActions = ['Block']), expect: /validationActions\/0 enum/ },
    { name: 'VAP binding: no policyName', format: 'vap', breakIt: (d) => delete d[1].spec.policyName, expect: /required .*policyName/ },
    { name: 'VAP: unknown failurePolicy', format: 'vap', breakIt: (d) => (d[0].spec.failurePolicy = 'Deny'), expect: /failurePolicy enum/ },
    { name: 'VAP: validation without expression', format: 'vap', breakIt: (d) => delete d[0].spec.validations[0].expression, expect: /required .*expression/ },
    { name: 'Kyverno: unknown validationFailureAction', format: 'kyverno', breakIt: (d) => (d[0].spec.validationFailureAction = 'Deny'), expect: /validationFailureAction/ },
    { name: 'Kyverno: rule without name', format: 'kyverno', breakIt: (d) => delete d[0].spec.rules[0].name, expect: /name/ },
    { name: 'Gatekeeper: code without engine', format: 'gatekeeper', breakIt: (d) => delete d[0].spec.targets[0].code[0].engine, expect: /engine/ },
    { name: 'Gatekeeper: matchConditions (the driver reads matchCondition)', format: 'gatekeeper', breakIt: (d) => (d[0].spec.targets[0].code[0].source.matchConditions = []), expect: /additional properties/ },
    { name: 'Gatekeeper: reserved variable name', format: 'gatekeeper', breakIt: (d) => (d[0].spec.targets[0].code[0].source.variables[0].name = 'params'), expect: /must NOT be valid/ },
    { name: 'Gatekeeper: template name is not the kind', format: 'gatekeeper', breakIt: (d) => (d[0].metadata.name = 'other'), expect: /lower-case constraint kind/ },
    { name: 'Gatekeeper constraint: unknown enforcementAction', format: 'gatekeeper', breakIt: (d) => (d[1].spec.enforcementAction = 'block'), expect: /enforcementAction .*allowed values/ },
    { name: 'Gatekeeper constraint: misspelt match field', format: 'gatekeeper', breakIt: (d) => (d[1].spec.match.excludeNamespaces = ['x']), expect: /additional properties/ },
  ];
  for (const c of cases) {
    it(c.name, () => {
      const docs = sample(c.format);
      assert.deepEqual(problems(docs), [], 'the unbroken file is valid');
      c.breakIt(docs);
      const found = problems(docs);
      assert.ok(found.some((p) => c.expect.test(p)), found.join('\n') || 'no problem found');
    });
  }
});
