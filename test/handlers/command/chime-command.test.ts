import { describe, expect, it, vi } from 'vitest';
import { CallbackId } from '../../../src/blocks/ids';
import { REGISTRY } from '../../../src/operations/registry';
import { CONNECTOR, REQUESTER, TEAM } from '../../support/change-fixtures';
import { createListenerHarness } from '../../support/listener-harness';
import { OPS_CHANNEL, slashCommand } from '../../support/slack-payloads';
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
    expect(ack?.text).toMatch(/^`hunter2-is-my-password` is not a voice connector ID/);
    expect(visible(ack)).toContain('/chime termination &lt;voice-connector-id&gt;');
    expect(harness.jobs.single('record-refusal')).toEqual({
      kind: 'record-refusal',
      action: 'command',
      outcome: 'invalid',
      reason: 'termination: bad-connector-id',
      actor: { userId: REQUESTER, teamId: TEAM, userName: 'rita' },
      channelId: OPS_CHANNEL.id,
      reply: { kind: 'response_url', responseUrl: command.response_url },
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
    expect(unknownSubcommand?.text).toContain('Unknown subcommand `terminate`.');
    expect(unknownOption?.text).toContain('Unknown option `--password`.');
    expect(harness.jobs.ofKind('record-refusal').map((job) => [job.reason, job.voiceConnectorId])).toEqual([
      ['command: unknown-subcommand', undefined],
      ['termination: unknown-option', CONNECTOR],
    ]);
    expect(JSON.stringify(harness.jobs.payloads)).not.toContain('hunter2');
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
