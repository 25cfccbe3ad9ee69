// Names shared by the client and the server: settings section, commands, custom notifications.
// This file imports nothing so both sides (and tests) can use it.

export const SETTINGS_SECTION = 'kubeward';
export const DIAGNOSTIC_SOURCE = 'kubeward';
export const FIX_ALL_KIND = 'source.fixAll.kubeward';

export namespace CommandIds {
  export const showOutput = 'kubeward.showOutput';
  export const restartServer = 'kubeward.restartServer';
}

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
  rules?: Record<string, { severity?: 'error' | 'warning' | 'info' | 'hint' | 'off' } | 'error' | 'warning' | 'info' | 'hint' | 'off'>;
  maxFileBytes?: number;
  debounceMs?: number;
  /** `strict` | `pss-baseline` | `pss-restricted` (see engine `Profile`). */
  profile?: string;
  /** `latest` or `v1.N`. */
  pssVersion?: string;
}
