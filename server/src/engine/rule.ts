import type { Node, Pair } from 'yaml';
import type { DockerInstruction, DockerfileView } from './dockerfile/parse';
import type { ManifestObject } from './k8s/objects';
import type { YamlEditor } from './yaml/edit';
import type { Category, EngineSettings, OffsetEdit, PssLevel, Severity } from './types';

export interface RuleMeta {
  /** `k8s/<name>` or `docker/<name>`: equal to the rule's path under `rules/`. */
  id: string;
  title: string;
  severity: Severity;
  category: Category;
  /** Set for rules that implement a Pod Security Standards check (upstream check id). */
  pss?: { level: PssLevel; check: string };
  /** Set for rules that report a dangerous RBAC grant: the engine check and the admission policy both read it. */
  grant?: RbacGrant;
  /** Markdown shown on hover and in the rule docs: what is wrong, why it matters, how to fix it. */
  docs: string;
  /** One sentence ending in '.', what to do. */
  remediation: string;
  references?: string[];
  /** Whether the rule offers quick fixes. */
  fixable?: boolean;
  /** A file that triggers the rule and one that does not; rendered in the docs and checked by test/unit/rule-meta.test.ts. */
  examples?: { bad: string; good: string; path?: string; settings?: Partial<EngineSettings> };
}

/** Permissions whose grant by a Role/ClusterRole rule is dangerous (rules/_lib/rbac.ts defines the matching). */
export interface RbacGrant {
  /** API groups of the resources ('' is the core group); a rule's `*` group matches too. */
  apiGroups: readonly string[];
  /** Resources, a subresource written `pods/exec`; a rule's `pods/*` covers it too. A `*` resource is left to k8s/rbac-wildcard. */
  resources: readonly string[];
  /** Verbs that make the grant dangerous; a rule's `*` verb matches too. */
  verbs: readonly string[];
  /** Rules limited by `resourceNames` are scoped to named objects and not reported. */
  exceptNamedResources?: boolean;
  /** What the grant lets the subject do, ending the finding's message. */
  risk: string;
}

export interface FixSpec {
  title: string;
  /** Offsets relative to the analysed document's text. */
  edits: OffsetEdit[];
  /** Applied by fix-all when true. Default true. */
  safe?: boolean;
  /** Rules whose findings may appear after this fix; the title must say so. */
  reveals?: string[];
}

export interface Report {
  /** The smallest node that carries the problem: a pair (key and value) or a single node. */
  at: Node | Pair | { start: number; end: number };
  message: string;
  fixes?: FixSpec[];
}

export interface RuleContext {
  report(r: Report): void;
  /** Builds format-preserving edits for the current document. */
  edit: YamlEditor;
  settings: EngineSettings;
}

export interface K8sRule {
  language: 'k8s';
  meta: RuleMeta;
  check(object: ManifestObject, ctx: RuleContext): void;
}

export interface DockerfileReport {
  /** Offsets in the Dockerfile's text. */
  at: { start: number; end: number };
  message: string;
  fixes?: FixSpec[];
}

export interface DockerfileRuleContext {
  report(r: DockerfileReport): void;
  settings: EngineSettings;
  /** The date findings are judged against (YYYY-MM-DD): `settings.today`, else the real date. */
  today: string;
}

/** A Dockerfile rule that reads the file as a whole: stages, FROM lines, global ARGs, the final stage. */
export interface DockerfileFileRule {
  language: 'dockerfile';
  meta: RuleMeta;
  /** Called once per Dockerfile with the whole parsed view. */
  check(view: DockerfileView, ctx: DockerfileRuleContext): void;
}

/**
 * A Dockerfile rule that checks one instruction at a time and reads nothing but that instruction: not the others, not
 * the text outside the lines it is on, not the settings (what else it depends on, it says in `context`). The
 * language server keeps what it reported by the text of those lines (dockerfile/instruction-reports.ts), so a
 * keystroke runs it on the one instruction that changed, not on the whole file.
 */
export interface DockerfileInstructionRule {
  language: 'dockerfile';
  meta: RuleMeta;
  /** Keywords of the instructions it checks; an ONBUILD trigger is checked under its own keyword. */
  keywords: readonly string[];
  /** What its reports on `instruction` depend on besides the instruction's lines (the user a RUN runs as…). */
  context?(instruction: DockerInstruction, view: DockerfileView): string;
  checkInstruction(instruction: DockerInstruction, view: DockerfileView, ctx: DockerfileInstructionContext): void;
}

export interface DockerfileInstructionContext {
  /** Offsets in the Dockerfile's text, within the lines of the instruction. */
  report(r: DockerfileReport): void;
}

export type DockerfileRule = DockerfileFileRule | DockerfileInstructionRule;

export function isInstructionRule(rule: DockerfileRule): rule is DockerfileInstructionRule {
  return 'checkInstruction' in rule;
}

export type Rule = K8sRule | DockerfileRule;

export function defineK8sRule(rule: Omit<K8sRule, 'language'>): K8sRule {
  return { language: 'k8s', ...rule };
}

export function defineDockerfileRule(rule: Omit<DockerfileFileRule, 'language'>): DockerfileFileRule {
  return { language: 'dockerfile', ...rule };
}

export function defineDockerfileInstructionRule(rule: Omit<DockerfileInstructionRule, 'language'>): DockerfileInstructionRule {
  return { language: 'dockerfile', ...rule };
}

/** Link to the generated rule documentation (used as the diagnostic's codeDescription). */
export function ruleDocsUrl(id: string): string {
  return `https://github.com/kubeward/kubeward/blob/main/docs/rules/${id}.md`;
}
