import type { App, SlashCommand } from '@slack/bolt';
import { helpMessage } from '../../blocks/help-message';
import { loadingModal } from '../../blocks/loading-modal';
import { menuModal } from '../../blocks/menu-modal';
import { noticeMessage } from '../../blocks/notice-message';
import type { SlackMessage } from '../../blocks/slack-message';
import type { Actor } from '../../jobs/job';
import { changesUnavailableReason } from '../change-availability';
import type { ListenerDependencies } from '../listener-dependencies';
import { parseCommand } from './command-grammar';

const READ_LABEL = { termination: 'termination', proxy: 'proxy settings', 'proxy-session': 'proxy session' } as const;

/**
 * The slash command. It only parses (pure) and acknowledges, opening a modal where the command
 * needs one; everything that calls AWS or DynamoDB is handed to the worker as a job, so the
 * acknowledgement never waits for Chime.
 */
export function registerChimeCommand(app: App, deps: ListenerDependencies): void {
  const { config, jobs } = deps;
  const commandName = config.slack.command;

  app.command(commandName, async ({ command, ack, client }) => {
    const actor = actorOf(command);
    const parsed = parseCommand(command.text, config.awsRegion);

    if (!parsed.ok) {
      await ack(
        ephemeral(helpMessage({ command: commandName, error: parsed.error.message, defaultRegion: config.awsRegion })),
      );
      await jobs.enqueue({
        kind: 'record-refusal',
        action: 'command',
        outcome: 'invalid',
        // The kind of mistake, never the typed text: it might be a password pasted into the wrong place.
        reason: `${parsed.error.subcommand ?? 'command'}: ${parsed.error.code}`,
        voiceConnectorId: parsed.error.voiceConnectorId,
        actor,
        channelId: command.channel_id,
        reply: { kind: 'response_url', responseUrl: command.response_url },
      });
      return;
    }

    const reply = { kind: 'response_url', responseUrl: command.response_url } as const;
    const parsedCommand = parsed.command;
    switch (parsedCommand.kind) {
      case 'help':
        await ack(ephemeral(helpMessage({ command: commandName, defaultRegion: config.awsRegion })));
        return;

      case 'menu':
        await ack();
        await client.views.open({
          trigger_id: command.trigger_id,
          view: menuModal({
            metadata: { channelId: command.channel_id, responseUrl: command.response_url },
            defaultRegion: parsedCommand.region,
          }),
        });
        // Warm the typeahead cache while the person looks at the menu.
        deps.catalog.prefetch(parsedCommand.region);
        return;

      case 'read':
        await ack(
          ephemeral(
            noticeMessage({
              tone: 'info',
              title: `Looking up the ${READ_LABEL[parsedCommand.operation]} of \`${parsedCommand.voiceConnectorId}\` in ${parsedCommand.region}…`,
            }),
          ),
        );
        await jobs.enqueue({
          kind: 'read',
          operation: parsedCommand.operation,
          ref: { voiceConnectorId: parsedCommand.voiceConnectorId, region: parsedCommand.region },
          proxySessionId: parsedCommand.operation === 'proxy-session' ? parsedCommand.proxySessionId : undefined,
          share: parsedCommand.share,
          actor,
          channelId: command.channel_id,
          reply,
        });
        return;

      case 'change': {
        const unavailable = changesUnavailableReason(config, parsedCommand.change);
        if (unavailable !== undefined) {
          await ack(
            ephemeral(noticeMessage({ tone: 'warning', title: 'Changes are not configured', body: unavailable })),
          );
          await jobs.enqueue({
            kind: 'record-refusal',
            action: 'change.request',
            outcome: 'denied',
            reason: 'changes-not-configured',
            voiceConnectorId: parsedCommand.voiceConnectorId,
            region: parsedCommand.region,
            actor,
            channelId: command.channel_id,
            reply,
          });
          return;
        }
        await ack();
        const title = parsedCommand.change === 'origination' ? 'Origination change' : 'Credentials change';
        const opened = await client.views.open({ trigger_id: command.trigger_id, view: loadingModal({ title }) });
        const viewId = opened.view?.id;
        if (viewId === undefined) throw new Error('views.open returned no view id');
        await jobs.enqueue({
          kind: 'open-change',
          change: parsedCommand.change,
          ref: { voiceConnectorId: parsedCommand.voiceConnectorId, region: parsedCommand.region },
          actor,
          channelId: command.channel_id,
          reply: { kind: 'view', viewId },
        });
        return;
      }

      case 'audit-list':
        await ack(ephemeral(noticeMessage({ tone: 'info', title: 'Reading the audit log…' })));
        await jobs.enqueue({
          kind: 'audit-list',
          voiceConnectorId: parsedCommand.voiceConnectorId,
          userFilter: parsedCommand.userId,
          limit: parsedCommand.limit,
          share: parsedCommand.share,
          actor,
          channelId: command.channel_id,
          reply,
        });
        return;

      case 'audit-verify':
        await ack(
          ephemeral(
            noticeMessage({
              tone: 'info',
              title: `Checking the audit chain of \`${parsedCommand.voiceConnectorId}\`…`,
            }),
          ),
        );
        await jobs.enqueue({
          kind: 'audit-verify',
          voiceConnectorId: parsedCommand.voiceConnectorId,
          actor,
          channelId: command.channel_id,
          reply,
        });
        return;
    }
  });
}

export function actorOf(command: Pick<SlashCommand, 'user_id' | 'team_id' | 'user_name'>): Actor {
  return { userId: command.user_id, teamId: command.team_id, userName: command.user_name || undefined };
}

function ephemeral(message: SlackMessage) {
  return { response_type: 'ephemeral' as const, text: message.text, blocks: message.blocks };
}
