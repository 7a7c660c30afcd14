import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  SEED_CONTACT_CENTER_CONNECTOR_ID,
  SEED_IN_PROGRESS_PROXY_SESSION_ID,
  SEED_OPEN_PROXY_SESSION_ID,
} from '@chime-voice-ops/chime-emulator';
import { ConsoleDriver } from '@chime-voice-ops/slack-sandbox/browser';
import { afterAll, afterEach, beforeAll, expect, it } from 'vitest';
import { describeInChromium } from './console-in-chromium';

const CONNECTOR = SEED_CONTACT_CENTER_CONNECTOR_ID;
const visibleText = ConsoleDriver.visibleText;

describeInChromium('the Slack console in Chromium', (the) => {
  let screenshots: string;
  let failed = false;

  async function screenshot(name: string): Promise<void> {
    await the.driver.restPointer();
    await the.browser.page.screenshot({ path: join(screenshots, `${name}.png`) });
  }

  beforeAll(async () => {
    screenshots = await mkdtemp(join(tmpdir(), 'chime-console-screenshots-'));
  });
  afterEach((context) => {
    if (context.task.result?.state === 'fail') failed = true;
  });
  afterAll(async () => {
    if (failed) console.warn(`The console test's screenshots are kept in ${screenshots}`);
    else await rm(screenshots, { recursive: true, force: true });
  });

  it('opens as alice in #voice-ops, plainly marked as a sandbox', async () => {
    const page = the.browser.page;

    expect(await visibleText(page.locator('.sandbox-badge'))).toMatch(/sandbox/i);
    expect(await visibleText(page.locator('#channel-title'))).toBe('#voice-ops');
    expect(await visibleText(page.locator('#channel-note'))).toContain('as alice');
    expect(await visibleText(page.locator('.welcome'))).toContain(`/chime termination ${CONNECTOR}`);
    await screenshot('01-start');
  });

  it('shows a new user where proxy session IDs are found, and a seeded one looks up', async () => {
    // Prepare
    const page = the.browser.page;
    const welcome = await visibleText(page.locator('.welcome'));
    expect(welcome).toContain(`/chime proxy ${CONNECTOR}`);
    expect(welcome).toContain(`${SEED_IN_PROGRESS_PROXY_SESSION_ID} Delivery 2291 (in progress)`);
    expect(welcome).toContain(`${SEED_OPEN_PROXY_SESSION_ID} Order 1042 (open)`);

    // Act: the welcome's chip puts the lookup in the composer.
    await page.locator('.welcome .command-chip', { hasText: '/chime session' }).click();
    const typed = await page.locator('#composer-input').inputValue();
    const card = await the.driver.runCommand(typed, 'Proxy session · Order 1042');

    // Assess
    expect(typed).toBe(`/chime session ${CONNECTOR} ${SEED_OPEN_PROXY_SESSION_ID}`);
    expect(await visibleText(card)).toContain(SEED_OPEN_PROXY_SESSION_ID);
  });

  it('shows alice the termination she looks up, only to her', async () => {
    // Act
    const card = await the.driver.runCommand(`/chime termination ${CONNECTOR}`, 'Termination ·');

    // Assess
    const shown = await visibleText(card);
    expect(shown).toContain('Only visible to you');
    expect(shown).toContain(CONNECTOR);
    expect(shown).toContain('CPS limit');
    expect(shown).toContain('198.51.100.0/27');
    await screenshot('02-termination');
  });

  it('shows an invalid route inline in the origination modal, then requests the change', async () => {
    // Prepare
    const modal = await the.driver.runCommand(`/chime origination ${CONNECTOR}`, { modalTitle: 'Origination change' });
    expect(await modal.getByLabel('Route 1 · Port', { exact: true }).inputValue()).toBe('5061');

    // Act: a port out of range first.
    await the.driver.fillModal('Route 1 · Port', '70000');
    await the.driver.fillModal('Justification', 'Move route 1 to port 5070 for the carrier migration');
    await the.driver.submitModal();

    // Assess
    expect(await the.driver.inlineError('Route 1 · Port')).toMatch(/65535/);
    await screenshot('03-inline-error');

    // Act: then a valid one.
    await the.driver.fillModal('Route 1 · Port', '5070');
    await the.driver.submitModal();

    // Assess
    await modal.getByText('is waiting for approval').waitFor();
    await the.driver.closeModal();
    const confirmation = the.driver.message('is waiting for approval');
    expect(await visibleText(confirmation)).toContain('#voice-approvals');
    await screenshot('04-requested');
  });

  it('refuses to let alice approve her own request, and tells her why', async () => {
    // Prepare
    await the.driver.openChannel('#voice-approvals');
    const request = the.driver.message('Origination change request');
    expect(await visibleText(request)).toContain('port 5061 → 5070');

    // Act
    const dialog = await the.driver.clickInMessage(request, 'Approve');

    // Assess
    expect(dialog).toContain('Approve this change?');
    const refusal = the.driver.message('someone else has to approve it');
    expect(await visibleText(refusal)).toContain('Only visible to you');
    expect(await visibleText(request)).toContain('Waiting for approval');
    expect(the.sandbox.chime.requestsFor('PutVoiceConnectorOrigination')).toHaveLength(0);
    await screenshot('05-self-approval-refused');
  });

  it('applies the change once bob approves, and shows the result in #voice-approvals', async () => {
    // Prepare
    await the.driver.actAs('bob');
    const request = the.driver.message('Origination change request');

    // Act
    await the.driver.clickInMessage(request, 'Approve');

    // Assess
    await request.getByText('Applied', { exact: false }).first().waitFor();
    const result = await visibleText(request);
    expect(result).toContain('✅ Applied');
    expect(result).toContain('Approved by @bob');
    expect(result).toContain('sbc1.contact-center.example.com:5070');
    expect(await request.locator('button', { hasText: 'Approve' }).count()).toBe(0);
    expect(await visibleText(the.browser.page.locator('#channel-title'))).toBe('#voice-approvals');
    expect(the.sandbox.chime.getOrigination(CONNECTOR)?.Routes?.[0]?.Port).toBe(5070);
    await screenshot('06-applied');
  });

  it('finds the request, the refusal, the approval and the apply with /chime audit', async () => {
    // Prepare
    await the.driver.openChannel('#voice-ops');

    // Act
    const list = await the.driver.runCommand(`/chime audit ${CONNECTOR}`, 'Audit log');

    // Assess
    const shown = await visibleText(list);
    expect(shown).toContain('change.request');
    expect(shown).toMatch(/change\.approve denied[^\n]*self-approval/);
    expect(shown).toMatch(/@bob · change\.approve approved/);
    expect(shown).toContain('change.apply applied');
    await screenshot('07-audit');
  });

  it('completes @al to alice in the composer, so that /chime audit --user @alice keeps her entries', async () => {
    // Prepare: bob, in #voice-ops, after the flow above.
    const page = the.browser.page;
    const before = await page.locator('#timeline .message').count();

    // Act: type a mention's first letters, pick the person offered.
    await page.fill('#composer-input', '/chime audit --user @al');
    const offered = page.locator('#mention-list .mention-option');
    await offered.first().waitFor();
    expect(await visibleText(page.locator('#mention-list'))).toBe('alice Alice Requester');
    await screenshot('07b-mention');
    await page.press('#composer-input', 'Enter');
    expect(await page.locator('#composer-input').inputValue()).toBe('/chime audit --user @alice ');
    await page.press('#composer-input', 'Enter');

    // Assess: the app got the mention (it names alice's entries only), not the text "@alice".
    const list = page
      .locator('#timeline .message')
      .nth(before)
      .filter({ hasText: /Audit log/ });
    await list.waitFor();
    const shown = await visibleText(list);
    expect(shown).toContain('change.request');
    expect(shown).toContain('@alice');
    expect(shown).not.toContain('change.approve approved');
    expect(await page.locator('#mention-list').isHidden()).toBe(true);

    // And a user group, as Slack offers them too.
    await page.fill('#composer-input', '/chime audit --user @voice');
    await offered.first().waitFor();
    expect(await visibleText(page.locator('#mention-list'))).toBe('voice-approvers Voice approvers (group)');
    await page.press('#composer-input', 'Escape');
    await page.fill('#composer-input', '');
  });

  it("lets carol pick a connector from the app's suggestions in the /chime menu", async () => {
    // Prepare
    await the.driver.actAs('carol');
    const menu = await the.driver.runCommand('/chime', { modalTitle: 'Chime voice connectors' });

    // Act: typing asks the app (block_suggestion) for connectors in the region picked above it.
    await menu.getByLabel('Region', { exact: true }).selectOption('eu-west-2');
    await menu.getByLabel('Voice connector', { exact: true }).fill('London');
    await menu.locator('.bk-suggestion', { hasText: 'London Trading Floor' }).click();
    await menu.getByLabel('What to do', { exact: true }).selectOption({ label: 'Termination settings' });
    await the.driver.submitModal();

    // Assess
    const card = the.driver.message('Termination ·');
    await card.waitFor();
    expect(await visibleText(card)).toContain('e2r8t4y6u0i3o9p1a5s7dk');
    expect(await visibleText(card)).toContain('eu-west-2');
    expect(await visibleText(the.browser.page.locator('#channel-note'))).toContain('as carol');
    await screenshot('08-menu-lookup');
  });

  it('ran the whole flow without an error in the page', () => {
    expect(the.browser.pageErrors).toEqual([]);
  });

  // Last: it stops the sandbox under the open page.
  it('keeps a command typed while the sandbox is stopped, and says it was not sent', async () => {
    // Prepare
    const page = the.browser.page;
    await the.sandbox.close();
    await page.locator('#connection.offline').waitFor();
    const before = await page.locator('#timeline .command-note').count();

    // Act
    await page.fill('#composer-input', `/chime health ${CONNECTOR}`);
    await page.press('#composer-input', 'Enter');

    // Assess
    const problem = page.locator('#composer-problem');
    await problem.waitFor();
    expect(await visibleText(problem)).toMatch(/^Not sent: the sandbox at localhost:\d+ is not answering/);
    expect(await page.locator('#composer-input').inputValue()).toBe(`/chime health ${CONNECTOR}`);
    expect(await page.locator('#timeline .command-note').count()).toBe(before);
    await screenshot('09-not-sent');
  });
});
