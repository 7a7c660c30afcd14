import type { Locator, Page } from 'playwright-core';

/**
 * The sandbox console as a person uses it: pick who you are, type in the composer, click what
 * the bot sent. Each step waits for what the person would wait for, and returns what they then
 * see, so the browser test can assert on it and `npm run screenshots` can capture it.
 *
 * @example
 * const console = new ConsoleDriver(page);
 * await console.open(sandbox.consoleUrl);
 * const card = await console.runCommand('/chime termination dx4h2k8m1p7q3r9s5t0v6w', 'Termination ·');
 */
export class ConsoleDriver {
  constructor(readonly page: Page) {}

  async open(url: string): Promise<void> {
    await this.page.goto(url);
    await this.page.locator('.welcome').waitFor();
    await this.page.locator('#connection.live').waitFor();
  }

  /** Switches the acting person with the switch at the top of the page. */
  async actAs(name: string): Promise<void> {
    const option = this.page.locator('#acting-user option', { hasText: `${name} (` });
    const userId = await option.getAttribute('value');
    if (userId === null) throw new Error(`Nobody called ${name} in the person switch`);
    await this.page.selectOption('#acting-user', userId);
    await this.page.locator('#channel-note', { hasText: `as ${name}` }).waitFor();
  }

  async openChannel(label: string): Promise<void> {
    await this.page.locator('.sidebar-item.channel-item', { hasText: label }).click();
    await this.page.locator('#channel-title', { hasText: label }).waitFor();
  }

  /**
   * Opens the app's Home tab from the sidebar and waits for the view the app publishes, returning
   * it. `expected` is text the view must show (the Home tab drawn before may be an older one).
   */
  async openHome(expected: string): Promise<Locator> {
    await this.page.locator('#home-item').click();
    await this.page.locator('#channel-note', { hasText: 'Home ·' }).waitFor();
    const home = this.home();
    await home.filter({ hasText: expected }).waitFor();
    return home;
  }

  /** The Home tab's view, as last drawn. */
  home(): Locator {
    return this.page.locator('#home .home-view');
  }

  /**
   * Types a slash command and waits for the bot's answer that contains `expected`: a message in
   * the timeline, or a modal.
   */
  async runCommand(text: string, expected: string | { modalTitle: string }): Promise<Locator> {
    const before = await this.page.locator('#timeline .message').count();
    await this.page.fill('#composer-input', text);
    await this.page.press('#composer-input', 'Enter');
    if (typeof expected !== 'string') {
      const modal = this.modal();
      await modal.locator('.modal-title', { hasText: expected.modalTitle }).waitFor();
      await modal.locator('.modal-submit').waitFor();
      return modal;
    }
    // Case-sensitive, so that "Reading the audit log…" does not pass for the "Audit log" it becomes.
    const pattern = new RegExp(expected.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'));
    const reply = this.page.locator('#timeline .message').nth(before).filter({ hasText: pattern });
    await reply.waitFor();
    return reply;
  }

  modal(): Locator {
    return this.page.locator('#modal-layer .modal');
  }

  /** Types into the modal's input with this label (as "Route 1 · Port"). */
  async fillModal(label: string, value: string): Promise<void> {
    await this.modal().getByLabel(label, { exact: true }).fill(value);
  }

  async submitModal(): Promise<void> {
    await this.modal().locator('.modal-submit').click();
    // The button stays busy until Slack has the app's answer (errors, an updated view, or none).
    await this.page.locator('.modal-submit[aria-busy="true"]').waitFor({ state: 'detached' });
  }

  /** The error shown under the modal input with this label, once there is one. */
  async inlineError(label: string): Promise<string> {
    const input = this.modal().locator('.bk-input.has-error', { has: this.page.getByText(label, { exact: true }) });
    return ConsoleDriver.visibleText(input.locator('.bk-error'));
  }

  async closeModal(): Promise<void> {
    await this.modal().locator('.modal-close').click();
    await this.page.locator('#modal-layer').waitFor({ state: 'hidden' });
  }

  /** The newest message in the channel whose text contains `text`. */
  message(text: string): Locator {
    return this.page.locator('#timeline .message').filter({ hasText: text }).last();
  }

  /** Clicks a button in a message, confirming its dialog if it has one; returns the dialog's text. */
  async clickInMessage(message: Locator, buttonText: string): Promise<string | undefined> {
    const button = message.locator('button.bk-button', { hasText: buttonText });
    const confirms = await button.evaluate(
      (element) => element.parentElement?.querySelector('template.bk-confirm') !== null,
    );
    await button.click();
    if (!confirms) return undefined;
    const dialog = this.page.locator('#confirm-dialog[open]');
    await dialog.waitFor();
    const text = await ConsoleDriver.visibleText(dialog);
    await dialog.locator('.confirm-accept').click();
    await dialog.waitFor({ state: 'hidden' });
    return text;
  }

  /** Scrolls the modal back to its first field, as a person reviewing it before submitting would. */
  async scrollModalToTop(): Promise<void> {
    await this.modal()
      .locator('.modal-body')
      .evaluate((body) => {
        body.scrollTop = 0;
      });
  }

  /** What a person reads in `locator`: the rendered text, line breaks included. */
  static async visibleText(locator: Locator): Promise<string> {
    // biome-ignore lint/performance/useDomNodeTextContent: this is Playwright's Locator.innerText, which keeps the line breaks a person sees.
    return locator.innerText();
  }

  /** Moves the pointer out of the way so that no message shows its hover shade in a screenshot. */
  async restPointer(): Promise<void> {
    await this.page.mouse.move(1, 1);
  }
}
