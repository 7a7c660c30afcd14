import type { Option, OptionGroup } from '@slack/types';
import {
  CHOICE_LIST_TYPES,
  isJsonObject,
  type JsonObject,
  type OptionObject,
  optionsOf,
  type PlacedElement,
  placedElements,
  SELECT_MENU_TYPES,
  TEXT_INPUT_TYPES,
  textOf,
} from './block-elements';
import { type BlockKitProblem, checkModalView } from './block-kit-validation';
import { type Clock, systemClock } from './clock';
import {
  type ModalViewRecord,
  PICKED_VALUE_FIELDS,
  toViewPayload,
  type ViewStateValue,
  viewStateValues,
} from './modal-view';
import { applyInteractionResponse, InteractionResponseSchema, responseUrlAddress } from './response-url';
import { toMessagePayload } from './slack-payloads';
import { slackSignature } from './slack-request-signing';
import type { ChannelMessage, EphemeralMessage, MessageRef, SlackWorkspace } from './workspace';

/** How long Slack waits for an app to acknowledge a slash command or an interaction. */
export const ACK_TIMEOUT_MS = 3_000;

export interface SlackUserAgentOptions {
  workspace: SlackWorkspace;
  /** The person this agent acts as. */
  userId: string;
  /** The bot's Request URL for slash commands and interactivity; a function when it is known only later. */
  botEventsUrl: string | (() => string | undefined);
  signingSecret: string;
  /** The stand-in's Web API base URL (trailing slash): the response_urls it hands out live under it. */
  apiUrl: string;
  /** The legacy verification token Slack still puts in every payload. */
  verificationToken?: string;
  /** How long to wait for an acknowledgement before doing what Slack does: show the person an error. */
  ackTimeoutMs?: number;
  /** Time for `X-Slack-Request-Timestamp`. Bolt compares it with the real clock, hence the default. */
  signingClock?: Clock;
}

/** The bot's HTTP answer, raw, with what Slack would make of it. */
export interface BotHttpAnswer {
  status: number;
  body: string;
  contentType: string | undefined;
  /** The body parsed as JSON, when it is JSON. */
  json: unknown;
  /** The answer came after Slack had given up waiting. */
  timedOut: boolean;
  /** The error Slack would show the person, if the acknowledgement failed. */
  userVisibleError?: 'operation_timeout' | 'dispatch_failed';
}

export interface SignedRequestOverrides {
  /** Seconds since the epoch; a stale one makes Bolt answer 401. */
  timestamp?: number | string;
  /** Replaces the computed `v0=…` signature. */
  signature?: string;
  headers?: Record<string, string>;
}

export interface SlashCommandOutcome extends BotHttpAnswer {
  triggerId: string;
  responseUrl: string;
  /** The message the acknowledgement's body became: an ephemeral reply, or an in-channel message. */
  reply?: EphemeralMessage | ChannelMessage;
  /** Why Slack refused the acknowledgement's body (`invalid_blocks`, …). */
  replyError?: { error: string; problems: BlockKitProblem[] };
}

/** Where a person acts: a modal, a channel message or an ephemeral message. */
export type InteractionSurface =
  | { kind: 'view'; viewId?: string }
  | { kind: 'message'; channelId: string; ts: string }
  | { kind: 'ephemeral'; ts: string };

export interface ElementLocator {
  /** Where to look; by default the modal on top, then every message the person can see, newest first. */
  surface?: InteractionSurface;
  /** When one action_id appears in several blocks. */
  blockId?: string;
}

export type BlockActionOutcome =
  | { sent: false; reason: 'confirmation_declined' | 'not_dispatched' }
  | ({ sent: true; triggerId: string; responseUrl?: string } & BotHttpAnswer);

/** A value a person gives an input: text, an option's value or label, several of those, or an external option. */
export type ViewInputValue = string | readonly string[] | null | { value: string; text?: string };

/** Values by the input's `block_id` or by its label text, as a person reads it. */
export type ViewInputValues = Record<string, ViewInputValue>;

export interface SubmitViewOptions {
  viewId?: string;
  /** Send even what the Slack client would not let through (an empty required field, text too long). */
  skipClientChecks?: boolean;
}

export type ViewSubmissionOutcome =
  | { sent: false; errors: Record<string, string>; view: ModalViewRecord }
  | ({
      sent: true;
      triggerId: string;
      /** What the acknowledgement asked for; `close` for an empty one. */
      responseAction?: 'errors' | 'update' | 'push' | 'clear' | 'close';
      /** Errors shown inline, by block_id. */
      errors: Record<string, string>;
      /** Why Slack refused the acknowledgement (an errors key that is no input block, an invalid view). */
      responseActionError?: string;
      /** The modal the person sees afterwards, if any. */
      view?: ModalViewRecord;
    } & BotHttpAnswer);

export type ViewClosedOutcome = { sent: false } | ({ sent: true } & BotHttpAnswer);

export type BlockSuggestionOutcome =
  | { sent: false; reason: 'query_too_short'; options: [] }
  | ({ sent: true; options: Option[]; optionGroups?: OptionGroup[]; responseError?: string } & BotHttpAnswer);

export class ElementNotFoundError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ElementNotFoundError';
  }
}

/**
 * Nothing answered at the bot's Request URL (refused, reset, unknown host): the request never
 * reached the app. Slack would show `dispatch_failed`; the console says it was not sent.
 */
export class BotUnreachableError extends Error {
  readonly code: string;

  constructor(
    readonly url: string,
    cause: unknown,
  ) {
    const code = networkErrorCode(cause);
    super(`nothing answers at ${url} (${code})`, { cause });
    this.name = 'BotUnreachableError';
    this.code = code;
  }
}

/** `ECONNREFUSED` and the like, from undici's `fetch failed` (whose `cause` carries the code). */
function networkErrorCode(error: unknown): string {
  const cause = error instanceof Error ? error.cause : undefined;
  if (cause instanceof Error && 'code' in cause && typeof cause.code === 'string') return cause.code;
  return error instanceof Error ? error.message : String(error);
}

type ResolvedSurface =
  | { kind: 'view'; view: ModalViewRecord }
  | { kind: 'message'; message: ChannelMessage }
  | { kind: 'ephemeral'; ephemeral: EphemeralMessage };

interface FoundElement {
  surface: ResolvedSurface;
  placed: PlacedElement;
}

const TEXT_INPUTS: ReadonlySet<string> = new Set(TEXT_INPUT_TYPES);

function isStringList(value: ViewInputValue): value is readonly string[] {
  return Array.isArray(value);
}

function parseJson(text: string): unknown {
  if (text.trim() === '') return undefined;
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

/** The Home tab's view as Slack sends it back to the app (one stable id per person). */
function homeViewPayload(userId: string, blocks: unknown[]) {
  return {
    id: `VHOME${userId}`,
    type: 'home' as const,
    blocks,
    private_metadata: '',
    callback_id: '',
    state: { values: {} },
    hash: '',
  };
}

function surfaceBlocks(surface: ResolvedSurface) {
  if (surface.kind === 'view') return surface.view.blocks;
  return surface.kind === 'message' ? surface.message.blocks : surface.ephemeral.blocks;
}

function describeSurface(surface: ResolvedSurface): string {
  if (surface.kind === 'view') return `view ${surface.view.id}`;
  if (surface.kind === 'message') return `message ${surface.message.ts} in ${surface.message.channelId}`;
  return `ephemeral message ${surface.ephemeral.ts}`;
}

/**
 * A person in the stand-in's workspace, using Slack's client: it sends the bot exactly what Slack
 * would (signed slash commands and interaction payloads) and applies the bot's answers to the
 * workspace as Slack would. It only acts on what the bot actually sent.
 *
 * @example
 * const alice = standIn.userAgent('U0REQUESTER');
 * const command = await alice.runSlashCommand('/voice', 'termination vc-123');
 * await alice.clickButton('connector_select_submit');
 * const submission = await alice.submitView({ Justification: 'carrier migration' });
 * expect(submission.errors).toEqual({});
 */
export class SlackUserAgent {
  readonly userId: string;
  private readonly workspace: SlackWorkspace;
  private readonly options: SlackUserAgentOptions;
  private readonly ackTimeoutMs: number;
  private readonly signingClock: Clock;

  constructor(options: SlackUserAgentOptions) {
    if (options.workspace.user(options.userId) === undefined) {
      throw new Error(`No user ${options.userId} in the workspace`);
    }
    this.options = options;
    this.workspace = options.workspace;
    this.userId = options.userId;
    this.ackTimeoutMs = options.ackTimeoutMs ?? ACK_TIMEOUT_MS;
    this.signingClock = options.signingClock ?? systemClock;
  }

  // ---- transport ----------------------------------------------------------------------------

  private eventsUrl(): string {
    const url =
      typeof this.options.botEventsUrl === 'function' ? this.options.botEventsUrl() : this.options.botEventsUrl;
    if (url === undefined || url === '') throw new Error('The bot events URL is not known yet');
    return url;
  }

  /**
   * Posts `body` to the bot signed as Slack signs it, or with the timestamp or signature given, for
   * tests of forged and stale requests.
   */
  async sendSigned(body: string, contentType: string, overrides: SignedRequestOverrides = {}): Promise<BotHttpAnswer> {
    const timestamp = overrides.timestamp ?? Math.floor(this.signingClock.now() / 1000);
    const signature = overrides.signature ?? slackSignature(this.options.signingSecret, timestamp, body);
    const started = performance.now();
    const url = this.eventsUrl();
    const response = await fetch(url, {
      method: 'POST',
      headers: {
        'content-type': contentType,
        'x-slack-request-timestamp': String(timestamp),
        'x-slack-signature': signature,
        'user-agent': 'Slackbot 1.0 (+https://api.slack.com/robots)',
        ...overrides.headers,
      },
      body,
      // Bolt answers an unacknowledged request itself after about three seconds; this only guards a hung bot.
      signal: AbortSignal.timeout(Math.max(30_000, this.ackTimeoutMs * 2)),
    }).catch((error: unknown) => {
      // A hung bot (the timeout above) may have the request; a refused connection never had it.
      if (error instanceof Error && (error.name === 'TimeoutError' || error.name === 'AbortError')) throw error;
      throw new BotUnreachableError(url, error);
    });
    const text = await response.text();
    const timedOut = performance.now() - started > this.ackTimeoutMs;
    const userVisibleError = timedOut ? 'operation_timeout' : response.status !== 200 ? 'dispatch_failed' : undefined;
    return {
      status: response.status,
      body: text,
      contentType: response.headers.get('content-type') ?? undefined,
      json: parseJson(text),
      timedOut,
      ...(userVisibleError !== undefined ? { userVisibleError } : {}),
    };
  }

  private sendForm(fields: Record<string, string>): Promise<BotHttpAnswer> {
    return this.sendSigned(new URLSearchParams(fields).toString(), 'application/x-www-form-urlencoded');
  }

  private sendInteraction(payload: JsonObject): Promise<BotHttpAnswer> {
    return this.sendForm({ payload: JSON.stringify(payload) });
  }

  private responseUrlFor(id: string): string {
    return responseUrlAddress(this.options.apiUrl, id);
  }

  private acknowledged(answer: BotHttpAnswer): boolean {
    return answer.userVisibleError === undefined;
  }

  // ---- who and where ------------------------------------------------------------------------

  private get me() {
    const user = this.workspace.user(this.userId);
    if (user === undefined) throw new Error(`No user ${this.userId} in the workspace`);
    return user;
  }

  private interactionBase(type: string): JsonObject {
    const { team, bot } = this.workspace;
    return {
      type,
      user: { id: this.me.id, username: this.me.name, name: this.me.name, team_id: team.id },
      api_app_id: bot.appId,
      token: this.options.verificationToken ?? 'sandbox-verification-token',
      team: { id: team.id, domain: team.domain },
      enterprise: null,
      is_enterprise_install: false,
    };
  }

  private channelIMayUse(channelId: string) {
    const channel = this.workspace.channel(channelId);
    if (channel === undefined) throw new Error(`No channel ${channelId} in the workspace`);
    if (!channel.memberIds.includes(this.userId)) {
      throw new Error(`${this.me.name} (${this.userId}) is not a member of #${channel.name}`);
    }
    return channel;
  }

  private openViewOf(viewId: string | undefined): ModalViewRecord {
    const stack = this.workspace.viewStack(this.userId);
    const view = viewId === undefined ? stack.at(-1) : stack.find((candidate) => candidate.id === viewId);
    if (view === undefined) {
      throw new ElementNotFoundError(
        viewId === undefined ? `${this.me.name} has no modal open` : `${this.me.name} has no open view ${viewId}`,
      );
    }
    return view;
  }

  /** Every surface the person can see now: the top modal, then messages, newest first. */
  private visibleSurfaces(): ResolvedSurface[] {
    const surfaces: ResolvedSurface[] = [];
    const top = this.workspace.topView(this.userId);
    if (top !== undefined) surfaces.push({ kind: 'view', view: top });
    const messages: ResolvedSurface[] = [
      ...this.workspace.ephemeralsFor(this.userId).map((ephemeral) => ({ kind: 'ephemeral' as const, ephemeral })),
      ...this.workspace
        .listChannels()
        .filter((channel) => channel.memberIds.includes(this.userId))
        .flatMap((channel) => this.workspace.allMessagesIn(channel.id))
        .map((message) => ({ kind: 'message' as const, message })),
    ];
    const tsOf = (surface: ResolvedSurface) =>
      surface.kind === 'message' ? surface.message.ts : surface.kind === 'ephemeral' ? surface.ephemeral.ts : '';
    // Timestamps have a fixed width, so comparing them as strings orders them without float rounding.
    messages.sort((a, b) => (tsOf(a) < tsOf(b) ? 1 : tsOf(a) > tsOf(b) ? -1 : 0));
    return [...surfaces, ...messages];
  }

  private resolveSurface(surface: InteractionSurface): ResolvedSurface {
    if (surface.kind === 'view') return { kind: 'view', view: this.openViewOf(surface.viewId) };
    if (surface.kind === 'message') {
      this.channelIMayUse(surface.channelId);
      const message = this.workspace.message(surface.channelId, surface.ts);
      if (message === undefined) throw new ElementNotFoundError(`No message ${surface.ts} in ${surface.channelId}`);
      return { kind: 'message', message };
    }
    const ephemeral = this.workspace.ephemeral(surface.ts);
    if (ephemeral === undefined || ephemeral.userId !== this.userId) {
      throw new ElementNotFoundError(`${this.me.name} sees no ephemeral message ${surface.ts}`);
    }
    return { kind: 'ephemeral', ephemeral };
  }

  /** Finds an element the bot sent and this person can see; refuses anything else. */
  private findElement(actionId: string, locator: ElementLocator, acceptedTypes: readonly string[]): FoundElement {
    const surfaces = locator.surface !== undefined ? [this.resolveSurface(locator.surface)] : this.visibleSurfaces();
    for (const surface of surfaces) {
      const placed = placedElements(surfaceBlocks(surface)).find(
        (candidate) =>
          candidate.actionId === actionId && (locator.blockId === undefined || candidate.blockId === locator.blockId),
      );
      if (placed === undefined) continue;
      if (!acceptedTypes.includes(placed.elementType)) {
        throw new ElementNotFoundError(
          `action_id '${actionId}' in ${describeSurface(surface)} is a ${placed.elementType}, not a ${acceptedTypes.join(' or ')}`,
        );
      }
      return { surface, placed };
    }
    const where = surfaces.map(describeSurface).join(', ') || 'nothing';
    throw new ElementNotFoundError(
      `${this.me.name} (${this.userId}) sees no element with action_id '${actionId}'` +
        `${locator.blockId !== undefined ? ` in block '${locator.blockId}'` : ''} (looked in ${where})`,
    );
  }

  // ---- slash commands -----------------------------------------------------------------------

  /**
   * Types `/command text` in a channel. The acknowledgement's body becomes a reply the way Slack
   * shows it: plain text or `{ text, blocks }` as an ephemeral message, `response_type: 'in_channel'`
   * as a channel message.
   */
  async runSlashCommand(
    command: string,
    text = '',
    options: { channelId?: string } = {},
  ): Promise<SlashCommandOutcome> {
    const channel = this.channelIMayUse(options.channelId ?? this.defaultChannelId());
    const triggerId = this.workspace.issueTrigger(this.userId);
    const origin = this.workspace.issueResponseUrl({
      userId: this.userId,
      channelId: channel.id,
      origin: 'slash_command',
    });
    const responseUrl = this.responseUrlFor(origin.id);
    const { team, bot } = this.workspace;
    const answer = await this.sendForm({
      token: this.options.verificationToken ?? 'sandbox-verification-token',
      team_id: team.id,
      team_domain: team.domain,
      channel_id: channel.id,
      channel_name: channel.directMessageUserId !== undefined ? 'directmessage' : channel.name,
      user_id: this.userId,
      user_name: this.me.name,
      command,
      text,
      api_app_id: bot.appId,
      is_enterprise_install: 'false',
      response_url: responseUrl,
      trigger_id: triggerId,
    });
    const outcome: SlashCommandOutcome = { ...answer, triggerId, responseUrl };
    if (!this.acknowledged(answer) || answer.body.trim() === '') return outcome;

    const body = isJsonObject(answer.json) ? answer.json : { text: answer.body };
    const parsed = InteractionResponseSchema.safeParse(body);
    if (!parsed.success) {
      outcome.replyError = { error: 'invalid_payload', problems: [] };
      return outcome;
    }
    const applied = applyInteractionResponse(this.workspace, origin, parsed.data, 'slash_command_response');
    if (!applied.ok) {
      outcome.replyError = { error: applied.error, problems: applied.problems };
      return outcome;
    }
    const reply = this.messageAt(applied.delivered);
    if (reply !== undefined) outcome.reply = reply;
    return outcome;
  }

  private defaultChannelId(): string {
    const first = this.workspace.listChannels().find((channel) => channel.memberIds.includes(this.userId));
    if (first === undefined) throw new Error(`${this.me.name} is in no channel`);
    return first.id;
  }

  private messageAt(ref: MessageRef | undefined): EphemeralMessage | ChannelMessage | undefined {
    if (ref === undefined) return undefined;
    return ref.kind === 'ephemeral' ? this.workspace.ephemeral(ref.ts) : this.workspace.message(ref.channelId, ref.ts);
  }

  // ---- block actions ------------------------------------------------------------------------

  /**
   * Clicks a button the bot sent. A button with a `confirm` dialog is confirmed unless
   * `confirm: false`, in which case nothing is sent, as when a person clicks "Cancel".
   */
  async clickButton(
    actionId: string,
    options: ElementLocator & { confirm?: boolean } = {},
  ): Promise<BlockActionOutcome> {
    const found = this.findElement(actionId, options, ['button']);
    if (found.placed.element.confirm !== undefined && options.confirm === false) {
      return { sent: false, reason: 'confirmation_declined' };
    }
    return this.sendBlockAction(found, this.buttonAction(found.placed));
  }

  /** A button click as the `actions` entry of `block_actions`. */
  private buttonAction(placed: PlacedElement): JsonObject {
    const { element } = placed;
    return {
      type: 'button',
      action_id: placed.actionId,
      block_id: placed.blockId,
      text: element.text,
      ...(element.value !== undefined ? { value: element.value } : {}),
      ...(element.style !== undefined ? { style: element.style } : {}),
      ...(element.url !== undefined ? { url: element.url } : {}),
      action_ts: this.actionTs(),
    };
  }

  /**
   * Opens the bot's Home tab as Slack does: a signed Events API `event_callback` carrying
   * `app_home_opened` (tab `home`, the person's direct-message channel with the bot), posted as
   * JSON to the bot's Request URL. The bot answers by publishing the view (`views.publish`).
   */
  async openHome(): Promise<BotHttpAnswer> {
    const { bot, team } = this.workspace;
    const channel = this.workspace.resolveConversation(this.userId);
    const eventTs = this.actionTs();
    const home = this.workspace.homeView(this.userId);
    const body = {
      token: this.options.verificationToken ?? 'sandbox-verification-token',
      team_id: team.id,
      api_app_id: bot.appId,
      event: {
        type: 'app_home_opened',
        user: this.userId,
        ...(channel !== undefined ? { channel: channel.id } : {}),
        tab: 'home',
        event_ts: eventTs,
        ...(home !== undefined ? { view: { ...homeViewPayload(this.userId, home.blocks), team_id: team.id } } : {}),
      },
      type: 'event_callback',
      event_id: `Ev${eventTs.replace('.', '')}${this.userId.slice(-4)}`,
      event_time: Math.floor(this.workspace.clock.now() / 1000),
      authorizations: [{ team_id: team.id, user_id: bot.userId, is_bot: true, is_enterprise_install: false }],
      is_ext_shared_channel: false,
    };
    return this.sendSigned(JSON.stringify(body), 'application/json');
  }

  /**
   * Clicks a button on the person's Home tab (what the bot last published with `views.publish`):
   * `block_actions` with container type `view` and `view.type` `home`.
   */
  async clickHomeButton(actionId: string, options: { blockId?: string } = {}): Promise<BlockActionOutcome> {
    const home = this.workspace.homeView(this.userId);
    const placed = placedElements((home?.blocks ?? []) as never[]).find(
      (candidate) =>
        candidate.actionId === actionId &&
        candidate.elementType === 'button' &&
        (options.blockId === undefined || candidate.blockId === options.blockId),
    );
    if (home === undefined || placed === undefined) {
      throw new ElementNotFoundError(`${this.me.name} (${this.userId}) sees no button '${actionId}' on the Home tab`);
    }
    const triggerId = this.workspace.issueTrigger(this.userId);
    const view = homeViewPayload(this.userId, home.blocks);
    const payload = {
      ...this.interactionBase('block_actions'),
      trigger_id: triggerId,
      container: { type: 'view', view_id: view.id },
      view: {
        ...view,
        team_id: this.workspace.team.id,
        app_id: this.workspace.bot.appId,
        bot_id: this.workspace.bot.botId,
      },
      actions: [this.buttonAction(placed)],
    };
    return { sent: true, triggerId, ...(await this.sendInteraction(payload as unknown as JsonObject)) };
  }

  /**
   * Picks from a select menu, radio buttons, checkboxes or an overflow menu the bot sent. Slack
   * only tells the bot at once when the element is outside an input block or the input block has
   * `dispatch_action`; otherwise the choice just stays in the modal until it is submitted.
   */
  async chooseOption(
    actionId: string,
    choice: ViewInputValue,
    options: ElementLocator = {},
  ): Promise<BlockActionOutcome> {
    const found = this.findElement(actionId, options, [
      ...SELECT_MENU_TYPES,
      ...CHOICE_LIST_TYPES,
      'overflow',
      'datepicker',
      'timepicker',
    ]);
    const { placed, surface } = found;
    if (placed.elementType === 'overflow') {
      const selected = this.optionFor(placed, choice);
      return this.sendBlockAction(found, {
        type: 'overflow',
        action_id: placed.actionId,
        block_id: placed.blockId,
        selected_option: selected,
        action_ts: this.actionTs(),
      });
    }
    const state = this.stateValueFor(placed, choice);
    if (surface.kind === 'view') this.workspace.enterValue(surface.view.id, placed.blockId, placed.actionId, state);
    if (placed.blockType === 'input' && !this.dispatchesActions(surfaceBlocks(surface)[placed.blockIndex])) {
      return { sent: false, reason: 'not_dispatched' };
    }
    const { type: _type, ...selection } = state;
    return this.sendBlockAction(found, {
      type: placed.elementType,
      action_id: placed.actionId,
      block_id: placed.blockId,
      ...selection,
      ...(placed.element.placeholder !== undefined ? { placeholder: placed.element.placeholder } : {}),
      action_ts: this.actionTs(),
    });
  }

  private dispatchesActions(block: unknown): boolean {
    return isJsonObject(block) && block.dispatch_action === true;
  }

  private actionTs(): string {
    const now = this.workspace.clock.now();
    return `${Math.floor(now / 1000)}.${String((now % 1000) * 1000).padStart(6, '0')}`;
  }

  private async sendBlockAction(found: FoundElement, action: JsonObject): Promise<BlockActionOutcome> {
    const triggerId = this.workspace.issueTrigger(this.userId);
    const base = { ...this.interactionBase('block_actions'), trigger_id: triggerId };
    const { surface } = found;
    if (surface.kind === 'view') {
      const payload = {
        ...base,
        container: { type: 'view', view_id: surface.view.id },
        view: toViewPayload(surface.view, this.workspace.bot),
        actions: [action],
      };
      return { sent: true, triggerId, ...(await this.sendInteraction(payload)) };
    }
    const message = surface.kind === 'message' ? surface.message : surface.ephemeral;
    const channel = this.channelIMayUse(message.channelId);
    const original: MessageRef =
      surface.kind === 'message'
        ? { kind: 'channel', channelId: message.channelId, ts: message.ts }
        : { kind: 'ephemeral', ts: message.ts };
    const origin = this.workspace.issueResponseUrl({
      userId: this.userId,
      channelId: channel.id,
      origin: 'message_action',
      original,
    });
    const responseUrl = this.responseUrlFor(origin.id);
    const payload = {
      ...base,
      container: {
        type: 'message',
        message_ts: message.ts,
        channel_id: channel.id,
        is_ephemeral: surface.kind === 'ephemeral',
      },
      channel: { id: channel.id, name: channel.name },
      // Slack leaves the message out of payloads from ephemeral messages.
      ...(surface.kind === 'message' ? { message: toMessagePayload(surface.message, this.workspace.team) } : {}),
      state: { values: viewStateValues({ blocks: message.blocks, enteredValues: {} }) },
      response_url: responseUrl,
      actions: [action],
    };
    return { sent: true, triggerId, responseUrl, ...(await this.sendInteraction(payload)) };
  }

  // ---- modal inputs -------------------------------------------------------------------------

  private optionFor(placed: PlacedElement, choice: ViewInputValue): OptionObject {
    if (choice === null || isStringList(choice)) {
      throw new Error(`'${placed.actionId}' takes one option, not ${JSON.stringify(choice)}`);
    }
    if (typeof choice !== 'string') {
      return { text: { type: 'plain_text', text: choice.text ?? choice.value, emoji: true }, value: choice.value };
    }
    if (placed.elementType.includes('external')) {
      // External options come from the bot while the person types; a test names one by its value.
      return { text: { type: 'plain_text', text: choice, emoji: true }, value: choice };
    }
    const options = optionsOf(placed.element);
    const option =
      options.find((candidate) => candidate.value === choice) ??
      options.find((candidate) => candidate.text.text === choice);
    if (option === undefined) {
      const offered = options.map((candidate) => candidate.value).join(', ');
      throw new ElementNotFoundError(`'${placed.actionId}' offers no option '${choice}' (offers ${offered})`);
    }
    return option;
  }

  private stateValueFor(placed: PlacedElement, input: ViewInputValue): ViewStateValue {
    const type = placed.elementType;
    const many = (): string[] => {
      if (input === null) return [];
      if (typeof input === 'string') return [input];
      if (isStringList(input)) return [...input];
      throw new Error(`'${placed.actionId}' takes a list of values`);
    };
    const one = (): string | null => {
      if (input === null || typeof input === 'string') return input;
      throw new Error(`'${placed.actionId}' (${type}) takes a single string`);
    };
    if (TEXT_INPUTS.has(type)) return { type, value: one() };
    const picked = PICKED_VALUE_FIELDS[type];
    if (picked !== undefined) return { type, [picked.field]: picked.many ? many() : one() };
    switch (type) {
      case 'static_select':
      case 'external_select':
      case 'radio_buttons':
        return { type, selected_option: input === null ? null : this.optionFor(placed, input) };
      case 'multi_static_select':
      case 'multi_external_select':
      case 'checkboxes':
        return { type, selected_options: many().map((value) => this.optionFor(placed, value)) };
      default:
        throw new Error(`The stand-in cannot fill a ${type} ('${placed.actionId}')`);
    }
  }

  /** The input element a key names: an input block's `block_id`, else its label text. */
  private inputNamed(view: ModalViewRecord, key: string): PlacedElement {
    const inputs = placedElements(view.blocks).filter((placed) => placed.blockType === 'input');
    const found =
      inputs.find((placed) => placed.blockId === key) ?? inputs.find((placed) => placed.label?.trim() === key.trim());
    if (found === undefined) {
      const known = inputs.map((placed) => `${placed.blockId} ("${placed.label ?? ''}")`).join(', ');
      throw new ElementNotFoundError(`View ${view.id} has no input '${key}' (inputs: ${known || 'none'})`);
    }
    return found;
  }

  /**
   * Types and picks values in the person's modal, without sending anything: Slack only sends them
   * with the submission (or with a later block action, in `view.state`).
   */
  fillView(values: ViewInputValues, options: { viewId?: string } = {}): ModalViewRecord {
    const view = this.openViewOf(options.viewId);
    for (const [key, value] of Object.entries(values)) {
      const placed = this.inputNamed(view, key);
      this.workspace.enterValue(view.id, placed.blockId, placed.actionId, this.stateValueFor(placed, value));
    }
    return view;
  }

  /** What the Slack client itself refuses before anything is sent: empty required inputs, text out of bounds. */
  private clientErrors(view: ModalViewRecord): Record<string, string> {
    const errors: Record<string, string> = {};
    const state = viewStateValues(view);
    for (const placed of placedElements(view.blocks)) {
      if (placed.blockType !== 'input') continue;
      const block = view.blocks[placed.blockIndex];
      const optional = isJsonObject(block) && block.optional === true;
      const value = state[placed.blockId]?.[placed.actionId];
      const empty =
        value === undefined ||
        Object.entries(value).every(
          ([key, entry]) =>
            key === 'type' || entry === null || entry === '' || (Array.isArray(entry) && entry.length === 0),
        );
      if (empty) {
        if (!optional) errors[placed.blockId] = 'Please complete this required field.';
        continue;
      }
      if (typeof value?.value === 'string') {
        const { min_length: min, max_length: max } = placed.element;
        if (typeof min === 'number' && value.value.length < min) {
          errors[placed.blockId] = `Must have at least ${min} characters`;
        }
        if (typeof max === 'number' && value.value.length > max) {
          errors[placed.blockId] = `Must have no more than ${max} characters`;
        }
      }
    }
    return errors;
  }

  /**
   * Submits the modal on top (after filling `values`), and applies the bot's acknowledgement:
   * `errors` stay on the view and come back here, `update`/`push`/`clear` change the stack, an
   * empty one closes the modal.
   */
  async submitView(values: ViewInputValues = {}, options: SubmitViewOptions = {}): Promise<ViewSubmissionOutcome> {
    const view = this.openViewOf(undefined);
    if (options.viewId !== undefined && options.viewId !== view.id) {
      throw new ElementNotFoundError(`View ${options.viewId} is not the modal ${this.me.name} sees`);
    }
    if (view.submit === undefined) throw new ElementNotFoundError(`View ${view.id} has no submit button`);
    this.fillView(values, { viewId: view.id });
    if (!options.skipClientChecks) {
      const errors = this.clientErrors(view);
      if (Object.keys(errors).length > 0) {
        this.workspace.setViewErrors(view.id, errors);
        return { sent: false, errors, view };
      }
    }
    // The client clears the previous round's inline errors once the person submits again.
    if (Object.keys(view.errors).length > 0) this.workspace.setViewErrors(view.id, {});
    const triggerId = this.workspace.issueTrigger(this.userId);
    const answer = await this.sendInteraction({
      ...this.interactionBase('view_submission'),
      trigger_id: triggerId,
      view: toViewPayload(view, this.workspace.bot),
      response_urls: [],
    });
    const sent = { sent: true as const, triggerId, ...answer };
    if (!this.acknowledged(answer)) return { ...sent, errors: {}, view };
    return { ...sent, ...this.applyResponseAction(view, answer) };
  }

  private applyResponseAction(
    view: ModalViewRecord,
    answer: BotHttpAnswer,
  ): {
    responseAction?: 'errors' | 'update' | 'push' | 'clear' | 'close';
    errors: Record<string, string>;
    responseActionError?: string;
    view?: ModalViewRecord;
  } {
    const top = () => this.workspace.topView(this.userId);
    const ack = answer.json;
    const action = isJsonObject(ack) ? ack.response_action : undefined;
    if (answer.body.trim() === '' || action === undefined) {
      this.workspace.closeTopView(this.userId);
      return { responseAction: 'close', errors: {}, ...this.optionalView(top()) };
    }
    const refused = (responseActionError: string) => ({ errors: {}, responseActionError, view });
    switch (action) {
      case 'errors': {
        const errors = isJsonObject(ack) && isJsonObject(ack.errors) ? ack.errors : undefined;
        if (errors === undefined) return refused('response_action errors without an errors object');
        const inputBlockIds = new Set(
          view.blocks.filter((block) => block.type === 'input').map((block) => block.block_id),
        );
        const stray = Object.keys(errors).filter((blockId) => !inputBlockIds.has(blockId));
        if (stray.length > 0) return refused(`errors name blocks that are not input blocks: ${stray.join(', ')}`);
        const messages = Object.fromEntries(Object.entries(errors).map(([blockId, text]) => [blockId, String(text)]));
        this.workspace.setViewErrors(view.id, messages);
        return { responseAction: 'errors', errors: messages, view };
      }
      case 'update':
      case 'push': {
        const verdict = checkModalView(isJsonObject(ack) ? ack.view : undefined);
        if (!verdict.ok) {
          const detail = verdict.problems.map((problem) => `${problem.message} [${problem.pointer}]`).join('; ');
          return refused(`${verdict.error}: ${detail}`);
        }
        const next =
          action === 'update'
            ? this.workspace.replaceTopView(this.userId, verdict.view)
            : this.workspace.pushView(this.userId, verdict.view);
        if (next === undefined) return refused('push_limit_reached');
        return { responseAction: action === 'update' ? 'update' : 'push', errors: {}, view: next };
      }
      case 'clear':
        this.workspace.closeAllViews(this.userId);
        return { responseAction: 'clear', errors: {} };
      default:
        return refused(`unknown response_action ${String(action)}`);
    }
  }

  private optionalView(view: ModalViewRecord | undefined): { view?: ModalViewRecord } {
    return view === undefined ? {} : { view };
  }

  /**
   * Closes the modal on top with its close button (or the whole stack with `all`, as the X does).
   * Slack tells the bot only when the view asked with `notify_on_close`.
   */
  async closeView(options: { all?: boolean } = {}): Promise<ViewClosedOutcome> {
    const view = this.openViewOf(undefined);
    const closesAll = options.all === true || view.clearOnClose;
    const closed = closesAll ? this.workspace.closeAllViews(this.userId) : [this.workspace.closeTopView(this.userId)];
    if (!view.notifyOnClose) return { sent: false };
    const answer = await this.sendInteraction({
      ...this.interactionBase('view_closed'),
      view: toViewPayload(view, this.workspace.bot),
      is_cleared: closed.length > 1,
    });
    return { sent: true, ...answer };
  }

  // ---- external selects ---------------------------------------------------------------------

  /**
   * Types `query` into an external select, which makes Slack ask the bot for options once the
   * query reaches `min_query_length` (3 unless the element says otherwise).
   */
  async suggestOptions(actionId: string, query: string, options: ElementLocator = {}): Promise<BlockSuggestionOutcome> {
    const found = this.findElement(actionId, options, ['external_select', 'multi_external_select']);
    const { placed, surface } = found;
    const minimum = typeof placed.element.min_query_length === 'number' ? placed.element.min_query_length : 3;
    if (query.length < minimum) return { sent: false, reason: 'query_too_short', options: [] };
    const base = {
      ...this.interactionBase('block_suggestion'),
      action_id: placed.actionId,
      block_id: placed.blockId,
      value: query,
    };
    const payload =
      surface.kind === 'view'
        ? {
            ...base,
            container: { type: 'view', view_id: surface.view.id },
            view: toViewPayload(surface.view, this.workspace.bot),
          }
        : this.messageSuggestionPayload(
            base,
            surface.kind === 'message' ? surface.message : surface.ephemeral,
            surface.kind,
          );
    const answer = await this.sendInteraction(payload);
    const ack = answer.json;
    if (!this.acknowledged(answer) || !isJsonObject(ack)) {
      return { sent: true, options: [], ...answer, responseError: 'no options in the acknowledgement' };
    }
    return { sent: true, ...answer, ...this.suggestedOptions(ack) };
  }

  private messageSuggestionPayload(
    base: JsonObject,
    message: ChannelMessage | EphemeralMessage,
    kind: 'message' | 'ephemeral',
  ) {
    return {
      ...base,
      container: {
        type: 'message',
        message_ts: message.ts,
        channel_id: message.channelId,
        is_ephemeral: kind === 'ephemeral',
      },
      channel: { id: message.channelId, name: this.workspace.channel(message.channelId)?.name ?? '' },
    };
  }

  private suggestedOptions(ack: JsonObject): {
    options: Option[];
    optionGroups?: OptionGroup[];
    responseError?: string;
  } {
    const groups = Array.isArray(ack.option_groups) ? ack.option_groups.filter(isJsonObject) : undefined;
    const flat = optionsOf({ options: ack.options, option_groups: ack.option_groups });
    const tooMany = (Array.isArray(ack.options) ? ack.options.length : 0) > 100 || (groups?.length ?? 0) > 100;
    const tooLong = flat.some(
      (option) =>
        option.text.text.length > 75 || option.value.length > 75 || (textOf(option.description)?.length ?? 0) > 75,
    );
    const responseError = tooMany
      ? 'more than 100 options'
      : tooLong
        ? 'an option text or value over 75 characters'
        : undefined;
    return {
      // Safe: optionsOf kept only objects with a text object and a string value.
      options: (responseError === undefined ? flat : []) as Option[],
      ...(groups !== undefined ? { optionGroups: groups as unknown as OptionGroup[] } : {}),
      ...(responseError !== undefined ? { responseError } : {}),
    };
  }
}
