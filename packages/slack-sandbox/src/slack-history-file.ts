import { readFile, rename, writeFile } from 'node:fs/promises';
import type { AnyBlock } from '@slack/types';
import { z } from 'zod';
import type { SandboxLogger } from './sandbox-logger';
import { SandboxStartError } from './sandbox-start-error';
import type { ChannelMessage, SlackWorkspace } from './slack/workspace';

/**
 * The sandbox's channel history on disk. Pending change requests survive a restart in DynamoDB;
 * their approval messages must survive too, or nobody could click Approve. Ephemeral messages
 * and open modals are gone after a restart, as they are in Slack after a reload.
 *
 * @example
 * { "directMessages": [{ "channelId": "DREQUESTER", "userId": "U0REQUESTER" }], "messages": [ ... ] }
 */
const HistoryFileSchema = z.object({
  directMessages: z.array(z.object({ channelId: z.string(), userId: z.string() })),
  messages: z.array(
    z.object({
      channelId: z.string(),
      ts: z.string().regex(/^\d+\.\d{6}$/),
      userId: z.string(),
      botId: z.string().optional(),
      appId: z.string().optional(),
      text: z.string(),
      // The blocks passed the stand-in's Block Kit checks when the bot sent them.
      blocks: z.array(z.looseObject({ type: z.string() })),
      threadTs: z.string().optional(),
      edited: z.object({ userId: z.string(), ts: z.string() }).optional(),
      via: z.enum(['chat.postMessage', 'response_url', 'slash_command_response']),
    }),
  ),
});

/** Loads the history into the workspace (if the file exists) and keeps the file up to date. */
export async function keepSlackHistory(
  workspace: SlackWorkspace,
  path: string,
  logger: SandboxLogger,
): Promise<{ flush(): Promise<void>; stop(): Promise<void> }> {
  await restore(workspace, path);

  let writing: Promise<void> = Promise.resolve();
  let dirty = false;
  const save = () => {
    if (dirty) return;
    dirty = true;
    // Coalesce a burst of changes into one write, after the previous write has finished.
    writing = writing.then(async () => {
      dirty = false;
      await write(workspace, path).catch((error: unknown) => {
        logger.warn({ err: error }, 'could not save the sandbox Slack history');
      });
    });
  };
  const stopWatching = workspace.onChange((change) => {
    if (change.type === 'message_posted' || change.type === 'message_updated' || change.type === 'message_deleted') {
      save();
    }
  });
  return {
    flush: () => writing,
    async stop() {
      stopWatching();
      await writing;
    },
  };
}

async function restore(workspace: SlackWorkspace, path: string): Promise<void> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return;
    throw error;
  }
  let parsed: z.infer<typeof HistoryFileSchema>;
  try {
    parsed = HistoryFileSchema.parse(JSON.parse(text));
  } catch (error) {
    throw new SandboxStartError(`${path} is not a Slack history this sandbox wrote. Move it away to start afresh.`, {
      cause: error,
    });
  }
  for (const { userId } of parsed.directMessages) workspace.resolveConversation(userId);
  // Safe: the blocks were the bot's, accepted by the stand-in's Block Kit checks before they were saved.
  workspace.restoreMessages(parsed.messages as (Omit<ChannelMessage, 'blocks'> & { blocks: AnyBlock[] })[]);
}

async function write(workspace: SlackWorkspace, path: string): Promise<void> {
  const channels = workspace.listChannels();
  const content: z.input<typeof HistoryFileSchema> = {
    directMessages: channels.flatMap((channel) =>
      channel.directMessageUserId !== undefined ? [{ channelId: channel.id, userId: channel.directMessageUserId }] : [],
    ),
    messages: channels.flatMap((channel) => [...workspace.allMessagesIn(channel.id)]) as z.input<
      typeof HistoryFileSchema
    >['messages'],
  };
  const temporary = `${path}.tmp`;
  await writeFile(temporary, JSON.stringify(content), { mode: 0o600 });
  await rename(temporary, path);
}
