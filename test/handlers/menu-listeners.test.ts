import { describe, expect, it } from 'vitest';
import { ActionId, BlockId } from '../../src/blocks/ids';
import { menuModal } from '../../src/blocks/menu-modal';
import { REGISTRY } from '../../src/operations/registry';
import { CONNECTOR, OTHER_CONNECTOR } from '../support/change-fixtures';
import { createListenerHarness } from '../support/listener-harness';
import { menuSubmission } from '../support/menu-submission';
import { menuFormValues } from '../support/modal-state-values';
import { blockSuggestion, OPS_CHANNEL, viewOutput } from '../support/slack-payloads';
import { queuedFromOpsChannel, viewReply } from '../support/unit-listener-jobs';
import { VoiceConnectorsDouble } from '../support/voice-connectors-double';

const LONDON_CONNECTOR = 'londontrading000000001';

function connectors() {
  return new VoiceConnectorsDouble().withConnectors([
    { voiceConnectorId: CONNECTOR, name: 'Main trunk', region: 'us-east-1' },
    { voiceConnectorId: OTHER_CONNECTOR, name: 'Branch offices', region: 'us-east-1' },
    { voiceConnectorId: LONDON_CONNECTOR, name: 'London trading', region: 'eu-west-2' },
  ]);
}

/** The menu on screen, with the region chosen, while the person types into the connector select. */
function typing(query: string, region = 'us-east-1') {
  const menu = menuModal({
    metadata: { channelId: OPS_CHANNEL.id },
    defaultRegion: 'us-east-1',
    operations: REGISTRY.menu,
  });
  return blockSuggestion({
    actionId: ActionId.ConnectorSelect,
    blockId: BlockId.MenuConnector,
    value: query,
    view: viewOutput(menu, { values: menuFormValues({ region }) }),
  });
}

describe('the menu', () => {
  it('offers the connectors of the chosen region whose name or ID matches what is typed', async () => {
    // Prepare
    const harness = createListenerHarness({ voiceConnectors: connectors() });

    // Act
    const ack = await harness.send(typing('MAIN'));

    // Assess
    expect(ack).toEqual({
      options: [
        {
          text: { type: 'plain_text', text: `Main trunk · ${CONNECTOR} · us-east-1`, emoji: true },
          value: `${CONNECTOR}@us-east-1`,
        },
      ],
    });
  });

  it('follows the region chosen in the menu, and lists each region once however many keystrokes', async () => {
    // Prepare
    const harness = createListenerHarness({ voiceConnectors: connectors() });

    // Act
    const first = await harness.send(typing('', 'eu-west-2'));
    const second = await harness.send(typing('lon', 'eu-west-2'));

    // Assess
    expect(first?.options?.map((option) => option.value)).toEqual([`${LONDON_CONNECTOR}@eu-west-2`]);
    expect(second?.options?.map((option) => option.value)).toEqual([`${LONDON_CONNECTOR}@eu-west-2`]);
    expect(harness.voiceConnectors.listCalls).toEqual(['eu-west-2']);
    expect(harness.jobs.jobs).toEqual([]);
  });

  it('finds a connector of another region when the chosen region has no match, with its region in the value', async () => {
    // Prepare
    const harness = createListenerHarness({ voiceConnectors: connectors() });

    // Act
    const ack = await harness.send(typing('london', 'us-east-1'));

    // Assess
    expect(ack?.options?.map((option) => [option.text.text, option.value])).toEqual([
      [`London trading · ${LONDON_CONNECTOR} · eu-west-2`, `${LONDON_CONNECTOR}@eu-west-2`],
    ]);
    expect(harness.voiceConnectors.listCalls[0]).toBe('us-east-1');
    expect(new Set(harness.voiceConnectors.listCalls).size).toBe(harness.voiceConnectors.listCalls.length);
  });

  it('asks for the region before the connector, so that the typeahead follows it', () => {
    // Act
    const menu = menuModal({
      metadata: { channelId: OPS_CHANNEL.id },
      defaultRegion: 'eu-west-2',
      operations: REGISTRY.menu,
    });

    // Assess
    expect(menu.blocks.slice(0, 2).map((block) => block.block_id)).toEqual([BlockId.MenuRegion, BlockId.MenuConnector]);
  });

  it('shows every missing choice inline and audits the refusal by field', async () => {
    // Prepare
    const harness = createListenerHarness();
    const submission = menuSubmission({});

    // Act
    const ack = await harness.send(submission);

    // Assess
    expect(ack).toEqual({
      response_action: 'errors',
      errors: {
        [BlockId.MenuConnector]: 'Pick a voice connector from the list.',
        [BlockId.MenuOperation]: 'Pick what to do.',
      },
    });
    expect(harness.jobs.single('record-refusal')).toEqual({
      kind: 'record-refusal',
      action: 'command',
      outcome: 'invalid',
      reason: 'menu invalid: connector, operation',
      ...queuedFromOpsChannel(viewReply(submission.view.id)),
    });
  });

  it('refuses a forged connector or operation value as if nothing had been chosen', async () => {
    // Prepare
    const harness = createListenerHarness();

    // Act
    const ack = await harness.send(menuSubmission({ connector: `${CONNECTOR}@mars-east-1`, operation: 'drop-tables' }));

    // Assess
    expect(ack?.errors).toEqual({
      [BlockId.MenuConnector]: 'Pick a voice connector from the list.',
      [BlockId.MenuOperation]: 'Pick what to do.',
    });
    expect(harness.jobs.single('record-refusal').reason).toBe('menu invalid: connector, operation');
  });

  it('says the menu is out of date when its metadata does not parse, and runs nothing', async () => {
    // Prepare
    const harness = createListenerHarness();

    // Act
    const ack = await harness.send(
      menuSubmission({ connector: `${CONNECTOR}@us-east-1`, operation: 'termination', privateMetadata: '{"c":' }),
    );

    // Assess
    expect(ack).toEqual({
      response_action: 'errors',
      errors: { [BlockId.MenuOperation]: 'This menu is out of date: run the command again.' },
    });
    const refusal = harness.jobs.single('record-refusal');
    expect(refusal).toMatchObject({ reason: 'menu invalid: operation', voiceConnectorId: CONNECTOR });
    expect(refusal.channelId).toBeUndefined();
  });

  it('refuses a change from the menu inline when changes are not configured, and audits it as denied', async () => {
    // Prepare
    const harness = createListenerHarness({ env: { APPROVAL_CHANNEL: '', APPROVERS: '' } });

    // Act
    const ack = await harness.send(menuSubmission({ connector: `${CONNECTOR}@us-east-1`, operation: 'origination' }));

    // Assess
    expect(ack).toEqual({
      response_action: 'errors',
      errors: {
        [BlockId.MenuOperation]: 'Change requests need `APPROVAL_CHANNEL` and `APPROVERS` to be set. Reads still work.',
      },
    });
    expect(harness.jobs.single('record-refusal')).toMatchObject({
      action: 'change.request',
      outcome: 'denied',
      reason: 'changes-not-configured',
      voiceConnectorId: CONNECTOR,
      region: 'us-east-1',
    });
  });
});
