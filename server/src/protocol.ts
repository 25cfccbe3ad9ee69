// Names shared by the client and the server: settings section, commands, custom notifications.
// This file imports nothing so both sides (and tests) can use it.

export const SETTINGS_SECTION = 'kubeward';
export const DIAGNOSTIC_SOURCE = 'kubeward';
export const FIX_ALL_KIND = 'source.fixAll.kubeward';
/** Source action: pin every image of the file to its digest. */
export const PIN_ALL_KIND = 'source.pinImages.kubeward';

export namespace CommandIds {
  export const showOutput = 'kubeward.showOutput';
  export const restartServer = 'kubeward.restartServer';
  export const exportAdmissionPolicies = 'kubeward.exportAdmissionPolicies';
  /** Executed by the server: resolve images of a document to digests and apply the edit (`PinImagesArgs`). */
  export const pinImages = 'kubeward.pinImages';
  /** Executed by the client: shows the `kubeward.registry.lookup` setting so the user can turn lookups on. */
  export const enableRegistryLookup = 'kubeward.enableRegistryLookup';
  export const showEffectiveConfiguration = 'kubeward.showEffectiveConfiguration';
}

export interface PinImagesArgs {
  uri: string;
  /** Document version the offsets belong to. */
  version: number;
  /** Start offsets of the images to pin; all unpinned images when absent. */
  offsets?: number[];
  /** The same images by text, used when the document changed before the command ran. */
  images?: string[];
}

export interface PinImagesResult {
  pinned: { image: string; digest: string }[];
  failed: { image: string; message: string }[];
}

/** What the client passes in `initializationOptions` besides settings. */
export interface KubewardInitOptions {
  settings?: ClientSettings;
  /** VS Code workspace trust; registry lookups never run when false. Clients without trust omit it. */
  workspaceTrusted?: boolean;
  /** Directory for the digest cache (the extension's global storage). */
  storagePath?: string;
}

/** Sent by the client when the user trusts the workspace after start-up. */
export namespace WorkspaceTrustNotification {
  export const method = 'kubeward/workspaceTrusted';
}

/** Config files the client watches and reports through workspace/didChangeWatchedFiles. */
export const CONFIG_FILE_GLOB = '**/.kubeward.{yaml,yml,json}';

/** Sent by the server after each analysis so the client can show the file's state in the status bar. */
export namespace FileStatusNotification {
  export const method = 'kubeward/fileStatus';
  export interface Params {
    uri: string;
    counts: { error: number; warning: number; info: number; hint: number };
    /** Set when the file was not analysed, with the reason shown to the user. */
    skipped?: string;
  }
}

/** What the client sends in `kubeward.*` settings (all optional). */
export interface ClientSettings {
  enable?: boolean;
  rules?: Record<string, { severity?: 'error' | 'warning' | 'info' | 'hint' | 'off'; options?: Record<string, unknown> } | 'error' | 'warning' | 'info' | 'hint' | 'off'>;
  maxFileBytes?: number;
  debounceMs?: number;
  /** `strict` | `pss-baseline` | `pss-restricted` (see engine `Profile`). */
  profile?: string;
  /** `latest` or `v1.N`. */
  pssVersion?: string;
  kubernetesVersion?: string;
  trustedRegistries?: string[];
  allowInlineSuppressions?: boolean;
  requireReason?: boolean;
  /** Digest lookups (`kubeward.registry.*`). */
  registry?: RegistrySettings;
  /** Kustomize builds (`kubeward.kustomize.*`). */
  kustomize?: { build?: boolean; kubectlPath?: string };
  /** `kubeward.helm.valuesFiles`: values files applied over a chart's values.yaml, in order. */
  helm?: { valuesFiles?: string[] };
}

export interface RegistrySettings {
  /** `off` (default): never touch the network. */
  lookup?: 'off' | 'on';
  /** Registries that may be queried: `docker.io`, `ghcr.io`, `host:port`, `*.example.com`, `*` (default). */
  allowed?: string[];
  /** Registries served over plain HTTP (loopback always is). */
  insecure?: string[];
  /** Path of a Docker config.json whose `auths` give basic credentials. */
  dockerConfig?: string;
  timeoutMs?: number;
}

/** "Kubeward: Show Effective Configuration": the merged settings for one file and where they came from. */
export namespace EffectiveConfigurationRequest {
  export const method = 'kubeward/effectiveConfiguration';
  export interface Params {
    uri: string;
  }
  export interface Result {
    uri: string;
    /** The engine settings after merging defaults < editor settings < config files. */
    settings: Record<string, unknown>;
    /** Config files applied, lowest precedence first. */
    configFiles: string[];
    /** The workspace folder the file belongs to, if any. */
    workspaceFolder?: string;
    workspaceTrusted: boolean;
    /** Set when an `exclude` pattern keeps the file from being analysed. */
    excludedBy?: string;
    /** Problems in the config files involved (each is also a diagnostic in its file). */
    problems: { file: string; line: number; character: number; message: string }[];
  }
}
