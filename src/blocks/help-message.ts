import type { KnownBlock } from '@slack/types';
import { CHIME_REGIONS, type ChimeRegion } from '../chime/regions';
import { PROXY_END_OF_SUPPORT_ANNOUNCED } from './proxy-deprecation';
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
}

const EXAMPLE_CONNECTOR = 'abcdef1234567890abcdef';
const EXAMPLE_SESSION = '1a2b3c4d5e6f7g8h9i0j';

interface CommandUsage {
  usage: string;
  what: string;
  example?: string;
}

/**
 * Usage of every command with an example each, for `/chime help` and for any command that was
 * not understood (`error` then says why, above the usage).
 *
 * @example
 * helpMessage({ command: '/chime', error: 'Unknown subcommand “terminate”.' });
 */
export function helpMessage(model: HelpMessageModel = {}): SlackMessage {
  const command = model.command?.trim() || '/chime';
  const defaultRegion = model.defaultRegion ?? 'us-east-1';
  const usages = commandUsages(command);
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
    contextBlock([
      `⚠️ ${inlineCode(`${command} proxy`)} and ${inlineCode(`${command} session`)} read proxy sessions, which AWS has deprecated (end of support announced ${PROXY_END_OF_SUPPORT_ANNOUNCED}).`,
    ]),
  ];
  const text = [
    ...(model.error ? [model.error] : []),
    `${command} commands: ${usages.map(({ usage }) => usage).join('; ')}. Options: --region <region>, --share.`,
  ].join(' ');
  return composeMessage(text, blocks);
}

function commandUsages(command: string): CommandUsage[] {
  return [
    { usage: command, what: 'Opens a menu: pick a voice connector and what to look at or change.' },
    { usage: `${command} help`, what: 'Shows this help.' },
    {
      usage: `${command} termination <voice-connector-id>`,
      what: 'Termination settings: state, CPS limit, default number, calling regions, allowed CIDRs.',
      example: `${command} termination ${EXAMPLE_CONNECTOR} --region eu-west-2`,
    },
    {
      usage: `${command} proxy <voice-connector-id>`,
      what: 'Proxy settings: state, default session expiry, fallback number, countries. _Deprecated by AWS._',
      example: `${command} proxy ${EXAMPLE_CONNECTOR}`,
    },
    {
      usage: `${command} session <voice-connector-id> <proxy-session-id>`,
      what: 'One proxy session: status, participants (numbers masked), expiry, geo match. _Deprecated by AWS._',
      example: `${command} session ${EXAMPLE_CONNECTOR} ${EXAMPLE_SESSION}`,
    },
    {
      usage: `${command} origination <voice-connector-id>`,
      what: 'Opens a form to change the origination routes; the change waits for an approver.',
      example: `${command} origination ${EXAMPLE_CONNECTOR}`,
    },
    {
      usage: `${command} credentials <voice-connector-id>`,
      what: 'Opens a form to change the termination (SIP) credentials; the change waits for an approver.',
      example: `${command} credentials ${EXAMPLE_CONNECTOR}`,
    },
    {
      usage: `${command} audit [<voice-connector-id>] [--limit N] [--user @user]`,
      what: 'Recent audit entries, newest first (default 10, at most 50): of one connector, or of the whole workspace without an id; `--user` keeps one person’s actions.',
      example: `${command} audit ${EXAMPLE_CONNECTOR} --limit 20 --user @alex`,
    },
    {
      usage: `${command} audit verify <voice-connector-id>`,
      what: 'Checks that the connector’s audit trail is intact, or shows where it was tampered with.',
      example: `${command} audit verify ${EXAMPLE_CONNECTOR}`,
    },
  ];
}
