import { pathToFileURL } from 'node:url';
import type { Severity } from '../engine/types';
import { TOOL_URI } from '../version';
import { toRegion, type AuditReport, type ReportFinding, type RuleInfo } from './model';

// SARIF 2.1.0 (OASIS), as GitHub code scanning and the SARIF viewers read it.
export const SARIF_SCHEMA = 'https://json.schemastore.org/sarif-2.1.0.json';
/** Key of kubeward's fingerprint in `partialFingerprints`; baseline mode reads it back. */
export const FINGERPRINT_KEY = 'kubeward/v1';
const ROOT = '%SRCROOT%';

const LEVEL: Record<Severity, 'error' | 'warning' | 'note'> = { error: 'error', warning: 'warning', info: 'note', hint: 'note' };
// GitHub's bands: over 9.0 critical, 7.0–8.9 high, 4.0–6.9 medium, 0.1–3.9 low.
const SECURITY_SEVERITY: Record<Severity, string> = { error: '8.0', warning: '5.5', info: '3.0', hint: '1.0' };

/** `k8s/privileged-container` → `PrivilegedContainer` (SARIF wants a readable, stable rule name). */
export function ruleName(id: string): string {
  return id
    .split('/')
    .pop()!
    .split('-')
    .map((w) => w.charAt(0).toUpperCase() + w.slice(1))
    .join('');
}

function sentence(text: string): string {
  const t = text.trim();
  return /[.!?]$/.test(t) ? t : `${t}.`;
}

function sarifRule(rule: RuleInfo) {
  const tags = ['security', ...(rule.category ? [rule.category] : []), ...(rule.pss ? [`pss-${rule.pss.level}`] : [])];
  return {
    id: rule.id,
    name: ruleName(rule.id),
    shortDescription: { text: sentence(rule.title) },
    fullDescription: { text: sentence(rule.remediation) },
    ...(rule.helpUri ? { helpUri: rule.helpUri } : {}),
    help: { text: `${rule.docs.trim()}\n\n${rule.remediation}`, markdown: `${rule.docs.trim()}\n\n**Remediation:** ${rule.remediation}` },
    defaultConfiguration: { level: LEVEL[rule.severity] },
    properties: { tags, precision: 'high', 'problem.severity': LEVEL[rule.severity] === 'note' ? 'recommendation' : rule.severity, 'security-severity': SECURITY_SEVERITY[rule.severity] },
  };
}

function uriOf(path: string): string {
  return path.split('/').map(encodeURIComponent).join('/');
}

function sarifResult(f: ReportFinding, ruleIndex: Map<string, number>, artifactIndex: Map<string, number>) {
  const artifactLocation = { uri: uriOf(f.path), uriBaseId: ROOT, index: artifactIndex.get(f.path) };
  return {
    ruleId: f.ruleId,
    ruleIndex: ruleIndex.get(f.ruleId),
    level: LEVEL[f.severity],
    message: { text: sentence(f.message) },
    locations: [{ physicalLocation: { artifactLocation, region: { ...f.region, snippet: { text: f.snippet } } } }],
    partialFingerprints: { [FINGERPRINT_KEY]: f.fingerprint },
    properties: { 'security-severity': SECURITY_SEVERITY[f.severity] },
    ...(f.fixes.length
      ? {
          fixes: f.fixes.map((fix) => ({
            description: { text: sentence(fix.title) },
            artifactChanges: [
              {
                artifactLocation,
                replacements: fix.edits.map((e) => ({ deletedRegion: toRegion(e.range), insertedContent: { text: e.newText } })),
              },
            ],
          })),
        }
      : {}),
    ...(f.suppressions?.length ? { suppressions: f.suppressions.map((s) => ({ kind: s.kind, ...(s.justification ? { justification: s.justification } : {}) })) } : {}),
  };
}

export function renderSarif(report: AuditReport): string {
  const ruleIndex = new Map(report.rules.map((r, i) => [r.id, i]));
  const artifacts = report.files.map((f) => f.path);
  const artifactIndex = new Map(artifacts.map((p, i) => [p, i]));
  const language = new Map(report.files.map((f) => [f.path, f.kind]));
  const notes = [
    ...report.skipped.map((s) => ({ path: s.path, reason: s.reason, message: s.message })),
    ...report.files.filter((f) => f.skipped).map((f) => ({ path: f.path, reason: f.skipped!.reason, message: f.skipped!.message })),
  ];
  const sarif = {
    $schema: SARIF_SCHEMA,
    version: '2.1.0',
    runs: [
      {
        tool: {
          driver: {
            name: report.tool.name,
            version: report.tool.version,
            semanticVersion: report.tool.version,
            informationUri: TOOL_URI,
            rules: report.rules.map(sarifRule),
          },
        },
        invocations: [
          {
            executionSuccessful: !report.cancelled,
            toolExecutionNotifications: notes.map((n) => ({
              level: 'note',
              descriptor: { id: `kubeward/skipped/${n.reason}` },
              message: { text: sentence(`Skipped ${n.path}: ${n.message}`) },
              locations: [{ physicalLocation: { artifactLocation: { uri: uriOf(n.path), uriBaseId: ROOT } } }],
            })),
          },
        ],
        originalUriBaseIds: { [ROOT]: { uri: pathToFileURL(report.root).href.replace(/\/?$/, '/') } },
        // Kept although it only lists locations: it records the full set of files that were analysed.
        artifacts: artifacts.map((p) => ({ location: { uri: uriOf(p), uriBaseId: ROOT }, ...(language.get(p) !== 'unknown' ? { sourceLanguage: language.get(p) } : {}) })),
        columnKind: 'utf16CodeUnits',
        results: report.findings.map((f) => sarifResult(f, ruleIndex, artifactIndex)),
      },
    ],
  };
  return JSON.stringify(sarif, null, 2) + '\n';
}
