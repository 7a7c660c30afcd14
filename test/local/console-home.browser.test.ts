import { SEED_CONTACT_CENTER_CONNECTOR_ID } from '@chime-voice-ops/chime-emulator';
import { ConsoleDriver } from '@chime-voice-ops/slack-sandbox/browser';
import { expect, it } from 'vitest';
import { describeInChromium } from './console-in-chromium';

// The sandbox without APPROVAL_POLICY: one approval by anyone in APPROVERS applies a change.
const CONNECTOR = SEED_CONTACT_CENTER_CONNECTOR_ID;
const visibleText = ConsoleDriver.visibleText;

describeInChromium("the app's Home tab in the console", (the) => {
  it('shows alice her open request on her Home tab, without buttons to decide it', async () => {
    // Prepare: alice asks to move route 1 to port 5070.
    const modal = await the.driver.runCommand(`/chime origination ${CONNECTOR}`, { modalTitle: 'Origination change' });
    await the.driver.fillModal('Route 1 · Port', '5070');
    await the.driver.fillModal('Justification', 'Move route 1 to port 5070 for the carrier migration');
    await the.driver.submitModal();
    await modal.getByText('is waiting for approval').waitFor();
    await the.driver.closeModal();

    // Act
    const home = await the.driver.openHome('Your open requests (1)');

    // Assess
    const shown = await visibleText(home);
    expect(shown).toContain('Waiting for your approval (0)');
    expect(shown).toContain(`origination on ${CONNECTOR}`);
    expect(await home.locator('button', { hasText: 'Approve' }).count()).toBe(0);
    expect(await visibleText(the.browser.page.locator('#channel-title'))).toBe('chime-voice-ops');
    expect(await the.browser.page.locator('#composer').isHidden()).toBe(true);
  });

  it('shows bob the request waiting for him, and approving it there applies it and re-draws his Home tab', async () => {
    // Prepare
    await the.driver.actAs('bob');
    const home = await the.driver.openHome('Waiting for your approval (1)');
    expect(await visibleText(home)).toContain(`origination on ${CONNECTOR} · by @alice`);
    expect(await home.locator('button', { hasText: 'Reject' }).count()).toBe(1);

    // Act
    const dialog = await the.driver.clickInMessage(home, 'Approve');

    // Assess: the app re-publishes the Home tab, and the change is applied.
    expect(dialog).toContain('Approve this change?');
    await home.filter({ hasText: 'Waiting for your approval (0)' }).waitFor();
    await home.filter({ hasText: 'applied' }).waitFor();
    expect(await visibleText(home)).toContain('Nothing waits for you.');
    expect(the.sandbox.chime.getOrigination(CONNECTOR)?.Routes?.[0]?.Port).toBe(5070);
    const publishes = the.sandbox.workspace.calls.filter((call) => call.method === 'views.publish');
    expect(publishes.length).toBeGreaterThanOrEqual(3);
  });

  it('answers the Home tab approval by direct message, under the Messages tab', async () => {
    // Act
    await the.browser.page.locator('.app-tab[data-tab="messages"]').click();

    // Assess
    await the.browser.page.locator('#channel-note', { hasText: 'as bob' }).waitFor();
    const reply = the.driver.message('Approved');
    await reply.waitFor();
    expect(await visibleText(the.browser.page.locator('#channel-title'))).toBe('chime-voice-ops');
    expect(await the.browser.page.locator('#timeline').isVisible()).toBe(true);
  });

  it('ran without an error in the page', () => {
    expect(the.browser.pageErrors).toEqual([]);
  });
});
