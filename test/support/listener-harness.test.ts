import { describe, expect, it } from 'vitest';
import { loadingModal } from '../../src/blocks/loading-modal';
import { CONNECTOR } from './change-fixtures';
import { createListenerHarness } from './listener-harness';
import { RecordingJobQueue } from './recording-job-queue';
import { messageButtonClick, slashCommand } from './slack-payloads';

describe('the listener harness', () => {
  it('fails a payload that no listener acknowledges, as Slack would show an error', async () => {
    // Prepare
    const harness = createListenerHarness();

    // Act
    const sent = harness.send(messageButtonClick({ actionId: 'no_listener_has_this_id' }));

    // Assess
    await expect(sent).rejects.toThrow(/nothing acknowledged/);
  });

  it('fails when a listener throws, naming the error that reached app.error', async () => {
    // Prepare
    const harness = createListenerHarness();
    harness.slack.failNext('views.open', 'expired_trigger_id');

    // Act
    const sent = harness.send(slashCommand({ text: '' }));

    // Assess
    await expect(sent).rejects.toThrow(/a listener failed: .*expired_trigger_id/);
  });

  it('fails when an acknowledgement breaks a Block Kit limit', async () => {
    // Prepare
    const harness = createListenerHarness();
    harness.app.command('/too-long', async ({ ack }) => {
      await ack({ text: 'fallback', blocks: [{ type: 'section', text: { type: 'mrkdwn', text: 'x'.repeat(3001) } }] });
    });

    // Act
    const sent = harness.send(slashCommand({ command: '/too-long' }));

    // Assess
    await expect(sent).rejects.toThrow(/Slack would refuse .*\n.*blocks\[0\]\.text/);
  });

  it('records the Web API calls Bolt’s own client makes, arguments decoded, and answers them as Slack', async () => {
    // Prepare
    const harness = createListenerHarness();
    const command = slashCommand({ text: `origination ${CONNECTOR}` });

    // Act
    await harness.send(command);

    // Assess
    const [open] = harness.slack.callsTo('views.open');
    expect(open?.args).toMatchObject({
      trigger_id: command.trigger_id,
      view: { type: 'modal', callback_id: 'chime_loading' },
    });
    expect(harness.jobs.single('open-change').reply).toEqual({ kind: 'view', viewId: 'V0OPENED1' });
  });

  it('answers a views.update with a stale hash with hash_conflict, as Slack does', async () => {
    // Prepare
    const harness = createListenerHarness();
    harness.slack.knowsView('V0FORM', 'hash-2');

    // Act
    const update = harness.app.client.views.update({
      view_id: 'V0FORM',
      hash: 'hash-1',
      view: loadingModal({ title: 'x' }),
    });

    // Assess
    await expect(update).rejects.toThrow(/hash_conflict/);
  });

  it('refuses to queue a job the worker could not parse', async () => {
    // Prepare
    const jobs = new RecordingJobQueue();

    // Act
    const queued = jobs.enqueue({
      kind: 'no-such-job',
      actor: { userId: 'U0X', teamId: 'T0X' },
      reply: { kind: 'view', viewId: 'V1' },
    });

    // Assess
    await expect(queued).rejects.toThrow();
    expect(jobs.jobs).toEqual([]);
  });
});
