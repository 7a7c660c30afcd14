import type { App } from '@slack/bolt';
import { helpMessage } from '../../blocks/help-message';
import { menuModal } from '../../blocks/menu-modal';
import type { SlackMessage } from '../../blocks/slack-message';
import { usageMessage } from '../../blocks/usage-message';
import type { ListenerDependencies } from '../listener-dependencies';
import { queueRefusal } from '../refusals';
import { actorOf } from '../slack-payload';
import { parseCommand } from './command-grammar';

/**
 * The slash command. It only parses (pure) and acknowledges, opening a modal where the command
 * needs one; everything that calls AWS or DynamoDB is handed to the worker as a job, so the
 * acknowledgement never waits for Chime. What each subcommand does is its operation's `run`.
 */
export function registerChimeCommand(app: App, deps: ListenerDependencies): void {
  const { config, registry } = deps;
  const commandName = config.slack.command;

  app.command(commandName, async ({ command, ack, client }) => {
    const actor = actorOf(command);
    const reply = { kind: 'response_url', responseUrl: command.response_url } as const;
    const parsed = parseCommand(command.text, config.awsRegion, registry.subcommands);
    const help = () =>
      ephemeral(helpMessage({ command: commandName, defaultRegion: config.awsRegion, ...registry.help }));

    if (!parsed.ok) {
      const { error } = parsed;
      await ack(
        ephemeral(
          usageMessage({
            command: commandName,
            error: error.message,
            ...(error.usage !== undefined ? { usage: error.usage } : {}),
            ...(error.suggestion !== undefined
              ? {
                  suggestion: {
                    kind: error.code === 'unknown-subcommand' ? 'subcommand' : 'word',
                    value: error.suggestion,
                  },
                }
              : {}),
          }),
        ),
      );
      await queueRefusal(deps.jobs, {
        action: 'command',
        outcome: 'invalid',
        // The kind of mistake, never the typed text: it might be a password pasted into the wrong place.
        reason: `${parsed.error.subcommand ?? 'command'}: ${parsed.error.code}`,
        voiceConnectorId: parsed.error.voiceConnectorId,
        actor,
        channelId: command.channel_id,
        reply,
      });
      return;
    }

    const parsedCommand = parsed.command;
    switch (parsedCommand.kind) {
      case 'help':
        await ack(help());
        return;

      case 'menu':
        await ack();
        await client.views.open({
          trigger_id: command.trigger_id,
          view: menuModal({
            metadata: { channelId: command.channel_id, responseUrl: command.response_url },
            defaultRegion: parsedCommand.region,
            operations: registry.menu,
          }),
        });
        // Warm the typeahead cache while the person looks at the menu.
        deps.catalog.prefetch(parsedCommand.region);
        return;

      case 'subcommand': {
        const spec = registry.subcommand(parsedCommand.name);
        await spec.run({
          args: parsedCommand.args,
          actor,
          channelId: command.channel_id,
          responseUrl: command.response_url,
          triggerId: command.trigger_id,
          ack: (message?: SlackMessage) => (message === undefined ? ack() : ack(ephemeral(message))),
          client,
          deps,
        });
        return;
      }
    }
  });
}

function ephemeral(message: SlackMessage) {
  return { response_type: 'ephemeral' as const, text: message.text, blocks: message.blocks };
}
