// Writes docs/rules/<id>.md and docs/rules/README.md from the rules' metadata (bundles the TS sources with esbuild).
import { build } from 'esbuild';
import { mkdirSync, writeFileSync, rmSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { createRequire } from 'node:module';
import { execFileSync } from 'node:child_process';
import { tmpdir } from 'node:os';

const root = new URL('..', import.meta.url).pathname;
execFileSync(process.execPath, [join(root, 'scripts/gen-rule-index.mjs')], { stdio: 'inherit' });
const outfile = join(tmpdir(), `kubeward-rule-docs-${process.pid}.cjs`);
await build({
  stdin: {
    contents: `export { ALL_RULES } from './rules'; export { WORKSPACE_RULES } from './server/src/engine/workspace'; export * from './server/src/engine/rule-docs';`,
    resolveDir: root,
    loader: 'ts',
  },
  bundle: true,
  platform: 'node',
  format: 'cjs',
  outfile,
  logLevel: 'warning',
});
const { ALL_RULES, WORKSPACE_RULES, renderRuleDoc, renderCatalog, ruleDocPath, DOCS_DIR } = createRequire(import.meta.url)(outfile);
rmSync(outfile);
rmSync(join(root, DOCS_DIR), { recursive: true, force: true });
// Workspace rules (over all audited files) get pages too; the catalog lists the per-file rules.
for (const rule of [...ALL_RULES, ...WORKSPACE_RULES]) {
  const path = join(root, ruleDocPath(rule.meta.id));
  mkdirSync(dirname(path), { recursive: true });
  writeFileSync(path, renderRuleDoc(rule.meta));
}
writeFileSync(join(root, DOCS_DIR, 'README.md'), renderCatalog(ALL_RULES));
console.log(`wrote ${ALL_RULES.length} rule pages to ${DOCS_DIR}/`);
