import { z } from 'zod';
import { noticeMessage } from '../blocks/notice-message';
import type { VoiceConnectorRef } from '../chime/voice-connector';
import { type Actor, ConnectorRefSchema, type JobPayload, jobCommon, type ReplyTarget } from '../jobs/job';
import type { MenuEntry, SubcommandSpec } from '../operations/operation';

/**
 * What the read operations (termination, proxy, proxy session, …) share on the listener side:
 * the job's payload, the slash command's "Looking up…" acknowledgement, and the menu's
 * submission. The worker's side is `jobs/read-job.ts`.
 */
export function readJobSchema<K extends string, E extends z.ZodRawShape>(kind: K, extra: E) {
  return z.object({ kind: z.literal(kind), ref: ConnectorRefSchema, share: z.boolean(), ...extra, ...jobCommon });
}

/** What every read job carries, whoever asked for it (the command or the menu). */
export interface ReadRequest {
  ref: VoiceConnectorRef;
  share: boolean;
  proxySessionId: string;
  actor: Actor;
  channelId: string;
  reply: ReplyTarget;
}

/**
 * A read's subcommand `run`: acknowledge with "Looking up the <what> of `<id>` in <region>…",
 * then queue the job `toJob` builds.
 *
 * @example
 * run: readCommand('termination', (read) => ({ kind: 'termination', ref: read.ref, share: read.share, … }))
 */
export function readCommand(what: string, toJob: (read: ReadRequest) => JobPayload): SubcommandSpec['run'] {
  return async (input) => {
    const ref = { voiceConnectorId: input.args.voiceConnectorId ?? '', region: input.args.region };
    await input.ack(
      noticeMessage({
        tone: 'info',
        title: `Looking up the ${what} of \`${ref.voiceConnectorId}\` in ${ref.region}…`,
      }),
    );
    await input.deps.jobs.enqueue(
      toJob({
        ref,
        share: input.args.share,
        proxySessionId: input.args.proxySessionId ?? '',
        actor: input.actor,
        channelId: input.channelId,
        reply: { kind: 'response_url', responseUrl: input.responseUrl },
      }),
    );
  };
}

/**
 * A read's menu `submit`: close the menu and queue the same job as the command. The answer goes
 * through the command's response_url when the menu has it (it reaches the person even where the
 * bot is not a member), or as an ephemeral message.
 */
export function readMenuSubmit(toJob: (read: ReadRequest) => JobPayload): MenuEntry['submit'] {
  return async (input) => {
    await input.ack();
    await input.deps.jobs.enqueue(
      toJob({
        ref: input.ref,
        share: input.share,
        proxySessionId: input.proxySessionId,
        actor: input.actor,
        channelId: input.channelId,
        reply: input.responseUrl
          ? { kind: 'response_url', responseUrl: input.responseUrl, replaceOriginal: false }
          : { kind: 'ephemeral', channelId: input.channelId },
      }),
    );
  };
}

/** The common part of a read job built from a {@link ReadRequest}. */
export function readJobFields(read: ReadRequest) {
  return { ref: read.ref, share: read.share, actor: read.actor, channelId: read.channelId, reply: read.reply };
}

/**
 * The subcommand `/chime <kind> <id>` (with `--share`) and the menu entry of a read that needs
 * only the connector: both queue the job `{ kind, ref, share, … }`. The acknowledgement says it is
 * looking up `lookingUp`.
 *
 * @example
 * ...connectorReadEntryPoints('termination', {
 *   lookingUp: 'termination',
 *   help: { what: 'Termination settings: …', example: `termination ${EXAMPLE_CONNECTOR}` },
 *   label: 'Termination settings',
 * }),
 */
export function connectorReadEntryPoints(
  kind: string,
  entry: { lookingUp: string; help: { what: string; example: string }; label: string },
): { commands: SubcommandSpec[]; menu: MenuEntry[] } {
  const toJob = (read: ReadRequest) => ({ kind, ...readJobFields(read) });
  return {
    commands: [
      {
        words: [kind],
        args: ['connector'],
        options: ['share'],
        help: { usage: `${kind} <voice-connector-id>`, ...entry.help },
        run: readCommand(entry.lookingUp, toJob),
      },
    ],
    menu: [{ value: kind, label: entry.label, submit: readMenuSubmit(toJob) }],
  };
}
