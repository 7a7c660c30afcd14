import type { WebClient } from '@slack/web-api';
import type { DriftAlerts, DriftAlertView } from '../../drift/drift-alerts';
import type { Logger } from '../../logging/logger';
import { driftAlertMessage } from './drift-alert-message';

/**
 * {@link DriftAlerts} over Slack's Web API: alerts go to `DRIFT_CHANNEL` (default the approval
 * channel) and are updated in place. An update Slack refuses (message deleted, channel archived)
 * is logged, not thrown: the drift table and the audit log stay the record.
 */
export class SlackDriftAlerts implements DriftAlerts {
  constructor(
    private readonly client: WebClient,
    private readonly channel: string | undefined,
    private readonly logger: Logger,
  ) {}

  async post(view: DriftAlertView): Promise<{ channelId: string; ts: string } | undefined> {
    if (this.channel === undefined) {
      this.logger.warn(
        { voiceConnectorId: view.ref.voiceConnectorId },
        'a drift was found but neither DRIFT_CHANNEL nor APPROVAL_CHANNEL is set',
      );
      return undefined;
    }
    const posted = await this.client.chat.postMessage({ channel: this.channel, ...driftAlertMessage(view) });
    if (posted.ts === undefined) throw new Error('chat.postMessage returned no ts');
    return { channelId: posted.channel ?? this.channel, ts: posted.ts };
  }

  async update(message: { channelId: string; ts: string }, view: DriftAlertView): Promise<void> {
    await this.client.chat
      .update({ channel: message.channelId, ts: message.ts, ...driftAlertMessage(view) })
      .catch((error: unknown) =>
        this.logger.warn({ err: error, voiceConnectorId: view.ref.voiceConnectorId }, 'could not update a drift alert'),
      );
  }
}
