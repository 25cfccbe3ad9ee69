import { isMap, parseDocument, type YAMLMap } from 'yaml';
import { ALL_RULES } from '../../../rules';
import { excludedBy } from './config/glob';
import { DocumentCache } from './doc-cache';
import { checkDockerfile, dockerfileTooCostly } from './dockerfile/check';
import { isGoTemplate, judgeValues, literalRbacText, mergeValues, readValueUses, scanTemplateLiterals, type ValueUse } from './helm';
import { imageOverrideFindings, isKustomizationFileName, judgePatchDocument, parseKustomization, remoteFindings, secretGeneratorFindings } from './kustomize';
import { ruleInProfile } from './pss';
import { applySuppressions } from './suppress/apply';
import { fileKindOf } from './file-kind';
import { manifestObjects } from './k8s/objects';
import type { Report, Rule, RuleContext } from './rule';
import { LineIndex } from './text';
import {
  DEFAULT_SETTINGS,
  type AnalysisInput,
  type AnalysisResult,
  type EngineSettings,
  type FileKind,
  type Finding,
  type KustomizeInput,
  type MappedFinding,
  type OffsetEdit,
  type RelatedLocation,
  type Severity,
} from './types';
import { placeObjects, summarizeObject, type DocObjectSummary, type ObjectSummary } from './workspace/objects';
import { YamlEditor } from './yaml/edit';
import { parseYamlDocuments, type YamlDocument } from './yaml/documents';
import { spanOf } from './yaml/nodes';

export const PARSE_ERROR_RULE = 'kubeward/parse-error';
export const INTERNAL_ERROR_RULE = 'kubeward/internal-error';

/** A finding with offsets relative to its document, before it is placed in the file. */
interface DocFinding {
  ruleId: string;
  severity: Severity;
  message: string;
  start: number;
  end: number;
  fixes: { title: string; safe: boolean; edits: OffsetEdit[]; reveals?: string[] }[];
  related?: RelatedLocation[];
}

/** What checking one document yields; cached by the document's text. */
interface CheckedDocument {
  findings: DocFinding[];
  /** Its Kubernetes objects, summarised for workspace rules. */
  objects: DocObjectSummary[];
}

/** Up to this many times `maxFileBytes`, a YAML stream is analysed partially instead of skipped. */
const PARTIAL_FACTOR = 8;

/** Used when a rule the Helm judge reports for is not registered (it then runs in the strict profile only). */
const HELM_FALLBACK_SEVERITY: Record<string, Severity> = { 'k8s/image-mutable-tag': 'warning' };

const K8S_HINT = /^[ \t]*"?(?:apiVersion|kind)"?[ \t]*:/m;

/** Everything besides a YAML document's text that its findings depend on: the cache key's settings part. */
function documentSettingsKey(json: boolean, settings: EngineSettings): string {
  return `${json}\u0000${JSON.stringify(settings.rules)}\u0000${settings.profile}\u0000${settings.pssVersion}\u0000${settings.kubernetesVersion}\u0000${settings.trustedRegistries.join(',')}`;
}

/**
 * Analyses files. Holds a small cache of per-document results keyed by the document's text and the
 * settings, so an edit in one document of a large bundle re-checks only that document.
 */
export class Analyzer {
  private readonly cache: DocumentCache<CheckedDocument>;
  private readonly valuesRoots = new Map<string, YAMLMap | undefined>();
  private valueUsesMemo: { key: string; uses: ValueUse[] } | undefined;
  /** Ids a suppression or a config file may name. */
  readonly ruleIds: ReadonlySet<string>;

  constructor(
    private readonly rules: readonly Rule[] = ALL_RULES,
    /** `digest`: key cached documents by a digest of their text (see DocumentCache); an audit passes one. */
    options: { cacheSize?: number; digest?: (text: string) => string } = {},
  ) {
    this.cache = new DocumentCache(options.cacheSize ?? 5000, { digest: options.digest });
    this.ruleIds = new Set(rules.map((r) => r.meta.id));
  }

  analyze(input: AnalysisInput): AnalysisResult {
    const settings: EngineSettings = { ...DEFAULT_SETTINGS, ...input.settings };
    const kind = fileKindOf(input.path, input.languageId);
    const text = input.text;
    if (!settings.enable || kind === 'unknown') return { kind, findings: [] };
    const exclusion = settings.exclude.length ? excludedBy(input.path, settings.exclude) : undefined;
    if (exclusion) return { kind, findings: [], skipped: { reason: 'excluded', message: `Excluded by the configuration (\`${exclusion}\`); not analysed.` } };
    // A YAML stream over the limit is analysed document by document up to it (and reported as partial);
    // anything else over the limit, or a stream so large that even splitting it is wasteful, is skipped.
    const partial = kind === 'yaml' && text.length > settings.maxFileBytes && text.length <= settings.maxFileBytes * PARTIAL_FACTOR;
    if (text.length > settings.maxFileBytes && !partial) {
      return { kind, findings: [], skipped: { reason: 'too-large', message: `File is larger than ${settings.maxFileBytes} bytes; not analysed.` } };
    }
    if (text.includes('\u0000')) return { kind, findings: [], skipped: { reason: 'binary', message: 'Binary content; not analysed.' } };
    const lines = new LineIndex(text);
    if (kind === 'dockerfile') return this.analyzeDockerfile(text, input.path, settings, lines);
    // A chart's values file is plain YAML even when its strings hold template text (for `tpl`).
    if (!input.helmChart && isGoTemplate(text, input.inHelmChart ?? false)) return this.analyzeTemplate(text, input.path, kind, settings, lines, input.helmTemplateValues);
    const findings: Finding[] = [];
    const objects: ObjectSummary[] = [];
    const all = input.documents ?? parseYamlDocuments(text);
    const docs = partial ? all.filter((d) => d.base + d.text.length <= settings.maxFileBytes) : all;
    if (kind === 'yaml' && isKustomizationFileName(input.path)) {
      return this.withSuppressions({ text, path: input.path, kind, lines, docs, findings: this.kustomizationFindings(text, docs, input.kustomize, settings, lines), settings });
    }
    if (input.kustomize?.built) {
      // Judged in the build: the findings are already placed in this file.
      findings.push(...input.kustomize.built.map((f) => placedMapped(f, docs, lines)));
      for (const source of docs) {
        for (const f of this.analyzeDocument(source, kind === 'json', settings).findings) if (f.ruleId === PARSE_ERROR_RULE) findings.push(placed(f, source.base, source.index, lines));
      }
      return this.withSuppressions({ text, path: input.path, kind, lines, docs, findings, settings });
    }
    for (const source of docs) {
      if (input.kustomize?.patch) {
        for (const f of this.analyzePatchDocument(source, kind === 'json', settings)) findings.push(placed(f, source.base, source.index, lines));
        continue;
      }
      const checked = this.analyzeDocument(source, kind === 'json', settings);
      for (const f of checked.findings) findings.push(placed(f, source.base, source.index, lines));
      if (input.summarize) objects.push(...placeObjects(checked.objects, input.path, source.base, lines));
    }
    if (input.helmChart && kind === 'yaml' && docs[0]) {
      for (const f of this.helmValuesFindings(docs[0], input.helmChart, settings)) findings.push(placed(f, docs[0].base, docs[0].index, lines));
    }
    const result = this.withSuppressions({ text, path: input.path, kind, lines, docs, findings, settings });
    // A patch holds partial objects: a caller that needs them summarises the file itself.
    if (input.summarize && !input.kustomize?.patch) result.objects = objects;
    if (!partial) return result;
    const message = `File is larger than ${settings.maxFileBytes} bytes: analysed its first ${docs.length} of ${all.length} documents only.`;
    return { ...result, skipped: { reason: 'partial', message } };
  }

  /**
   * A kustomization file: remote resources it cannot analyse, build problems, findings that builds placed on its
   * `images:` entries, or (no build) its image overrides as written, and secret values its secretGenerators commit.
   */
  private kustomizationFindings(text: string, docs: YamlDocument[], input: KustomizeInput | undefined, settings: EngineSettings, lines: LineIndex): Finding[] {
    const k = docs.length === 1 && !docs[0].doc.errors.length ? parseKustomization(text) : undefined;
    if (!k) return [];
    const out: Finding[] = [];
    for (const f of remoteFindings(k)) out.push(placedMapped({ ...f, severity: 'info' }, docs, lines));
    for (const f of input?.notes ?? []) out.push(placedMapped(f, docs, lines));
    for (const f of input?.built ?? []) out.push(placedMapped(f, docs, lines));
    // Secret values written here are committed whether or not a build judged them (builds drop generated objects);
    // image overrides are judged as written only without a build.
    for (const f of [...secretGeneratorFindings(k, input?.generatorFiles), ...(input?.built ? [] : imageOverrideFindings(k))]) {
      const severity = this.helmSeverity(f.ruleId, settings);
      if (!severity) continue;
      const finding = placedMapped({ ...f, severity }, docs, lines);
      // Suppressed by the annotation a generator gives its Secret: reported as suppressed, like an object's annotation.
      const by = f.suppressedBy;
      out.push(by ? { ...finding, suppressed: { kind: 'annotation', syntax: 'kubeward', offset: { start: by.start, end: by.end }, ...(by.reason ? { reason: by.reason } : {}) } } : finding);
    }
    return out;
  }

  /** A strategic-merge patch of a kustomization, judged only on the values it writes (see ./kustomize/patch). */
  private analyzePatchDocument(source: YamlDocument, json: boolean, settings: EngineSettings): DocFinding[] {
    const key = `patch\u0000${documentSettingsKey(json, settings)}`;
    const hit = this.cache.get(key, source.text);
    if (hit) return hit.findings;
    const own = this.checkDocument(source, json, settings).findings;
    if (own.some((f) => f.ruleId === PARSE_ERROR_RULE)) return this.cache.set(key, source.text, { findings: own, objects: [] }).findings;
    const kept = judgePatchDocument(source, (doc) => this.checkDocument(doc, false, settings).findings);
    // The patch's own finding at the same place carries fixes that edit the patch; prefer it.
    const found = kept.map((f) => own.find((o) => o.ruleId === f.ruleId && o.start === f.start && o.end === f.end) ?? { ...f, fixes: [] });
    return this.cache.set(key, source.text, { findings: found, objects: [] }).findings;
  }

  /** A Go template is not YAML: only settings written literally on lines no template action touches are judged. */
  private analyzeTemplate(text: string, path: string, kind: FileKind, settings: EngineSettings, lines: LineIndex, values?: string[]): AnalysisResult {
    const findings: Finding[] = [];
    for (const f of scanTemplateLiterals(text)) {
      const severity = this.helmSeverity(f.ruleId, settings);
      if (severity) findings.push(placed({ ...f, severity, fixes: [] }, 0, 0, lines));
    }
    // RBAC objects written literally (their rules are plain YAML) are judged as rendered with the chart's values.
    const roots = () => (values ?? []).flatMap((v) => this.valuesRoot(v) ?? []);
    const rbac = values?.length && kind === 'yaml' ? literalRbacText(text, () => (roots().length ? mergeValues(roots()).root : undefined)) : undefined;
    for (const source of rbac ? parseYamlDocuments(rbac) : []) {
      for (const f of this.analyzeDocument(source, false, settings).findings) {
        // Only RBAC rules read these objects: fixes would edit template text and are left out.
        if (f.ruleId.startsWith('k8s/rbac-')) findings.push(placed({ ...f, fixes: [] }, source.base, source.index, lines));
      }
    }
    const result = this.withSuppressions({ text, path, kind, lines, docs: [], findings, settings });
    const message = 'Go/Helm template: not parsed as YAML; settings written literally are checked here, values where values.yaml sets them.';
    return { ...result, skipped: { reason: 'helm-template', message } };
  }

  /** A chart's values file, judged where its templates render the values, with the other values files applied (see ./helm). */
  private helmValuesFindings(doc: YamlDocument, chart: NonNullable<AnalysisInput['helmChart']>, settings: EngineSettings): DocFinding[] {
    const out: DocFinding[] = [];
    const layers = chart.values ?? [];
    const self = layers.findIndex((v) => v.self);
    const rootsOf = (files: typeof layers): YAMLMap[] => files.flatMap((v) => this.valuesRoot(v.text) ?? []);
    const others = self < 0 ? { before: [], after: [] } : { before: rootsOf(layers.slice(0, self)), after: rootsOf(layers.slice(self + 1)) };
    for (const { anchor: _anchor, ...f } of judgeValues(doc, this.valueUses(chart.templates), others)) {
      const severity = this.helmSeverity(f.ruleId, settings);
      if (severity) out.push({ ...f, severity });
    }
    return out;
  }

  /**
   * Where a chart's templates use its values, read once per version of the templates: every values file of the chart
   * (and every keystroke in one) asks again.
   */
  private valueUses(templates: NonNullable<AnalysisInput['helmChart']>['templates']): ValueUse[] {
    const key = templates.map((t) => `${t.path}\u0000${t.library ?? false}\u0000${t.text}`).join('\u0000');
    if (this.valueUsesMemo?.key !== key) this.valueUsesMemo = { key, uses: readValueUses(templates) };
    return this.valueUsesMemo.uses;
  }

  /** A values file's root map, parsed once for all of a chart's templates (a few charts' worth are kept). */
  private valuesRoot(text: string): YAMLMap | undefined {
    if (this.valuesRoots.has(text)) return this.valuesRoots.get(text);
    const root: unknown = parseDocument(text).contents;
    const map = isMap(root) ? root : undefined;
    if (this.valuesRoots.size >= 8) this.valuesRoots.delete(this.valuesRoots.keys().next().value as string);
    this.valuesRoots.set(text, map);
    return map;
  }

  private helmSeverity(ruleId: string, settings: EngineSettings): Severity | undefined {
    const rule = this.rules.find((r) => r.meta.id === ruleId);
    if (rule) return effectiveSeverity(rule, settings);
    return settings.profile === 'strict' ? HELM_FALLBACK_SEVERITY[ruleId] : undefined;
  }

  private analyzeDockerfile(text: string, path: string, settings: EngineSettings, lines: LineIndex): AnalysisResult {
    const tooCostly = dockerfileTooCostly(text);
    if (tooCostly) return { kind: 'dockerfile', findings: [], skipped: { reason: 'too-large', message: tooCostly } };
    // Profiles select Pod Security Standards levels: they do not apply to Dockerfiles.
    const severityOf = (rule: Rule) => ruleSeverity(rule, settings);
    // Not cached by text: each keystroke makes a new text, and copying its findings into the cache cost about a tenth
    // of the analysis; what an edit leaves unchanged is re-used by the parse instead (dockerfile/chunks.ts).
    const findings = checkDockerfile(text, this.rules, settings, severityOf);
    return this.withSuppressions({ text, path, kind: 'dockerfile', lines, docs: [], findings: findings.map((f) => placed(f, 0, 0, lines)), settings });
  }

  /** Suppressions apply last, to every kind of file, so what leaves the engine is what the user asked to see. */
  private withSuppressions(input: { text: string; path: string; kind: FileKind; lines: LineIndex; docs: YamlDocument[]; findings: Finding[]; settings: EngineSettings }): AnalysisResult {
    // Findings that come suppressed (a Kustomize generator's annotation) are not offered to other suppressions.
    const already = input.findings.filter((f) => f.suppressed);
    const open = already.length ? input.findings.filter((f) => !f.suppressed) : input.findings;
    const outcome = applySuppressions({ ...input, findings: open, knownRuleIds: this.ruleIds });
    const { shown, problems } = outcome;
    const suppressed = already.length ? [...outcome.suppressed, ...already] : outcome.suppressed;
    const findings = sortFindings([...shown, ...problems]);
    return suppressed.length ? { kind: input.kind, findings, suppressed: sortFindings(suppressed) } : { kind: input.kind, findings };
  }

  private analyzeDocument(source: YamlDocument, json: boolean, settings: EngineSettings): CheckedDocument {
    const settingsKey = documentSettingsKey(json, settings);
    const hit = this.cache.get(settingsKey, source.text);
    if (hit) return hit;
    return this.cache.set(settingsKey, source.text, this.checkDocument(source, json, settings));
  }

  private checkDocument(source: YamlDocument, json: boolean, settings: EngineSettings): CheckedDocument {
    const out: DocFinding[] = [];
    // Without `apiVersion` there is no object to check, and without apiVersion/kind lines no parse error to report:
    // values files, JSON schemas and other YAML are not parsed at all.
    if (!source.text.includes('apiVersion') && !K8S_HINT.test(source.text)) return { findings: out, objects: [] };
    const errors = source.doc.errors;
    if (errors.length) {
      // Only Kubernetes-looking documents get parse diagnostics; other YAML is not ours to judge.
      if (K8S_HINT.test(source.text)) {
        const e = errors[0];
        // The parser may point just past the end (an unclosed quote at end of file): keep the range inside the text.
        const last = source.text.length;
        const start = Math.min(e.pos[0], last);
        const end = Math.min(Math.max(e.pos[1], start + 1), last);
        out.push({ ruleId: PARSE_ERROR_RULE, severity: 'error', message: `YAML syntax error: ${e.message.split('\n')[0]}`, start: Math.min(start, end), end, fixes: [] });
      }
      return { findings: out, objects: [] };
    }
    // Built on first use: most documents need no fix, and the editor reads the whole text to learn its style.
    let editor: YamlEditor | undefined;
    const objects = manifestObjects(source);
    for (const object of objects) {
      for (const rule of this.rules) {
        if (rule.language !== 'k8s') continue;
        const severity = effectiveSeverity(rule, settings);
        if (!severity) continue;
        const ctx: RuleContext = {
          get edit() {
            return (editor ??= new YamlEditor(source.text, json));
          },
          settings,
          report: (r: Report) => {
            const span = 'start' in r.at && typeof r.at.start === 'number' ? [r.at.start, r.at.end] : spanOf(r.at as never);
            if (!span) return;
            // A block collection's range runs past its last line break: underline up to its last character.
            while (span[1] > span[0] + 1 && /\s/.test(source.text[span[1] - 1])) span[1]--;
            out.push({
              ruleId: rule.meta.id,
              severity,
              message: r.message,
              start: span[0],
              end: span[1],
              fixes: (r.fixes ?? []).map((f) => ({ title: f.title, safe: f.safe ?? true, edits: f.edits, ...(f.reveals ? { reveals: f.reveals } : {}) })),
            });
          },
        };
        try {
          rule.check(object, ctx);
        } catch (err) {
          // One failing rule must not hide the others' findings.
          const at = object.node.range ?? [0, 0];
          out.push({ ruleId: INTERNAL_ERROR_RULE, severity: 'warning', message: `Rule ${rule.meta.id} failed on this object: ${String(err)}`, start: at[0], end: at[0] + 1, fixes: [] });
        }
      }
    }
    return { findings: out, objects: objects.map(summarizeObject) };
  }
}

/** Moves a document-relative finding into the file: offsets shifted by `base`, ranges computed. */
function placed(f: DocFinding, base: number, docIndex: number, lines: LineIndex): Finding {
  const start = base + f.start;
  const end = base + f.end;
  return {
    ruleId: f.ruleId,
    severity: f.severity,
    message: f.message,
    range: lines.rangeOf(start, end),
    offset: { start, end },
    docIndex,
    fixes: f.fixes.map((fix) => ({
      title: fix.title,
      safe: fix.safe,
      edits: fix.edits.map((e) => ({ range: lines.rangeOf(base + e.start, base + e.end), newText: e.newText })),
      ...(fix.reveals ? { reveals: fix.reveals } : {}),
    })),
    ...(f.related ? { related: f.related } : {}),
  };
}

/** A finding already placed in the file (Kustomize mapping): its document is the one that holds its start. */
function placedMapped(f: MappedFinding, docs: YamlDocument[], lines: LineIndex): Finding {
  const doc = [...docs].reverse().find((d) => d.base <= f.start);
  return {
    ruleId: f.ruleId,
    severity: f.severity,
    message: f.message,
    range: lines.rangeOf(f.start, f.end),
    offset: { start: f.start, end: f.end },
    docIndex: doc?.index ?? 0,
    fixes: [],
    ...(f.related?.length ? { related: f.related } : {}),
  };
}

function sortFindings(findings: Finding[]): Finding[] {
  return findings.sort((a, b) => a.offset.start - b.offset.start || a.offset.end - b.offset.end || a.ruleId.localeCompare(b.ruleId));
}

function effectiveSeverity(rule: Rule, settings: EngineSettings): Severity | undefined {
  if (!ruleInProfile(rule.meta, settings)) return undefined;
  return ruleSeverity(rule, settings);
}

/** The rule's severity after the user's per-rule override; undefined when turned off. */
function ruleSeverity(rule: Rule, settings: EngineSettings): Severity | undefined {
  const override = settings.rules[rule.meta.id]?.severity;
  if (override === 'off') return undefined;
  return override ?? rule.meta.severity;
}

/** Analyse one file with a fresh analyzer (no cache shared between calls). */
export function analyze(input: AnalysisInput): AnalysisResult {
  return new Analyzer().analyze(input);
}
