// The engine's public vocabulary. Nothing here may import `vscode` or an LSP package:
// the CLI, the language server and the tests all speak these types.
import type { ObjectSummary } from './workspace/objects';
import type { YamlDocument } from './yaml/documents';

export type Severity = 'error' | 'warning' | 'info' | 'hint';
export const SEVERITIES: readonly Severity[] = ['error', 'warning', 'info', 'hint'];

/** The four defense levels kubeward sorts every rule into. */
export type Category = 'exposure' | 'images' | 'cluster-config' | 'patching';

export type PssLevel = 'baseline' | 'restricted';

/**
 * Which rules run. `strict`: every rule, with Pod Security Standards checks at the restricted level (the editor's
 * default). `pss-baseline` / `pss-restricted`: only the PSS checks of that level, as Pod Security Admission would
 * enforce them (a conforming manifest gets no finding at all).
 */
export type Profile = 'strict' | 'pss-baseline' | 'pss-restricted';
export const PROFILES: readonly Profile[] = ['strict', 'pss-baseline', 'pss-restricted'];

/** A zero-based position, as editors count: line and UTF-16 character. */
export interface Position {
  line: number;
  character: number;
}
export interface Range {
  start: Position;
  end: Position;
}

/** A text replacement expressed in offsets of the analysed text; converted to ranges at the edge. */
export interface OffsetEdit {
  start: number;
  end: number;
  newText: string;
}
export interface TextEdit {
  range: Range;
  newText: string;
}

export interface Fix {
  title: string;
  edits: TextEdit[];
  /** Safe fixes are applied by fix-all; others only on an explicit click. */
  safe: boolean;
  /** Rules whose findings may appear after this fix (its title says so), e.g. removing an emptied securityContext. */
  reveals?: string[];
}

export interface Finding {
  ruleId: string;
  severity: Severity;
  message: string;
  range: Range;
  /** Offsets of `range` in the analysed text (handy for re-slicing the source). */
  offset: { start: number; end: number };
  /** Zero-based index of the YAML document in a multi-document file (0 for JSON and Dockerfiles). */
  docIndex: number;
  fixes: Fix[];
  /** Other places that explain the finding (e.g. the Helm template lines that render a values.yaml setting). */
  related?: RelatedLocation[];
  /** Set on findings a suppression silenced: they leave the editor but stay in audit reports (SARIF `suppressions`). */
  suppressed?: Suppression;
}

/** A place in another file (or this one) tied to a finding; `path` as the caller named the file. */
export interface RelatedLocation {
  path: string;
  range: Range;
  message: string;
}

/** How and why a finding was suppressed. */
export interface Suppression {
  /**
   * `inline`: a comment on or above the line; `file`: a file-wide comment; `annotation`: metadata.annotations;
   * `config`: an `ignore` entry of a config file (`source` names it; `offset` is then the finding's own).
   */
  kind: 'inline' | 'file' | 'annotation' | 'config';
  /** The reason written next to the suppression; undefined when none was given. */
  reason?: string;
  /** The tool whose syntax was used: `kubeward`, or a peer such as `kube-linter`, `checkov`, `hadolint`. */
  syntax: string;
  /** Where the suppression is written, in offsets of the analysed text. */
  offset: { start: number; end: number };
  /** For `config`: the config file and the entry's offsets in it. */
  source?: { path: string; start: number; end: number };
}

/**
 * An `ignore` entry of a config file, resolved: every given criterion must match a finding for it to be ignored.
 * Name-like criteria are glob patterns (`*`, `?`); `paths` are absolute, anchored at the config file's folder.
 */
export interface ConfigIgnore {
  /** Rule ids, or `*` for every rule. */
  rules: string[];
  reason: string;
  paths?: string[];
  kinds?: string[];
  names?: string[];
  namespaces?: string[];
  containers?: string[];
  /** Where the entry is written, for reports and "go to the suppression". */
  source: { path: string; start: number; end: number };
}

export type FileKind = 'yaml' | 'json' | 'dockerfile' | 'unknown';

/** Why a file was not analysed (or only partly), shown to the user instead of silence. */
export interface SkipNotice {
  reason: 'helm-template' | 'too-large' | 'partial' | 'binary' | 'not-kubernetes' | 'unsupported' | 'excluded';
  message: string;
}

export interface AnalysisResult {
  kind: FileKind;
  /** What the editor shows: findings that no suppression silenced, and problems with the suppressions themselves. */
  findings: Finding[];
  /** Findings silenced by a suppression, each with `suppressed` set; kept for audit reports. */
  suppressed?: Finding[];
  skipped?: SkipNotice;
  /** With `summarize` in the input: the Kubernetes objects of a YAML or JSON file, for workspace rules. */
  objects?: ObjectSummary[];
}

export interface RuleSetting {
  severity?: Severity | 'off';
  /** Rule-specific options (e.g. `requireCpuLimit: false`), as written in the config file or settings. */
  options?: Record<string, unknown>;
}

export interface EngineSettings {
  enable: boolean;
  /** Per-rule overrides by rule id. */
  rules: Record<string, RuleSetting>;
  /** Files larger than this are skipped with a notice. */
  maxFileBytes: number;
  /** See `Profile`. */
  profile: Profile;
  /** Pod Security Standards policy version: `latest` (v1.37) or `v1.N`; newer versions are clamped to the newest known. */
  pssVersion: string;
  /** The date end-of-life data is judged against (YYYY-MM-DD); defaults to today. Set by tests. */
  today?: string;
  /** Target Kubernetes version (`1.30`), for API deprecations; undefined means the newest kubeward knows. */
  kubernetesVersion?: string;
  /** Image registries (host or host/path prefixes) whose images are trusted. */
  trustedRegistries: string[];
  /** Absolute glob patterns (forward slashes) of files not to analyse; resolved from config files' `exclude`. */
  exclude: string[];
  /** Governance switch: when false, inline comments and annotations suppress nothing and are reported. */
  allowInlineSuppressions: boolean;
  /** When true, a suppression without a reason is reported as a warning. */
  requireReason: boolean;
  /** Config files' `ignore` entries that apply (expired ones are left out and reported in their file). */
  ignores: ConfigIgnore[];
  /**
   * Helm values files applied over a chart's values.yaml, in order (later wins, like `helm -f`); relative paths are
   * relative to the chart folder. The caller reads them (see node/helm-chart.ts).
   */
  helmValuesFiles: string[];
}

export const DEFAULT_SETTINGS: EngineSettings = {
  enable: true,
  rules: {},
  maxFileBytes: 8 * 1024 * 1024,
  profile: 'strict',
  pssVersion: 'latest',
  trustedRegistries: [],
  exclude: [],
  allowInlineSuppressions: true,
  requireReason: false,
  ignores: [],
  helmValuesFiles: [],
};

export interface AnalysisInput {
  text: string;
  /** File path or URI path; used to pick the file kind. */
  path: string;
  /** Editor language id when known (`yaml`, `json`, `dockerfile`). */
  languageId?: string;
  settings?: Partial<EngineSettings>;
  /** True when the file sits inside a Helm chart (a folder with Chart.yaml); the caller knows the file system. */
  inHelmChart?: boolean;
  /**
   * Set by the caller when the file is a Helm chart's values file: the chart's templates (`templates/**`), read from
   * disk. The values are then judged where the templates render them.
   */
  helmChart?: {
    templates: { path: string; text: string; library?: boolean }[];
    /**
     * The values files applied, in order (values.yaml first, later files win, as `helm -f`), the analysed file among
     * them marked `self` (its text is the input's). Only what the analysed file causes is reported. Absent: the file alone.
     */
    values?: { path: string; text: string; self?: boolean }[];
  };
  /**
   * Set by the caller for a file of a chart's `templates/`: the chart's values files in order (values.yaml first,
   * later wins). RBAC objects written literally in the template are then judged when these values render them.
   */
  helmTemplateValues?: string[];
  /** Set by the caller when the file belongs to a Kustomize tree (see ./kustomize). */
  kustomize?: KustomizeInput;
  /** Also return `objects` (an audit's workspace rules need them), from the same parse as the findings. */
  summarize?: boolean;
  /**
   * `text` already split by `parseYamlDocuments`, from a caller that reads the same documents afterwards (a Kustomize
   * build's stream, mapped back to its sources): each document is then parsed once for both.
   */
  documents?: YamlDocument[];
}

export interface KustomizeInput {
  /** The file is a strategic-merge patch of a kustomization: only the values it writes are judged. */
  patch?: boolean;
  /**
   * Findings mapped onto this file from `kubectl kustomize` builds (offsets in the analysed text). They take the place
   * of the file's own rule findings: the built objects were judged, and each finding placed where its value is written.
   */
  built?: MappedFinding[];
  /** Problems of a kustomization's builds to show on the kustomization file (a build that failed). */
  notes?: MappedFinding[];
  /**
   * A kustomization's secretGenerator `envs:`/`files:` sources that are in the repository (exist, not gitignored):
   * their texts keyed by the path as written.
   */
  generatorFiles?: Record<string, string>;
}

/** A finding placed in a file by the Kustomize mapping; offsets in that file's text. */
export interface MappedFinding {
  ruleId: string;
  severity: Severity;
  message: string;
  start: number;
  end: number;
  related?: RelatedLocation[];
}
