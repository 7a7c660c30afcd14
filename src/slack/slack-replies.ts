import type { ModalView } from '@slack/types';
import type { WebClient } from '@slack/web-api';
import type { SlackMessage } from '../blocks/slack-message';
import type { ReplyTarget } from '../jobs/job';

export interface ReplyOptions {
  /** Post in the channel for everyone instead of only to the person who asked. */
  share?: boolean;
  /** Replace the message the response_url belongs to (e.g. the "Looking up…" acknowledgement). */
  replaceOriginal?: boolean;
}

/**
 * Delivers a job's result to where the person asked: a command's response_url, an ephemeral
 * message in a channel, or the modal they have open. Only the worker uses it; listeners answer
 * through `ack`.
 */
export class SlackReplies {
  constructor(
    private readonly client: WebClient,
    private readonly modalFor: (message: SlackMessage) => ModalView,
    private readonly timeoutMs = 5_000,
  ) {}

  async send(target: ReplyTarget, userId: string, message: SlackMessage, options: ReplyOptions = {}): Promise<void> {
    switch (target.kind) {
      case 'response_url':
        await this.respond(target.responseUrl, {
          ...message,
          response_type: options.share ? 'in_channel' : 'ephemeral',
          ...(options.replaceOriginal && target.replaceOriginal !== false && !options.share
            ? { replace_original: true }
            : {}),
        });
        return;
      case 'ephemeral':
        if (options.share) {
          await this.client.chat.postMessage({ channel: target.channelId, text: message.text, blocks: message.blocks });
        } else {
          await this.client.chat.postEphemeral({
            channel: target.channelId,
            user: userId,
            text: message.text,
            blocks: message.blocks,
          });
        }
        return;
      case 'dm':
        await this.client.chat.postMessage({ channel: target.userId, text: message.text, blocks: message.blocks });
        return;
      case 'view':
        await this.client.views.update({ view_id: target.viewId, view: this.modalFor(message) });
        return;
    }
  }

  /** POSTs to a response_url as Bolt's `respond()` does; a non-2xx answer is an error. */
  async respond(responseUrl: string, body: Record<string, unknown>): Promise<void> {
    const response = await fetch(responseUrl, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify(body),
      signal: AbortSignal.timeout(this.timeoutMs),
    });
    if (!response.ok) throw new Error(`response_url answered ${response.status}`);
    await response.body?.cancel();
  }
}
