import { inlineCode } from './slack-formatting';
import { contextBlock, escapeMrkdwn, sectionBlock } from './slack-limits';
import { composeMessage, type SlackMessage } from './slack-message';

export interface UsageMessageModel {
  /** The slash command as configured (`SLACK_COMMAND`). */
  command: string;
  /** What is wrong and what was expected, in one sentence that quotes nothing typed. */
  error: string;
  /** The usage of the subcommand meant, without the slash command (`termination <voice-connector-id>`). */
  usage?: string;
  /** A close match for what was mistyped: a subcommand (`termination`), an option or a region. */
  suggestion?: { kind: 'subcommand' | 'word'; value: string };
}

/**
 * The short answer to a command that was not understood: one line saying what is wrong, the
 * usage of the subcommand meant, a "did you mean …?" when there is a close match, and where the
 * full help is. Never the whole help, and never what was typed (it may be a pasted password).
 *
 * @example
 * usageMessage({ command: '/chime', error: 'Unknown subcommand.', suggestion: { kind: 'subcommand', value: 'termination' } });
 * // ❌ Unknown subcommand. Did you mean `/chime termination`?
 */
export function usageMessage(model: UsageMessageModel): SlackMessage {
  const command = model.command.trim() || '/chime';
  const suggestion =
    model.suggestion === undefined
      ? undefined
      : model.suggestion.kind === 'subcommand'
        ? `${command} ${model.suggestion.value}`
        : model.suggestion.value;
  const lines = [
    `❌ ${escapeMrkdwn(model.error)}${suggestion ? ` Did you mean ${inlineCode(suggestion)}?` : ''}`,
    ...(model.usage ? [`Usage: ${inlineCode(`${command} ${model.usage}`)}`] : []),
  ];
  const pointer = `${inlineCode(`${command} help`)} lists every command.`;
  const text = [
    model.error,
    ...(suggestion ? [`Did you mean ${suggestion}?`] : []),
    ...(model.usage ? [`Usage: ${command} ${model.usage}.`] : []),
    `${command} help lists every command.`,
  ].join(' ');
  return composeMessage(text, [sectionBlock(lines.join('\n')), contextBlock([pointer])]);
}
