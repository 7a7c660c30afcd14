import { describe, expect, it, vi } from 'vitest';
import { CallbackId } from '../../../src/blocks/ids';
import { REGISTRY } from '../../../src/operations/registry';
import { CONNECTOR } from '../../support/change-fixtures';
import { createListenerHarness } from '../../support/listener-harness';
import { OPS_CHANNEL, slashCommand } from '../../support/slack-payloads';
import { queuedFromOpsChannel, replyTo } from '../../support/unit-listener-jobs';
import { visible } from '../../support/visible-text';

describe('the slash command', () => {
  it('answers /chime help with the usage of every command, and queues nothing', async () => {
    // Prepare
    const harness = createListenerHarness();

    // Act
    const ack = await harness.send(slashCommand({ text: 'help' }));

    // Assess
    expect(ack?.response_type).toBe('ephemeral');
    for (const { usage } of REGISTRY.help.usages) {
      expect(visible(ack)).toContain(`/chime ${usage.replace(/</g, '&lt;').replace(/>/g, '&gt;')}`);
    }
    expect(visible(ack)).toContain('--region &lt;region&gt;');
    expect(visible(ack)).not.toContain('❌');
    expect(harness.jobs.jobs).toEqual([]);
    expect(harness.slack.calls).toEqual([]);
  });

  it('answers a malformed command with why and the usage, and audits the kind of mistake, never what was typed', async () => {
    // Prepare
    const harness = createListenerHarness();
    const command = slashCommand({ text: 'termination hunter2-is-my-password' });

    // Act
    const ack = await harness.send(command);

    // Assess
    expect(ack?.text).toMatch(/^That is not a voice connector ID/);
    expect(visible(ack)).toContain('Usage: `/chime termination &lt;voice-connector-id&gt;`');
    expect(visible(ack)).toContain('`/chime help` lists every command.');
    expect(JSON.stringify(ack)).not.toContain('hunter2');
    expect(harness.jobs.single('record-refusal')).toEqual({
      kind: 'record-refusal',
      action: 'command',
      outcome: 'invalid',
      reason: 'termination: bad-connector-id',
      ...queuedFromOpsChannel(replyTo(command)),
    });
    expect(JSON.stringify(harness.jobs.payloads)).not.toContain('hunter2');
    expect(harness.timeline).toEqual(['ack', 'job:record-refusal']);
  });

  it('audits an unknown subcommand or option by its kind, quoting nothing typed', async () => {
    // Prepare
    const harness = createListenerHarness();

    // Act
    const unknownSubcommand = await harness.send(slashCommand({ text: 'terminate hunter2' }));
    const unknownOption = await harness.send(slashCommand({ text: `termination ${CONNECTOR} --password=hunter2` }));

    // Assess
    expect(unknownSubcommand?.text).toContain('Unknown subcommand. Did you mean /chime termination?');
    expect(unknownOption?.text).toContain('Unknown option. The options are');
    expect(JSON.stringify([unknownSubcommand, unknownOption])).not.toContain('hunter2');
    expect(harness.jobs.ofKind('record-refusal').map((job) => [job.reason, job.voiceConnectorId])).toEqual([
      ['command: unknown-subcommand', undefined],
      ['termination: unknown-option', CONNECTOR],
    ]);
    expect(JSON.stringify(harness.jobs.payloads)).not.toContain('hunter2');
  });

  it('answers a typo with one short line, the suggestion and a pointer to the help, not the whole help', async () => {
    // Prepare
    const harness = createListenerHarness();

    // Act
    const ack = await harness.send(slashCommand({ text: 'terminaton' }));

    // Assess
    expect(ack?.blocks).toEqual([
      { type: 'section', text: { type: 'mrkdwn', text: '❌ Unknown subcommand. Did you mean `/chime termination`?' } },
      { type: 'context', elements: [{ type: 'mrkdwn', text: '`/chime help` lists every command.' }] },
    ]);
    expect(ack?.text).toBe('Unknown subcommand. Did you mean /chime termination? /chime help lists every command.');
  });

  it('opens the menu for /chime with the command’s channel and response_url, and warms the connector list', async () => {
    // Prepare
    const harness = createListenerHarness();
    const command = slashCommand({ text: '--region eu-west-2' });

    // Act
    const ack = await harness.send(command);

    // Assess
    expect(ack).toBeUndefined();
    const [open, ...others] = harness.slack.calls;
    expect(others).toEqual([]);
    expect(open?.method).toBe('views.open');
    expect(open?.args.trigger_id).toBe(command.trigger_id);
    const menu = open?.args.view;
    expect(menu?.callback_id).toBe(CallbackId.MenuModal);
    expect(JSON.parse(menu?.private_metadata ?? '')).toEqual({
      channelId: OPS_CHANNEL.id,
      responseUrl: command.response_url,
    });
    for (const entry of REGISTRY.menu) expect(visible(menu)).toContain(entry.label);
    expect(visible(menu)).toContain('"initial_option":{"text":{"type":"plain_text","text":"eu-west-2"');
    await vi.waitFor(() => expect(harness.voiceConnectors.listCalls).toEqual(['eu-west-2']));
    expect(harness.jobs.jobs).toEqual([]);
    expect(harness.timeline).toEqual(['ack', 'api:views.open']);
  });

  it('listens on the configured SLACK_COMMAND and names it in the help', async () => {
    // Prepare
    const harness = createListenerHarness({ env: { SLACK_COMMAND: '/voice' } });

    // Act
    const ack = await harness.send(slashCommand({ command: '/voice', text: 'help' }));
    const other = harness.send(slashCommand({ command: '/chime', text: 'help' }));

    // Assess
    expect(visible(ack)).toContain('/voice termination');
    expect(visible(ack)).not.toContain('/chime');
    await expect(other).rejects.toThrow(/nothing acknowledged/);
  });
});
