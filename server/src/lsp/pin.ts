// Digest pinning in the editor: quick fixes and "pin all" (code actions), the server-side command that resolves
// tags asynchronously and applies the edit, and what image hovers show. Diagnostics never wait for any of it.
import {
  CodeActionKind,
  MarkupKind,
  MessageType,
  ShowMessageNotification,
  type CancellationToken,
  type CodeAction,
  type CodeActionParams,
  type Connection,
  type Hover,
  type Position,
  type TextDocuments,
} from 'vscode-languageserver/node';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import { CommandIds, PIN_ALL_KIND, type ClientSettings, type PinImagesArgs, type PinImagesResult } from '../protocol';
import { imageOccurrences, occurrenceTouches } from '../engine/images';
import { ResolveError } from '../registry/errors';
import { parseImageReference } from '../registry/reference';
import { pinEdit, pinnedReference, pinTargets, type PinTarget } from '../registry/pin-targets';
import { policyFromSettings } from '../registry/policy';
import type { ImageResolver, RegistryPolicy } from '../registry/resolver';
import { ValuesImageMemo } from '../node/helm-chart';
import { uriPath } from './store';

/** Findings the pin fix resolves (the quick fix is listed with them). */
const PIN_RULES = new Set(['k8s/image-not-pinned', 'docker/pin-image-digest', 'docker/no-latest-tag']);

export class PinService {
  /** VS Code workspace trust as the client reports it; clients without the notion are trusted. */
  trusted = true;
  /** The client shows server-initiated progress (`window.workDoneProgress`). */
  progressSupported = false;
  private readonly valuesImages = new ValuesImageMemo();

  constructor(
    private readonly connection: Connection,
    private readonly documents: TextDocuments<TextDocument>,
    private readonly settingsFor: (uri: string) => Promise<ClientSettings>,
    readonly resolver: ImageResolver,
    /** The Helm values files configured for a document: such a file (env/prod.yaml under a chart) has images too. */
    private readonly helmValuesFilesOf: (uri: string) => readonly string[] = () => [],
  ) {}

  async policyFor(uri: string): Promise<RegistryPolicy> {
    return policyFromSettings((await this.settingsFor(uri)).registry, this.trusted);
  }

  targets(doc: TextDocument): PinTarget[] {
    const path = uriPath(doc.uri);
    const text = doc.getText();
    return pinTargets(text, path, doc.languageId, doc.uri.startsWith('file:') ? this.valuesImages.for(path, text, this.helmValuesFilesOf(doc.uri)) : []);
  }

  /** Quick fixes for images under the requested range, and the file's "pin all" source action. */
  async codeActions(doc: TextDocument, params: CodeActionParams): Promise<CodeAction[]> {
    const only = params.context.only;
    const wants = (kind: string) => !only || only.some((o) => kind === o || kind.startsWith(o + '.'));
    const targets = this.targets(doc);
    if (!targets.length) return [];
    const policy = await this.policyFor(doc.uri);
    const actions: CodeAction[] = [];
    if (wants(CodeActionKind.QuickFix)) {
      const from = doc.offsetAt(params.range.start);
      const to = doc.offsetAt(params.range.end);
      for (const t of targets.filter((x) => occurrenceTouches(x.occurrence, from, to))) {
        const starts = [t.occurrence, ...(t.occurrence.uses ?? [])].map((s) => s.start);
        const diagnostics = params.context.diagnostics.filter((d) => PIN_RULES.has(String(d.code)) && starts.includes(doc.offsetAt(d.range.start)));
        actions.push({ ...this.action(doc, [t], `Pin \`${t.occurrence.text}\` to its digest`, policy), kind: CodeActionKind.QuickFix, diagnostics, isPreferred: true });
      }
    }
    if (only && wants(PIN_ALL_KIND)) {
      actions.push({ ...this.action(doc, targets, 'Pin all images in this file to their digests', policy), kind: PIN_ALL_KIND });
    }
    return actions;
  }

  /**
   * A direct edit when every digest is cached; otherwise the pin command, or (lookups off / untrusted / registry not
   * allowed) an action whose title says what to change so nothing fails silently.
   */
  private action(doc: TextDocument, targets: PinTarget[], title: string, policy: RegistryPolicy): Omit<CodeAction, 'kind'> {
    const cached = targets.map((t) => this.resolver.cache.fresh(t.ref.canonical));
    if (cached.every((c) => c)) {
      const edits = targets.map((t, i) => pinEdit(t, cached[i]!.digest)).map((e) => ({ range: { start: doc.positionAt(e.start), end: doc.positionAt(e.end) }, newText: e.newText }));
      return { title, edit: { documentChanges: [{ textDocument: { uri: doc.uri, version: doc.version }, edits }] } };
    }
    const refusal = targets.map((t, i) => (cached[i] ? undefined : this.resolver.refusal(t.ref, policy))).find((r) => r);
    if (refusal?.kind === 'lookup-off') {
      return { title: `${title}: turn on registry lookups first (kubeward.registry.lookup)`, command: { title: 'Enable registry lookups', command: CommandIds.enableRegistryLookup } };
    }
    const args: PinImagesArgs = { uri: doc.uri, version: doc.version, offsets: targets.map((t) => t.occurrence.start), images: targets.map((t) => t.occurrence.text) };
    // Untrusted / not allowed: the command explains why in a message instead of resolving.
    const suffix = refusal?.kind === 'untrusted' ? ' (unavailable: untrusted workspace)' : refusal?.kind === 'not-allowed' ? ' (registry not allowed: kubeward.registry.allowed)' : '';
    return { title: title + suffix, command: { title, command: CommandIds.pinImages, arguments: [args] } };
  }

  /** `kubeward.pinImages`: resolve, then apply one edit to the document as it is now. Cancellable. */
  async pin(args: PinImagesArgs, token?: CancellationToken): Promise<PinImagesResult> {
    const result: PinImagesResult = { pinned: [], failed: [] };
    const doc = this.documents.get(args?.uri);
    if (!doc) return { pinned: [], failed: [{ image: '', message: `${args?.uri} is not open.` }] };
    const policy = await this.policyFor(doc.uri);
    const selected = (d: TextDocument, t: PinTarget) =>
      !args.offsets ? true : d.version === args.version ? args.offsets.includes(t.occurrence.start) : (args.images ?? []).includes(t.occurrence.text);
    const wanted = this.targets(doc).filter((t) => selected(doc, t));
    const abort = new AbortController();
    const subscription = token?.onCancellationRequested(() => abort.abort());
    const digests = new Map<string, string>();
    const unique = [...new Map(wanted.map((t) => [t.ref.canonical, t])).values()];
    // A cancellable progress notification in editors that show one, when the network is actually needed.
    const uncached = unique.filter((t) => !this.resolver.cache.fresh(t.ref.canonical)).length;
    const progress = this.progressSupported && uncached ? await this.connection.window.createWorkDoneProgress().catch(() => undefined) : undefined;
    progress?.begin('kubeward', undefined, `Resolving ${uncached} image digest${uncached === 1 ? '' : 's'}…`, true);
    const progressCancel = progress?.token.onCancellationRequested(() => abort.abort());
    try {
      const settled = await Promise.allSettled(unique.map((t) => this.resolver.resolve(t.ref, policy, abort.signal)));
      settled.forEach((s, i) => {
        if (s.status === 'fulfilled') digests.set(unique[i].ref.canonical, s.value.digest);
        else result.failed.push({ image: unique[i].occurrence.text, message: s.reason instanceof ResolveError ? s.reason.message : String(s.reason) });
      });
    } finally {
      subscription?.dispose();
      progressCancel?.dispose();
      progress?.done();
    }
    if (abort.signal.aborted) return { pinned: [], failed: [{ image: '', message: 'Cancelled.' }] };
    // The user may have typed while we waited: place the edits in the document as it is now.
    const now = this.documents.get(doc.uri);
    if (now && digests.size) {
      const ready = this.targets(now).filter((t) => selected(now, t) && digests.has(t.ref.canonical));
      const edits = ready.map((t) => pinEdit(t, digests.get(t.ref.canonical)!)).map((e) => ({ range: { start: now.positionAt(e.start), end: now.positionAt(e.end) }, newText: e.newText }));
      if (edits.length) {
        const applied = await this.connection.workspace.applyEdit({ label: 'Pin images to digests', edit: { documentChanges: [{ textDocument: { uri: now.uri, version: now.version }, edits }] } });
        if (applied.applied) result.pinned.push(...ready.map((t) => ({ image: t.occurrence.text, digest: digests.get(t.ref.canonical)! })));
        else result.failed.push({ image: '', message: `The editor did not apply the edit${applied.failureReason ? `: ${applied.failureReason}` : ''}.` });
      }
    }
    if (result.failed.length) {
      // A notification, not a request: nothing to answer, nothing to wait for.
      const message = `kubeward: could not pin ${result.failed.map((f) => (f.image ? `${f.image}: ${f.message}` : f.message)).join(' ')}`;
      void this.connection.sendNotification(ShowMessageNotification.type, { type: MessageType.Warning, message });
    }
    return result;
  }

  /** Registry, repository, tag and the digest if known (from the cache only: hovers never touch the network). */
  hover(doc: TextDocument, position: Position): Hover | null {
    const offset = doc.offsetAt(position);
    const path = uriPath(doc.uri);
    const values = doc.uri.startsWith('file:') ? this.valuesImages.for(path, doc.getText(), this.helmValuesFilesOf(doc.uri)) : [];
    const occurrence = [...imageOccurrences(doc.getText(), path, doc.languageId), ...values].find((o) => occurrenceTouches(o, offset, offset));
    const ref = occurrence && parseImageReference(occurrence.text);
    if (!occurrence || !ref) return null;
    const target = { occurrence, ref };
    const known = this.resolver.known(ref);
    const registry = ref.apiHost === ref.registry ? ref.registry : `${ref.registry} (API host ${ref.apiHost})`;
    const digest = ref.digest
      ? `\`${ref.digest}\` (pinned in the file)`
      : known
      ? `\`${known.digest}\` (resolved ${new Date(known.resolvedAt).toISOString().replace(/\.\d+Z$/, 'Z')}${isIndex(known.mediaType) ? ', multi-arch index' : ''}) → \`${pinnedReference(target, known.digest)}\``
      : 'not resolved yet (quick fix "Pin to its digest")';
    const lines = [`**Image** \`${occurrence.text}\` (${occurrence.where})`, '', `- Registry: ${registry}`, `- Repository: ${ref.repository}`, `- Tag: ${ref.tag}${ref.tagWritten ? '' : ' (none written)'}`, `- Digest: ${digest}`];
    // Hovering a use (`FROM ${BASE}`) highlights that use, not the ARG default it resolves to.
    const span = [occurrence, ...(occurrence.uses ?? [])].find((x) => x.start <= offset && offset <= x.end) ?? occurrence;
    return { contents: { kind: MarkupKind.Markdown, value: lines.join('\n') }, range: { start: doc.positionAt(span.start), end: doc.positionAt(span.end) } };
  }
}

function isIndex(mediaType: string): boolean {
  return /index|manifest\.list/.test(mediaType);
}
