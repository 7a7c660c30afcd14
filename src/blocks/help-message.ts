import type { KnownBlock } from '@slack/types';
import { CHIME_REGIONS, type ChimeRegion } from '../chime/regions';
import { inlineCode } from './slack-formatting';
import { contextBlock, escapeMrkdwn, headerBlock, sectionBlock } from './slack-limits';
import { composeMessage, type SlackMessage } from './slack-message';

export interface HelpMessageModel {
  /** The slash command as configured (`SLACK_COMMAND`). */
  command?: string;
  /** One short line shown above the usage, e.g. why the command was not understood. Plain text. */
  error?: string;
  /** The region used when `--region` is left out (`AWS_REGION`). */
  defaultRegion?: ChimeRegion;
  /** The operations' subcommands, without the slash command (`termination <voice-connector-id>`). */
  usages: readonly CommandUsage[];
  /** Lines under the list (the operations' notes), as mrkdwn. */
  notes?: (command: string) => readonly string[];
}

/** The connector and proxy session IDs the help's examples use. */
export const EXAMPLE_CONNECTOR = 'abcdef1234567890abcdef';
export const EXAMPLE_PROXY_SESSION = '1a2b3c4d5e6f7g8h9i0j';

export interface CommandUsage {
  usage: string;
  what: string;
  example?: string;
}

/**
 * Usage of every command with an example each, for `/chime help` and for any command that was
 * not understood (`error` then says why, above the usage).
 *
 * @example
 * helpMessage({ command: '/chime', error: 'Unknown subcommand “terminate”.', ...REGISTRY.help });
 */
export function helpMessage(model: HelpMessageModel): SlackMessage {
  const command = model.command?.trim() || '/chime';
  const defaultRegion = model.defaultRegion ?? 'us-east-1';
  const usages = commandUsages(command, model.usages);
  const notes = model.notes?.(command) ?? [];
  const blocks: KnownBlock[] = [
    ...(model.error ? [sectionBlock(`❌ ${escapeMrkdwn(model.error)}`)] : []),
    headerBlock(`${command} · Chime voice connector commands`),
    ...usages.map(({ usage, what, example }) =>
      sectionBlock(`${inlineCode(usage)}\n${what}${example ? `\nExample: ${inlineCode(example)}` : ''}`),
    ),
    sectionBlock(
      [
        '*Options for every command*',
        `${inlineCode('--region <region>')} the AWS Region of the connector, default ${inlineCode(defaultRegion)}. One of: ${CHIME_REGIONS.map(inlineCode).join(', ')}`,
        `${inlineCode('--share')} posts the result in the channel; without it only you see it.`,
      ].join('\n'),
    ),
    ...(notes.length > 0 ? [contextBlock(notes)] : []),
  ];
  const text = [
    ...(model.error ? [model.error] : []),
    `${command} commands: ${usages.map(({ usage }) => usage).join('; ')}. Options: --region <region>, --share.`,
  ].join(' ');
  return composeMessage(text, blocks);
}

function commandUsages(command: string, usages: readonly CommandUsage[]): CommandUsage[] {
  return [
    { usage: command, what: 'Opens a menu: pick a voice connector and what to look at or change.' },
    { usage: `${command} help`, what: 'Shows this help.' },
    ...usages.map((usage) => ({
      usage: `${command} ${usage.usage}`,
      what: usage.what,
      ...(usage.example ? { example: `${command} ${usage.example}` } : {}),
    })),
  ];
}
