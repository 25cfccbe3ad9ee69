// What a person sees: the squiggle under `privileged: true`, the hover over it, and the quick fix behind Ctrl+.
// Driven through the workbench's DOM with the mouse and keyboard, in the VS Code 1.100 served by code-server.
import { strict as assert } from 'node:assert';
import { join } from 'node:path';
import type { Browser, Locator, Page } from 'playwright-core';
import type { CodeServer } from './code-server';
import { FIXTURES_DIR, TEST_OUTPUT_DIR } from './paths';
import type { Report } from './report';
import { prepareSession } from './sessions';
import { closeWorkbench, openWorkbench, screenshot } from './workbench';

const SELECTORS = {
  quickOpenInput: '.quick-input-widget input',
  errorSquiggle: '.monaco-editor .squiggly-error',
  hover: '.monaco-hover:not(.hidden)',
  quickFixRows: '.action-widget .monaco-list-row',
};

/** Opens a file of the workspace the way a person does: Ctrl+P, its name, Enter. */
export async function quickOpen(page: Page, fileName: string): Promise<void> {
  await page.locator('.monaco-workbench').click({ position: { x: 700, y: 400 } });
  await page.keyboard.press('Control+P');
  await page.locator(SELECTORS.quickOpenInput).fill(fileName);
  await page.locator('.quick-input-list .monaco-list-row').first().waitFor();
  await page.keyboard.press('Enter');
  await page.locator(`.tab[aria-label^="${fileName}"]`).first().waitFor();
}

/** The middle of an element's box; squiggles lie under the text layer, so the mouse goes to coordinates. */
async function centreOf(locator: Locator): Promise<{ x: number; y: number }> {
  const box = await locator.boundingBox();
  assert.ok(box, 'the element is on screen');
  return { x: box.x + box.width / 2, y: box.y + box.height / 2 };
}

/** Moves the mouse over the first error squiggle and waits for kubeward's hover; returns the hover. */
export async function hoverFirstError(page: Page): Promise<Locator> {
  const squiggle = page.locator(SELECTORS.errorSquiggle).first();
  await squiggle.waitFor({ timeout: 30_000 });
  const at = await centreOf(squiggle);
  await page.mouse.move(at.x, at.y);
  const hover = page.locator(SELECTORS.hover).filter({ hasText: 'kubeward: ' }).first();
  await hover.waitFor({ timeout: 15_000 });
  return hover;
}

export interface UiOptions {
  /** The extension under development; omitted when the .vsix is installed. */
  extensionDevelopmentPath?: string;
  /** Prefix of the screenshot names in test-output/. */
  name: string;
}

export async function uiCheck(report: Report, browser: Browser, server: CodeServer, options: UiOptions): Promise<void> {
  const { workspace } = prepareSession(options.name, join(FIXTURES_DIR, 'workspace'));
  const page = await openWorkbench(browser, server, { folder: workspace, extensionDevelopmentPath: options.extensionDevelopmentPath });
  try {
    await report.check(`${options.name}: the error squiggle is drawn under privileged: true`, async () => {
      await quickOpen(page, 'multi-doc.yaml');
      const squiggle = page.locator(SELECTORS.errorSquiggle);
      await squiggle.first().waitFor({ timeout: 30_000 });
      assert.equal(await squiggle.count(), 1, 'one error in the file');
    });

    await report.check(`${options.name}: hovering the squiggle shows kubeward's explanation`, async () => {
      const text = await (await hoverFirstError(page)).innerText();
      assert.match(text, /kubeward: Privileged container/);
      assert.match(text, /runs privileged: it has full access to the node/);
      assert.match(text, /root on the node/);
      await screenshot(page, join(TEST_OUTPUT_DIR, `${options.name}-hover.png`));
    });

    await report.check(`${options.name}: Ctrl+. lists the quick fix, and choosing it removes the squiggle`, async () => {
      const at = await centreOf(page.locator(SELECTORS.errorSquiggle).first());
      await page.mouse.click(at.x, at.y);
      await page.keyboard.press('Escape');
      await page.keyboard.press('Control+Period');
      const fix = page.locator(SELECTORS.quickFixRows).filter({ hasText: 'Remove `privileged: true`' });
      await fix.first().waitFor({ timeout: 15_000 });
      await screenshot(page, join(TEST_OUTPUT_DIR, `${options.name}-quick-fix.png`));
      // The menu opens with the preferred fix (the safe one) focused; Enter applies it, as a person would.
      await page.locator(`${SELECTORS.quickFixRows}.focused`).filter({ hasText: 'Remove `privileged: true`' }).waitFor();
      await page.keyboard.press('Enter');
      await page.locator(SELECTORS.errorSquiggle).first().waitFor({ state: 'detached', timeout: 15_000 });
      const lines = await page.locator('.monaco-editor .view-lines').first().innerText();
      assert.doesNotMatch(lines.replace(/\u00a0/g, ' '), /privileged: true/);
    });
  } finally {
    await closeWorkbench(page);
  }
}
