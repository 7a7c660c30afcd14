import { z } from 'zod';
import { placedElements } from '../slack/block-elements';
import {
  BotUnreachableError,
  ElementNotFoundError,
  type InteractionSurface,
  SlackUserAgent,
  type SlashCommandOutcome,
  type ViewInputValues,
} from '../slack/slack-user-agent';
import type { SlackWorkspace } from '../slack/workspace';
import type { ConsoleNotes } from './console-notes';
import { escapeForSlack } from './console-view';
import { escapeSlashCommandText } from './slash-command-text';

const UserId = z.string().regex(/^[UW][A-Z0-9]{2,}$/, 'expected a Slack user ID');
const ChannelId = z.string().regex(/^[CGD][A-Z0-9]{2,}$/, 'expected a Slack channel ID');
const Ts = z.string().regex(/^\d+\.\d{6}$/, 'expected a message timestamp');

const ViewSurface = z.object({ kind: z.literal('view'), viewId: z.string().min(1).max(64) });
const MessageSurface = z.object({ kind: z.literal('message'), channelId: ChannelId, ts: Ts });
const EphemeralSurface = z.object({ kind: z.literal('ephemeral'), ts: Ts });
/** The acting person's Home tab: what the bot last published for them with `views.publish`. */
const HomeSurface = z.object({ kind: z.literal('home') });

const SurfaceSchema = z.discriminatedUnion('kind', [ViewSurface, MessageSurface, EphemeralSurface]);
/** Buttons may also be on the Home tab (the bot's Home tab has buttons only). */
const ClickSurfaceSchema = z.discriminatedUnion('kind', [ViewSurface, MessageSurface, EphemeralSurface, HomeSurface]);

const InputValueSchema = z.union([
  z.string().max(10_000),
  z.array(z.string().max(10_000)).max(100),
  z.null(),
  z.object({ value: z.string().max(2_000), text: z.string().max(2_000).optional() }),
]);

/** What the page types and picks in a modal, by input `block_id`. */
const ValuesSchema = z.record(z.string().max(255), InputValueSchema);

/** Something a person does to one element the bot sent: who, where, which element, and the modal's values. */
const ElementRequestSchema = z.object({
  userId: UserId,
  surface: SurfaceSchema,
  blockId: z.string().max(255).optional(),
  actionId: z.string().min(1).max(255),
  values: ValuesSchema.optional(),
});

/**
 * The console page's requests. The page is the only client, but the endpoints are reachable by
 * anything on this machine, so every field is checked.
 *
 * @example
 * { "userId": "U0APPROVER", "surface": { "kind": "message", "channelId": "C0APPROVALS", "ts": "1712345678.000100" },
 *   "blockId": "change_actions", "actionId": "change_approve", "confirmed": true }
 */
export const ConsoleRequestSchemas = {
  command: z.object({ userId: UserId, channelId: ChannelId, text: z.string().max(4_000) }),
  click: ElementRequestSchema.extend({ surface: ClickSurfaceSchema }),
  choose: ElementRequestSchema.extend({ choice: InputValueSchema }),
  suggest: ElementRequestSchema.extend({ query: z.string().max(500) }),
  submit: z.object({ userId: UserId, viewId: z.string().min(1), values: ValuesSchema }),
  close: z.object({ userId: UserId, all: z.boolean().optional() }),
  dismiss: z.object({ userId: UserId, ts: Ts }),
  home: z.object({ userId: UserId }),
} as const;

export type ConsoleRequest<K extends keyof typeof ConsoleRequestSchemas> = z.infer<(typeof ConsoleRequestSchemas)[K]>;

/** What the page is told: done, or a sentence saying what went wrong. */
export type ConsoleAnswer = { ok: true } | { ok: false; error: string };

export interface SuggestionAnswer {
  ok: true;
  options: { text: string; value: string }[];
  /** The query is shorter than the element's `min_query_length`: Slack has not asked the app yet. */
  tooShort?: boolean;
  problem?: string;
}

export interface ConsoleActionsOptions {
  workspace: SlackWorkspace;
  notes: ConsoleNotes;
  signingSecret: string;
  botEventsUrl: string;
  apiUrl: string;
  command: string;
  ackTimeoutMs?: number;
}

/**
 * What a person does in the console, done through {@link SlackUserAgent} as that person, so the
 * bot receives exactly what Slack would send, signed. Failures Slack would show become Slackbot
 * notices or the modal's error banner, as in Slack.
 */
export class ConsoleActions {
  private readonly agents = new Map<string, SlackUserAgent>();

  constructor(private readonly options: ConsoleActionsOptions) {}

  /** The simulated Slack client of one person. */
  userAgent(userId: string): SlackUserAgent {
    let agent = this.agents.get(userId);
    if (agent === undefined) {
      agent = new SlackUserAgent({
        workspace: this.options.workspace,
        userId,
        botEventsUrl: this.options.botEventsUrl,
        signingSecret: this.options.signingSecret,
        apiUrl: this.options.apiUrl,
        ...(this.options.ackTimeoutMs !== undefined ? { ackTimeoutMs: this.options.ackTimeoutMs } : {}),
      });
      this.agents.set(userId, agent);
    }
    return agent;
  }

  /** Whatever the person typed in the composer: a slash command, or a plain message. */
  async runCommand({ userId, channelId, text }: ConsoleRequest<'command'>): Promise<ConsoleAnswer> {
    const typed = text.trim();
    if (typed === '') return { ok: false, error: 'Type a slash command, for example /chime help' };
    const { workspace, notes } = this.options;
    const agent = this.userAgent(userId);
    const match = /^(\/\S+)(?:\s+([\s\S]*))?$/.exec(typed);
    if (match === null) {
      return this.guard(() => {
        this.assertMember(userId, channelId);
        workspace.postMessage({
          channelId,
          text: escapeForSlack(typed),
          blocks: [],
          asBot: false,
          userId,
          via: 'chat.postMessage',
        });
      });
    }
    const [, command = '', rest = ''] = match;
    if (command !== this.options.command) {
      notes.add({
        kind: 'notice',
        userId,
        channelId,
        ts: workspace.nextTs(),
        text: `${command} is not a valid command. In Slack, all messages that start with "/" are read as commands. This sandbox's app answers ${this.options.command}.`,
      });
      return { ok: true };
    }
    return this.guard(async () => {
      this.assertMember(userId, channelId);
      const note = notes.add({ kind: 'command', userId, channelId, ts: workspace.nextTs(), text: typed });
      let outcome: SlashCommandOutcome;
      try {
        outcome = await agent.runSlashCommand(command, escapeSlashCommandText(workspace, rest), { channelId });
      } catch (error) {
        if (isTimeout(error)) {
          // The app may have it and still be working: say what Slack would say, keep the line.
          this.notice(userId, channelId, `${command} failed with the error "operation_timeout"`);
          return;
        }
        // It never reached the app: take back the line saying it was used. The page keeps the text.
        notes.remove(note);
        throw appUnreachable(error);
      }
      if (outcome.userVisibleError !== undefined) {
        this.notice(userId, channelId, `${command} failed with the error "${outcome.userVisibleError}"`);
      } else if (outcome.replyError !== undefined) {
        const problems = outcome.replyError.problems.map((problem) => problem.message).join('; ');
        this.notice(
          userId,
          channelId,
          `Slack refused the app's reply to ${command}: ${outcome.replyError.error}${problems ? ` (${problems})` : ''}`,
        );
      }
    });
  }

  async click(request: ConsoleRequest<'click'>): Promise<ConsoleAnswer> {
    return this.guard(async () => {
      const agent = this.userAgent(request.userId);
      const { surface } = request;
      const blockId = request.blockId !== undefined ? { blockId: request.blockId } : {};
      if (surface.kind === 'home') {
        const outcome = await agent.clickHomeButton(request.actionId, blockId);
        // The Home tab has no channel for a notice: the page shows the sentence instead.
        if (outcome.sent && outcome.userVisibleError !== undefined) {
          throw new Error(`The app did not answer that click (${outcome.userVisibleError}).`);
        }
        return;
      }
      this.fillFirst(agent, surface, request.values);
      const outcome = await agent.clickButton(request.actionId, { surface, ...blockId });
      if (outcome.sent) this.reportAnswer(request.userId, surface, outcome.userVisibleError);
    });
  }

  /**
   * The person opens the bot's Home tab: Slack sends `app_home_opened` every time, and the bot
   * answers by publishing the view (`views.publish`), which the page then draws.
   */
  async openHome(request: ConsoleRequest<'home'>): Promise<ConsoleAnswer> {
    return this.guard(async () => {
      const answer = await this.userAgent(request.userId)
        .openHome()
        .catch((error: unknown) => {
          throw appUnreachable(error);
        });
      if (answer.userVisibleError !== undefined) {
        throw new Error(`The app did not answer app_home_opened (${answer.userVisibleError}).`);
      }
    });
  }

  async choose(request: ConsoleRequest<'choose'>): Promise<ConsoleAnswer> {
    return this.guard(async () => {
      const agent = this.userAgent(request.userId);
      this.fillFirst(agent, request.surface, request.values);
      const outcome = await agent.chooseOption(request.actionId, request.choice, {
        surface: request.surface,
        ...(request.blockId !== undefined ? { blockId: request.blockId } : {}),
      });
      if (outcome.sent) this.reportAnswer(request.userId, request.surface, outcome.userVisibleError);
    });
  }

  async suggest(request: ConsoleRequest<'suggest'>): Promise<SuggestionAnswer | ConsoleAnswer> {
    try {
      const agent = this.userAgent(request.userId);
      // The app reads the rest of the modal (the region picked, say) from view.state, as in Slack.
      this.fillFirst(agent, request.surface, request.values);
      const outcome = await agent.suggestOptions(request.actionId, request.query, {
        surface: request.surface,
        ...(request.blockId !== undefined ? { blockId: request.blockId } : {}),
      });
      if (!outcome.sent) return { ok: true, options: [], tooShort: true };
      return {
        ok: true,
        options: outcome.options.map((option) => ({ text: option.text.text, value: option.value ?? '' })),
        ...(outcome.responseError !== undefined ? { problem: outcome.responseError } : {}),
        ...(outcome.userVisibleError !== undefined ? { problem: outcome.userVisibleError } : {}),
      };
    } catch (error) {
      return { ok: false, error: describe(error) };
    }
  }

  async submit(request: ConsoleRequest<'submit'>): Promise<ConsoleAnswer> {
    return this.guard(async () => {
      const agent = this.userAgent(request.userId);
      this.options.notes.setViewProblem(request.userId, request.viewId, undefined);
      const outcome = await agent.submitView(request.values as ViewInputValues, { viewId: request.viewId });
      if (!outcome.sent) return;
      const top = this.options.workspace.topView(request.userId);
      if (outcome.userVisibleError !== undefined && top !== undefined) {
        this.options.notes.setViewProblem(
          request.userId,
          top.id,
          `We had some trouble connecting to the app (${outcome.userVisibleError}). Try again?`,
        );
      } else if (outcome.responseActionError !== undefined && top !== undefined) {
        this.options.notes.setViewProblem(
          request.userId,
          top.id,
          `Slack refused the app's answer: ${outcome.responseActionError}`,
        );
      }
    });
  }

  async close(request: ConsoleRequest<'close'>): Promise<ConsoleAnswer> {
    return this.guard(async () => {
      await this.userAgent(request.userId).closeView({ all: request.all === true });
    });
  }

  dismiss(request: ConsoleRequest<'dismiss'>): ConsoleAnswer {
    const ephemeral = this.options.workspace.ephemeral(request.ts);
    if (ephemeral === undefined || ephemeral.userId !== request.userId) {
      return { ok: false, error: 'That message is not there any more' };
    }
    this.options.workspace.deleteEphemeral(request.ts);
    return { ok: true };
  }

  /** Values typed in a modal travel with the next action on it, as they do in Slack's `view.state`. */
  private fillFirst(agent: SlackUserAgent, surface: InteractionSurface, values: ViewInputValues | undefined): void {
    if (surface.kind !== 'view' || values === undefined) return;
    const view =
      surface.viewId === undefined
        ? this.options.workspace.topView(agent.userId)
        : this.options.workspace.findOpenView({ viewId: surface.viewId });
    if (view === undefined) throw new ElementNotFoundError('That modal is not open any more');
    const inputs = new Set(placedElements(view.blocks).map((placed) => placed.blockId));
    // Values for inputs the app has since removed (a views.update in between) are dropped, as Slack drops them.
    const current = Object.fromEntries(Object.entries(values).filter(([blockId]) => inputs.has(blockId)));
    agent.fillView(current, { viewId: view.id });
  }

  private reportAnswer(userId: string, surface: InteractionSurface, error: string | undefined): void {
    if (error === undefined) return;
    if (surface.kind === 'view') {
      const top = this.options.workspace.topView(userId);
      if (top !== undefined) {
        this.options.notes.setViewProblem(userId, top.id, `The app did not answer in time (${error}).`);
      }
      return;
    }
    const channelId =
      surface.kind === 'message' ? surface.channelId : this.options.workspace.ephemeral(surface.ts)?.channelId;
    if (channelId !== undefined) this.notice(userId, channelId, `The app did not answer that click (${error}).`);
  }

  private notice(userId: string, channelId: string, text: string): void {
    this.options.notes.add({ kind: 'notice', userId, channelId, ts: this.options.workspace.nextTs(), text });
  }

  private assertMember(userId: string, channelId: string): void {
    const channel = this.options.workspace.channel(channelId);
    if (channel === undefined) throw new Error(`There is no channel ${channelId}`);
    if (!channel.memberIds.includes(userId)) {
      const name = this.options.workspace.user(userId)?.name ?? userId;
      throw new Error(`${name} is not a member of #${channel.name}`);
    }
  }

  private async guard(action: () => Promise<void> | void): Promise<ConsoleAnswer> {
    try {
      await action();
      return { ok: true };
    } catch (error) {
      return { ok: false, error: describe(error) };
    }
  }
}

/** A request that never reached the app, said as the page says it. */
function appUnreachable(error: unknown): unknown {
  return error instanceof BotUnreachableError
    ? new Error(`the app is not reachable, ${error.message}. Is the bot running?`)
    : error;
}

function isTimeout(error: unknown): boolean {
  return error instanceof Error && (error.name === 'TimeoutError' || error.name === 'AbortError');
}

function describe(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
