// Helm support without a Helm binary. Templates are never parsed as YAML; instead the template reader (uses.ts)
// finds where values carrying security settings are rendered, the judge (judge.ts) checks the chart's default values
// there, and literal settings written in templates are checked line by line (literal.ts).
export { isGoTemplate } from './detect';
export { judgeValues, type RelatedTemplateLine, type ValuesFinding } from './judge';
export { mergeValues } from './layers';
export { literalRbacText } from './rbac';
export { scanTemplateLiterals, type LiteralFinding } from './literal';
export { isTemplateForAnalysis, readValueUses, type TemplateFile, type ValueUse } from './uses';
