import { describe, expect, it } from 'vitest';
import { CallbackId } from '../../src/blocks/ids';
import { CONNECTOR } from '../support/change-fixtures';
import { sendToNewHarness } from '../support/listener-harness';
import { slashCommand } from '../support/slack-payloads';
import {
  connectorRef,
  connectorRefusal,
  queuedFromOpsChannel,
  replyTo,
  viewReply,
} from '../support/unit-listener-jobs';
import { visible } from '../support/visible-text';

/** The changes to a connector that open a form: the command and the title of its modal. */
const CHANGE_COMMANDS = [
  { change: 'origination', title: 'Origination change' },
  { change: 'credentials', title: 'Credentials change' },
] as const;

describe('change command listeners', () => {
  it.each(CHANGE_COMMANDS)(
    'opens a loading modal for /chime $change at once and queues the job that fills it',
    async ({ change, title }) => {
      // Prepare
      const command = slashCommand({ text: `${change} ${CONNECTOR}` });

      // Act
      const { harness, ack } = await sendToNewHarness(command);

      // Assess
      expect(ack).toBeUndefined();
      expect(harness.slack.callsTo('views.open')[0]?.args).toMatchObject({
        trigger_id: command.trigger_id,
        view: { callback_id: CallbackId.LoadingModal, title: { text: title } },
      });
      expect(harness.jobs.single('open-change')).toEqual({
        kind: 'open-change',
        change,
        ref: connectorRef(),
        ...queuedFromOpsChannel(viewReply('V0OPENED1')),
      });
      expect(harness.timeline).toEqual(['ack', 'api:views.open', 'job:open-change']);
    },
  );

  it.each(CHANGE_COMMANDS)(
    'says /chime $change needs APPROVAL_CHANNEL and APPROVERS, and audits the refusal without opening a form',
    async ({ change }) => {
      // Prepare
      const command = slashCommand({ text: `${change} ${CONNECTOR}` });

      // Act
      const { harness, ack } = await sendToNewHarness(command, { env: { APPROVAL_CHANNEL: '', APPROVERS: '' } });

      // Assess
      expect(ack?.response_type).toBe('ephemeral');
      expect(visible(ack)).toContain('Changes are not configured');
      expect(visible(ack)).toContain('Change requests need `APPROVAL_CHANNEL` and `APPROVERS` to be set.');
      expect(harness.jobs.single('record-refusal')).toEqual({
        kind: 'record-refusal',
        ...connectorRefusal('change.request', 'denied', 'changes-not-configured'),
        region: 'us-east-1',
        ...queuedFromOpsChannel(replyTo(command)),
      });
      expect(harness.slack.calls).toEqual([]);
    },
  );
});
