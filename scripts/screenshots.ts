/**
 * `npm run screenshots`: runs the sandbox's main flow in headless Chromium, as the browser test
 * does, and writes the pictures the README shows to docs/screenshots/.
 */

import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { SEED_CONTACT_CENTER_CONNECTOR_ID } from '@chime-voice-ops/chime-emulator';
import { CHROMIUM_MISSING_NOTICE, isChromiumInstalled } from '@chime-voice-ops/slack-sandbox/browser';
import { openConsoleInChromium } from './open-console';

const CONNECTOR = SEED_CONTACT_CENTER_CONNECTOR_ID;
const OUTPUT = join(import.meta.dirname, '..', 'docs', 'screenshots');

async function main(): Promise<void> {
  if (!isChromiumInstalled()) throw new Error(CHROMIUM_MISSING_NOTICE);
  await mkdir(OUTPUT, { recursive: true });
  const { browser, driver: console, close } = await openConsoleInChromium({ width: 1280, height: 900 });
  const capture = async (name: string) => {
    await console.restPointer();
    const path = join(OUTPUT, `${name}.png`);
    await browser.page.screenshot({ path });
    process.stdout.write(`wrote ${path}\n`);
  };

  try {
    await console.runCommand(`/chime termination ${CONNECTOR}`, 'Termination ·');
    await capture('termination-card');

    await console.runCommand(`/chime origination ${CONNECTOR}`, { modalTitle: 'Origination change' });
    await console.fillModal('Route 1 · Port', '5070');
    await console.fillModal('Justification', 'Move route 1 to port 5070 for the carrier migration');
    await console.scrollModalToTop();
    await capture('origination-modal');
    await console.submitModal();
    await console.modal().getByText('is waiting for approval').waitFor();
    await console.closeModal();

    await console.openChannel('#voice-approvals');
    await console.clickInMessage(console.message('Origination change request'), 'Approve');
    await console.message('someone else has to approve it').waitFor();

    await console.actAs('bob');
    await capture('approval-request');
    const request = console.message('Origination change request');
    await console.clickInMessage(request, 'Approve');
    await request.getByText('Approved by').waitFor();
    await capture('applied-result');

    await console.openChannel('#voice-ops');
    await console.runCommand(`/chime audit ${CONNECTOR}`, 'Audit log');
    await capture('audit-list');

    if (browser.pageErrors.length > 0) throw new Error(`The page reported errors:\n${browser.pageErrors.join('\n')}`);
  } finally {
    await close();
  }
}

main().catch((error: unknown) => {
  process.stderr.write(`screenshots failed: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
