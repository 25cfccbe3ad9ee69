import { strict as assert } from 'node:assert';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { toEngineSettings } from '../../server/src/engine/settings';
import { ConfigService } from '../../server/src/lsp/config';
import { workspaceFolderOf } from '../../server/src/node/config-files';

describe('config files on disk (server side)', () => {
  let dir: string;
  const service = new ConfigService(new Set(['k8s/privileged-container']));
  before(() => {
    dir = mkdtempSync(join(tmpdir(), 'kubeward-files-'));
    mkdirSync(join(dir, 'a', 'b'), { recursive: true });
    writeFileSync(join(dir, '.kubeward.yaml'), 'profile: pss-baseline\n');
    writeFileSync(join(dir, '.kubeward.json'), '{"profile": "strict"}\n');
    writeFileSync(join(dir, 'a', 'b', '.kubeward.yml'), 'requireReason: true\n');
    service.folders = [dir, join(dir, 'a')];
  });
  after(() => rmSync(dir, { recursive: true, force: true }));

  it('multi-root: the deepest workspace folder holding the file bounds the lookup', () => {
    assert.equal(workspaceFolderOf(join(dir, 'a', 'b', 'x.yaml'), service.folders), join(dir, 'a'));
    assert.equal(workspaceFolderOf(join(dir, 'x.yaml'), service.folders), dir);
    assert.equal(workspaceFolderOf('/elsewhere/x.yaml', service.folders), undefined);
    const eff = service.effective(join(dir, 'a', 'b', 'x.yaml'), toEngineSettings({}));
    assert.deepEqual(eff.sources, [join(dir, 'a', 'b', '.kubeward.yml')], 'the folder above the workspace folder is not read');
    assert.equal(eff.settings.requireReason, true);
    const top = service.effective(join(dir, 'x.yaml'), toEngineSettings({}));
    assert.deepEqual(top.sources, [join(dir, '.kubeward.yaml')], '.yaml wins over .json in one folder');
    assert.equal(top.settings.profile, 'pss-baseline');
  });

  it('the shadowed file says it is ignored', () => {
    const json = service.configFileResult(join(dir, '.kubeward.json'), '{"profile": "strict"}\n', toEngineSettings({}));
    assert.deepEqual(json.findings.map((f) => [f.ruleId, f.severity, f.message]), [['kubeward/config-shadowed', 'warning', `This file is ignored: ${join(dir, '.kubeward.yaml')} in the same folder takes precedence.`]]);
    assert.deepEqual(service.configFileResult(join(dir, '.kubeward.yaml'), 'profile: pss-baseline\n', toEngineSettings({})).findings, []);
  });

  it('open editor text overrides the file on disk', () => {
    service.files.overlay = (p) => (p === join(dir, 'a', 'b', '.kubeward.yml') ? 'requireReason: false\n' : undefined);
    assert.equal(service.effective(join(dir, 'a', 'b', 'x.yaml'), toEngineSettings({})).settings.requireReason, false);
    service.files.overlay = () => undefined;
  });
});
