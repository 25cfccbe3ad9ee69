// Go templates (Helm charts and the like) are not YAML until rendered; judging their raw text would
// produce parse errors and findings on mangled structure. They are recognised here and skipped.

const TEMPLATE_LINE = /^[ \t]*\{\{|\{\{-|-\}\}|:[ \t]+\{\{|^[ \t]*-[ \t]+\{\{/m;

/**
 * True when a file is a Go template rather than YAML. Go-template syntax inside quoted or block-scalar
 * values (alert descriptions, for example) does not count: such files are valid YAML and are analysed.
 */
export function isGoTemplate(text: string, inHelmChart: boolean): boolean {
  if (!text.includes('{{')) return false;
  return inHelmChart || TEMPLATE_LINE.test(text);
}
