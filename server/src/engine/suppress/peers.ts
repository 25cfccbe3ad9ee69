import PEER_IDS from './peer-ids.json';

export type PeerTool = 'kube-linter' | 'checkov' | 'polaris' | 'hadolint' | 'trivy';

/**
 * The kubeward rule a peer's check id stands for, if the mapping is clean and the rule exists. Unmapped ids belong
 * to the peer tool alone and are left to it.
 */
export function kubewardIdFor(tool: PeerTool, peerId: string, knownRuleIds: ReadonlySet<string>): string | undefined {
  const table = PEER_IDS[tool] as Record<string, string>;
  const id = table[tool === 'trivy' ? normaliseTrivyId(peerId) : peerId];
  return id && knownRuleIds.has(id) ? id : undefined;
}

/** `KSV017`, `AVD-KSV-0017` and `KSV-0017` all name the same Trivy check. */
export function normaliseTrivyId(id: string): string {
  const m = /^(?:AVD-)?([A-Z]+)-?(\d+)$/i.exec(id.trim());
  return m ? `${m[1].toUpperCase()}-${m[2].padStart(4, '0')}` : id;
}
