// Bundles the extension client, the language server and the CLI with esbuild (one file each, no node_modules at run time).
import { build } from 'esbuild';
import { execFileSync } from 'node:child_process';

execFileSync(process.execPath, [new URL('./gen-rule-index.mjs', import.meta.url).pathname], { stdio: 'inherit' });

const production = process.argv.includes('--production');
const common = { bundle: true, platform: 'node', target: 'node20', format: 'cjs', sourcemap: !production, minify: production, logLevel: 'warning' };

await Promise.all([
  build({ ...common, entryPoints: ['client/src/extension.ts'], outfile: 'client/dist/extension.js', external: ['vscode'] }),
  build({ ...common, entryPoints: ['server/src/lsp/main.ts'], outfile: 'server/dist/server.js' }),
  build({ ...common, entryPoints: ['server/src/cli/main.ts'], outfile: 'server/dist/cli.js' }),
]);
