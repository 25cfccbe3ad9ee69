/**
 * Results per YAML document, keyed by the settings they were computed with and the document's exact text; the
 * least recently used entries go first. Documents are looked up by their own text, so an unchanged document of an
 * edited bundle is a hit whatever moved around it. Values must be plain JSON data (they are stored as copies).
 */
export class DocumentCache<T> {
  private readonly bySettings = new Map<string, Map<string, T>>();
  private chars = 0;
  /** get() then set() of a miss key the same text: it is digested once. */
  private lastDigest: { text: string; key: string } | undefined;

  private readonly maxChars: number;
  private readonly settingsVariants: number;
  private readonly digest?: (text: string) => string;

  constructor(
    private readonly capacity: number,
    options: {
      /**
       * Total length of the cached documents' keys: bounds memory in an audit of a large tree, while the open files
       * of an editor (a few MB) fit many times over.
       */
      maxChars?: number;
      /** Distinct settings kept at once (one per workspace folder is typical). */
      settingsVariants?: number;
      /**
       * A digest of a text to key it by instead of a copy of the text (a collision must be as unlikely as a hash
       * function's). An audit passes one: it sees each text about once, and up to `maxChars` of document texts
       * would stay alive only as keys. An editor keeps texts: digesting a multi-MB bundle on every keystroke costs
       * more than comparing it.
       */
      digest?: (text: string) => string;
    } = {},
  ) {
    this.maxChars = options.maxChars ?? 16 * 1024 * 1024;
    this.settingsVariants = options.settingsVariants ?? 4;
    this.digest = options.digest;
  }

  get(settingsKey: string, text: string): T | undefined {
    const entries = this.bySettings.get(settingsKey);
    if (!entries) return undefined;
    const key = this.digest ? this.digestOf(text) : text;
    const hit = entries.get(key);
    if (hit !== undefined) {
      // Refresh recency so the bundle being edited stays cached.
      entries.delete(key);
      entries.set(key, hit);
    }
    return hit;
  }

  /** Stores a copy of `value` and returns it. */
  set(settingsKey: string, text: string, value: T): T {
    let entries = this.bySettings.get(settingsKey);
    if (!entries) {
      if (this.bySettings.size >= this.settingsVariants) this.dropVariant(this.bySettings.keys().next().value as string);
      entries = new Map();
      this.bySettings.set(settingsKey, entries);
    }
    // A document's text, and every string parsed from it (names in messages, texts of fixes), is a slice of the
    // file's text that would keep the whole file alive: a 2 MB bundle per keystroke, in an editor. Key and value
    // are stored as copies of their own.
    const stored = ownCopy(value);
    const key = this.digest ? this.digestOf(text) : ownText(text);
    if (!entries.has(key)) this.chars += key.length;
    entries.set(key, stored);
    while (entries.size > this.capacity || (this.chars > this.maxChars && entries.size > 1)) {
      const oldest = entries.keys().next().value as string;
      entries.delete(oldest);
      this.chars -= oldest.length;
    }
    return stored;
  }

  private digestOf(text: string): string {
    if (this.lastDigest?.text !== text) this.lastDigest = { text, key: this.digest!(text) };
    return this.lastDigest.key;
  }

  clear(): void {
    this.lastDigest = undefined;
    this.bySettings.clear();
    this.chars = 0;
  }

  private dropVariant(settingsKey: string): void {
    for (const text of this.bySettings.get(settingsKey)?.keys() ?? []) this.chars -= text.length;
    this.bySettings.delete(settingsKey);
  }
}

/** An equal value that shares no string storage with `v` (JSON.parse makes fresh strings). */
export function ownCopy<T>(v: T): T {
  return JSON.parse(JSON.stringify(v)) as T;
}

const encoder = new TextEncoder();
const decoder = new TextDecoder();

/**
 * A string equal to `text` that shares no storage with it. Through UTF-8 it costs a tenth of the JSON round trip
 * (the keys are whole documents: megabytes per file in an audit); a lone surrogate does not survive UTF-8, and such
 * a text takes the JSON way.
 */
export function ownText(text: string): string {
  const copy = decoder.decode(encoder.encode(text));
  return copy === text ? copy : ownCopy(text);
}
