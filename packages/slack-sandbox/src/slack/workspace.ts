import type { AnyBlock } from '@slack/types';
import { withGeneratedIds } from './block-elements';
import { type Clock, systemClock } from './clock';
import { type ModalViewInput, type ModalViewRecord, preserveEnteredValues, type ViewStateValue } from './modal-view';
import {
  defaultWorkspaceFixture,
  type SlackBotIdentity,
  type SlackChannel,
  type SlackTeam,
  type SlackUser,
  type SlackUserGroup,
  type WorkspaceFixture,
} from './workspace-fixture';

/** How long Slack honours a `trigger_id`, and how often. */
export const TRIGGER_ID_LIFETIME_MS = 3_000;
/** How long a `response_url` lives, and how many posts it takes. */
export const RESPONSE_URL_LIFETIME_MS = 30 * 60_000;
export const RESPONSE_URL_MAX_USES = 5;
/** Slack keeps at most three views in a modal stack. */
export const MODAL_STACK_LIMIT = 3;

export interface ChannelMessage {
  channelId: string;
  ts: string;
  /** The author: the bot's user id for the bot's messages. */
  userId: string;
  /** Set when the bot posted it. */
  botId?: string;
  appId?: string;
  text: string;
  blocks: AnyBlock[];
  threadTs?: string;
  edited?: { userId: string; ts: string };
  /** How the message got there. */
  via: 'chat.postMessage' | 'response_url' | 'slash_command_response';
}

/** A message only one person sees, until they reload: replies to slash commands, "only visible to you". */
export interface EphemeralMessage {
  channelId: string;
  /** The person who sees it. */
  userId: string;
  ts: string;
  botId: string;
  appId: string;
  text: string;
  blocks: AnyBlock[];
  /** How many times a response_url replaced its content. */
  replacements: number;
  /** The response_url whose post (or slash-command acknowledgement) produced it. */
  responseUrlId?: string;
  via: 'chat.postEphemeral' | 'response_url' | 'slash_command_response';
}

export type MessageRef = { kind: 'channel'; channelId: string; ts: string } | { kind: 'ephemeral'; ts: string };

export interface ResponseUrlRecord {
  id: string;
  userId: string;
  channelId: string;
  issuedAt: number;
  uses: number;
  origin: 'slash_command' | 'message_action';
  /**
   * The message `replace_original` and `delete_original` act on: the clicked message for a
   * message action, the latest reply for a slash command.
   */
  original?: MessageRef;
}

export interface TriggerRecord {
  id: string;
  userId: string;
  issuedAt: number;
  exchanged: boolean;
}

export type TriggerRedemption =
  | { ok: true; trigger: TriggerRecord }
  | { ok: false; error: 'invalid_trigger_id' | 'expired_trigger_id' | 'exchanged_trigger_id' };

export type ResponseUrlClaim =
  | { ok: true; responseUrl: ResponseUrlRecord }
  | { ok: false; error: 'not_found' | 'expired_url' | 'used_url' };

/** One Web API call or response_url post, as the stand-in received and answered it. */
export interface SlackApiCall {
  /** The Web API method, or `response_url` for a post to one. */
  method: string;
  /** The arguments with JSON-valued ones (`blocks`, `view`, …) decoded; the token is left out. */
  args: Record<string, unknown>;
  contentType: string;
  time: number;
  response: Record<string, unknown>;
  /** Things Slack accepts but a well-behaved app avoids, such as blocks without a `text` fallback. */
  warnings: string[];
}

export interface SlackWarning {
  time: number;
  source: string;
  message: string;
}

/** Every change to the workspace, so a console page can re-render and a test can wait. */
export type WorkspaceChange =
  | { type: 'message_posted'; message: ChannelMessage }
  | { type: 'message_updated'; message: ChannelMessage }
  | { type: 'message_deleted'; channelId: string; ts: string }
  | { type: 'ephemeral_posted'; ephemeral: EphemeralMessage }
  | { type: 'ephemeral_updated'; ephemeral: EphemeralMessage }
  | { type: 'ephemeral_deleted'; userId: string; ts: string }
  | {
      type: 'views_changed';
      userId: string;
      reason: 'opened' | 'pushed' | 'updated' | 'closed' | 'cleared' | 'errors' | 'values_entered';
      stack: readonly ModalViewRecord[];
    }
  | { type: 'home_published'; userId: string }
  | { type: 'api_call'; call: SlackApiCall }
  | { type: 'warning'; warning: SlackWarning };

export type WorkspaceChangeListener = (change: WorkspaceChange) => void;

/** Everything a console page needs to draw the workspace, as plain JSON-safe data. */
export interface WorkspaceSnapshot {
  team: SlackTeam;
  bot: SlackBotIdentity;
  users: SlackUser[];
  userGroups: SlackUserGroup[];
  channels: (SlackChannel & { messages: ChannelMessage[] })[];
  ephemerals: EphemeralMessage[];
  viewStacks: Record<string, ModalViewRecord[]>;
  calls: SlackApiCall[];
  warnings: SlackWarning[];
}

export interface SlackWorkspaceOptions {
  fixture?: WorkspaceFixture;
  clock?: Clock;
}

export class WaitForCallTimeoutError extends Error {
  constructor(method: string, timeoutMs: number, seen: number) {
    super(`No matching ${method} call within ${timeoutMs} ms (${seen} ${method} call(s) did not match)`);
    this.name = 'WaitForCallTimeoutError';
  }
}

/**
 * The state of the stand-in's Slack workspace: directory, channel history, ephemeral messages,
 * modal stacks, trigger ids and response_urls, and a record of every API call. Transport-free:
 * the Web API handler and the simulated client both act through it.
 *
 * @example
 * const workspace = new SlackWorkspace({ clock: new ManualClock() });
 * const stop = workspace.onChange((change) => console.log(change.type));
 * workspace.postMessage({ channelId: 'C0OPS', text: 'hello', blocks: [], asBot: true, via: 'chat.postMessage' });
 * stop();
 */
export class SlackWorkspace {
  readonly team: SlackTeam;
  readonly bot: SlackBotIdentity;
  readonly clock: Clock;
  readonly calls: SlackApiCall[] = [];
  readonly warnings: SlackWarning[] = [];

  private readonly users = new Map<string, SlackUser>();
  private readonly userGroups = new Map<string, SlackUserGroup>();
  private readonly channels = new Map<string, SlackChannel>();
  private readonly messages = new Map<string, ChannelMessage[]>();
  private readonly ephemerals: EphemeralMessage[] = [];
  private readonly viewStacks = new Map<string, ModalViewRecord[]>();
  private readonly homeViews = new Map<string, { blocks: unknown[]; publishedAt: number }>();
  private readonly triggers = new Map<string, TriggerRecord>();
  private readonly responseUrls = new Map<string, ResponseUrlRecord>();
  private readonly listeners = new Set<WorkspaceChangeListener>();
  private lastTsMicros = 0;
  private sequence = 0;

  constructor(options: SlackWorkspaceOptions = {}) {
    const fixture = structuredClone(options.fixture ?? defaultWorkspaceFixture());
    this.clock = options.clock ?? systemClock;
    this.team = fixture.team;
    this.bot = fixture.bot;
    for (const user of fixture.users) this.users.set(user.id, user);
    for (const group of fixture.userGroups) this.userGroups.set(group.id, group);
    for (const channel of fixture.channels) {
      this.channels.set(channel.id, channel);
      this.messages.set(channel.id, []);
    }
  }

  // ---- observation -------------------------------------------------------------------------

  /** Calls `listener` after every change; returns the function that stops it. */
  onChange(listener: WorkspaceChangeListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  private emit(change: WorkspaceChange): void {
    for (const listener of [...this.listeners]) listener(change);
  }

  snapshot(): WorkspaceSnapshot {
    return structuredClone({
      team: this.team,
      bot: this.bot,
      users: [...this.users.values()],
      userGroups: [...this.userGroups.values()],
      channels: [...this.channels.values()].map((channel) => ({
        ...channel,
        messages: this.messages.get(channel.id) ?? [],
      })),
      ephemerals: this.ephemerals,
      viewStacks: Object.fromEntries(this.viewStacks),
      calls: this.calls,
      warnings: this.warnings,
    });
  }

  // ---- identifiers ---------------------------------------------------------------------------

  /** A Slack message timestamp (`1712345678.123456`), unique and increasing within the workspace. */
  nextTs(): string {
    const micros = Math.max(this.clock.now() * 1000, this.lastTsMicros + 1);
    this.lastTsMicros = micros;
    return `${Math.floor(micros / 1_000_000)}.${String(micros % 1_000_000).padStart(6, '0')}`;
  }

  /** A fresh identifier with Slack's shape: a prefix letter, then upper-case alphanumerics. */
  nextId(prefix: string): string {
    this.sequence += 1;
    return `${prefix}0${this.sequence.toString(36).toUpperCase().padStart(8, '0')}`;
  }

  // ---- directory -----------------------------------------------------------------------------

  user(userId: string): SlackUser | undefined {
    return this.users.get(userId);
  }

  listUsers(): SlackUser[] {
    return [...this.users.values()];
  }

  userGroup(groupId: string): SlackUserGroup | undefined {
    return this.userGroups.get(groupId);
  }

  listUserGroups(): SlackUserGroup[] {
    return [...this.userGroups.values()];
  }

  channel(channelId: string): SlackChannel | undefined {
    return this.channels.get(channelId);
  }

  listChannels(): SlackChannel[] {
    return [...this.channels.values()];
  }

  /**
   * Resolves what `chat.postMessage` accepts as `channel`: a channel id, or a user id, which opens
   * (or reuses) the bot's direct-message channel with that person.
   */
  resolveConversation(channelOrUserId: string): SlackChannel | undefined {
    const channel = this.channels.get(channelOrUserId);
    if (channel !== undefined) return channel;
    const user = this.users.get(channelOrUserId);
    if (user === undefined || user.isBot) return undefined;
    const existing = [...this.channels.values()].find((candidate) => candidate.directMessageUserId === user.id);
    if (existing !== undefined) return existing;
    const directMessage: SlackChannel = {
      id: `D${user.id.slice(1)}`,
      name: user.name,
      isPrivate: true,
      directMessageUserId: user.id,
      memberIds: [user.id, this.bot.userId],
    };
    this.channels.set(directMessage.id, directMessage);
    this.messages.set(directMessage.id, []);
    return directMessage;
  }

  // ---- channel messages ----------------------------------------------------------------------

  /** The channel's top-level messages, oldest first, as Slack's conversations.history lists them: no thread replies. */
  messagesIn(channelId: string): readonly ChannelMessage[] {
    return (this.messages.get(channelId) ?? []).filter((message) => message.threadTs === undefined);
  }

  /** The replies in the thread under `ts`, oldest first (conversations.replies without the parent). */
  repliesTo(channelId: string, ts: string): readonly ChannelMessage[] {
    return (this.messages.get(channelId) ?? []).filter((message) => message.threadTs === ts);
  }

  /** Every message of the channel, thread replies included, in the order they were posted. */
  allMessagesIn(channelId: string): readonly ChannelMessage[] {
    return this.messages.get(channelId) ?? [];
  }

  message(channelId: string, ts: string): ChannelMessage | undefined {
    return this.messages.get(channelId)?.find((message) => message.ts === ts);
  }

  postMessage(input: {
    channelId: string;
    text: string;
    blocks: AnyBlock[];
    /** The bot posts, or a person with this user id. */
    asBot: boolean;
    userId?: string;
    threadTs?: string;
    via: ChannelMessage['via'];
  }): ChannelMessage {
    const history = this.messages.get(input.channelId);
    if (history === undefined) throw new Error(`No channel ${input.channelId} in the workspace`);
    const message: ChannelMessage = {
      channelId: input.channelId,
      ts: this.nextTs(),
      userId: input.asBot ? this.bot.userId : (input.userId ?? this.bot.userId),
      ...(input.asBot ? { botId: this.bot.botId, appId: this.bot.appId } : {}),
      text: input.text,
      blocks: this.withIds(input.blocks),
      ...(input.threadTs !== undefined ? { threadTs: input.threadTs } : {}),
      via: input.via,
    };
    history.push(message);
    this.emit({ type: 'message_posted', message });
    return message;
  }

  updateMessage(
    channelId: string,
    ts: string,
    change: { text?: string; blocks?: AnyBlock[]; editedBy: string },
  ): ChannelMessage | undefined {
    const message = this.message(channelId, ts);
    if (message === undefined) return undefined;
    if (change.text !== undefined) message.text = change.text;
    if (change.blocks !== undefined) message.blocks = this.withIds(change.blocks);
    message.edited = { userId: change.editedBy, ts: this.nextTs() };
    this.emit({ type: 'message_updated', message });
    return message;
  }

  /**
   * Puts back channel messages kept from an earlier run (the sandbox's data directory) with their
   * original timestamps, so the bot can still update them; later messages get later timestamps.
   * Emits nothing: it is meant for start-up, before anyone watches.
   */
  restoreMessages(messages: readonly ChannelMessage[]): void {
    for (const message of messages) {
      const history = this.messages.get(message.channelId);
      if (history === undefined) throw new Error(`No channel ${message.channelId} in the workspace`);
      if (history.some((existing) => existing.ts === message.ts)) continue;
      history.push(structuredClone(message));
      // Fixed-width timestamps order correctly as strings.
      history.sort((a, b) => (a.ts < b.ts ? -1 : a.ts > b.ts ? 1 : 0));
      const [seconds = '0', micros = '0'] = message.ts.split('.');
      this.lastTsMicros = Math.max(this.lastTsMicros, Number(seconds) * 1_000_000 + Number(micros));
    }
  }

  deleteMessage(channelId: string, ts: string): boolean {
    const history = this.messages.get(channelId);
    const index = history?.findIndex((message) => message.ts === ts) ?? -1;
    if (history === undefined || index < 0) return false;
    history.splice(index, 1);
    this.emit({ type: 'message_deleted', channelId, ts });
    return true;
  }

  // ---- ephemeral messages --------------------------------------------------------------------

  /** Ephemeral messages one person sees, oldest first; in one channel if `channelId` is given. */
  ephemeralsFor(userId: string, channelId?: string): readonly EphemeralMessage[] {
    return this.ephemerals.filter(
      (ephemeral) => ephemeral.userId === userId && (channelId === undefined || ephemeral.channelId === channelId),
    );
  }

  ephemeral(ts: string): EphemeralMessage | undefined {
    return this.ephemerals.find((ephemeral) => ephemeral.ts === ts);
  }

  postEphemeral(input: {
    channelId: string;
    userId: string;
    text: string;
    blocks: AnyBlock[];
    responseUrlId?: string;
    via: EphemeralMessage['via'];
  }): EphemeralMessage {
    const ephemeral: EphemeralMessage = {
      channelId: input.channelId,
      userId: input.userId,
      ts: this.nextTs(),
      botId: this.bot.botId,
      appId: this.bot.appId,
      text: input.text,
      blocks: this.withIds(input.blocks),
      replacements: 0,
      ...(input.responseUrlId !== undefined ? { responseUrlId: input.responseUrlId } : {}),
      via: input.via,
    };
    this.ephemerals.push(ephemeral);
    this.emit({ type: 'ephemeral_posted', ephemeral });
    return ephemeral;
  }

  replaceEphemeral(ts: string, content: { text: string; blocks: AnyBlock[] }): EphemeralMessage | undefined {
    const ephemeral = this.ephemeral(ts);
    if (ephemeral === undefined) return undefined;
    ephemeral.text = content.text;
    ephemeral.blocks = this.withIds(content.blocks);
    ephemeral.replacements += 1;
    this.emit({ type: 'ephemeral_updated', ephemeral });
    return ephemeral;
  }

  deleteEphemeral(ts: string): boolean {
    const index = this.ephemerals.findIndex((ephemeral) => ephemeral.ts === ts);
    const [removed] = index >= 0 ? this.ephemerals.splice(index, 1) : [];
    if (removed === undefined) return false;
    this.emit({ type: 'ephemeral_deleted', userId: removed.userId, ts });
    return true;
  }

  // ---- App Home ------------------------------------------------------------------------------

  /** What the bot last published on the person's Home tab (`views.publish`). */
  homeView(userId: string): { blocks: unknown[]; publishedAt: number } | undefined {
    return this.homeViews.get(userId);
  }

  publishHome(userId: string, blocks: unknown[]): void {
    this.homeViews.set(userId, { blocks, publishedAt: this.clock.now() });
    this.emit({ type: 'home_published', userId });
  }

  // ---- modal views ---------------------------------------------------------------------------

  /** The modals open for a person, root first; the last one is the one they see. */
  viewStack(userId: string): readonly ModalViewRecord[] {
    return this.viewStacks.get(userId) ?? [];
  }

  topView(userId: string): ModalViewRecord | undefined {
    return this.viewStack(userId).at(-1);
  }

  /** An open view, by its `view_id` or its `external_id`. */
  findOpenView(by: { viewId: string } | { externalId: string }): ModalViewRecord | undefined {
    for (const stack of this.viewStacks.values()) {
      const found = stack.find((view) =>
        'viewId' in by ? view.id === by.viewId : view.externalId !== undefined && view.externalId === by.externalId,
      );
      if (found !== undefined) return found;
    }
    return undefined;
  }

  /** Opens a new modal stack for the person, replacing whatever they had open. */
  openView(userId: string, input: ModalViewInput): ModalViewRecord {
    const view = this.newViewRecord(userId, input, undefined);
    this.viewStacks.set(userId, [view]);
    this.emitViews(userId, 'opened');
    return view;
  }

  /** Pushes a view on the person's stack; `undefined` if they have no modal open or the stack is full. */
  pushView(userId: string, input: ModalViewInput): ModalViewRecord | undefined {
    const stack = this.viewStacks.get(userId);
    const top = stack?.at(-1);
    if (stack === undefined || top === undefined || stack.length >= MODAL_STACK_LIMIT) return undefined;
    const view = this.newViewRecord(userId, input, top);
    stack.push(view);
    this.emitViews(userId, 'pushed');
    return view;
  }

  /** Replaces an open view's content in place (same id, new hash), keeping entered values Slack would keep. */
  updateView(viewId: string, input: ModalViewInput): ModalViewRecord | undefined {
    const view = this.findOpenView({ viewId });
    if (view === undefined) return undefined;
    const blocks = this.withIds(input.blocks);
    view.enteredValues = preserveEnteredValues(view.enteredValues, blocks);
    view.blocks = blocks;
    view.title = input.title;
    this.setOptional(view, 'submit', input.submit);
    this.setOptional(view, 'close', input.close);
    view.callbackId = input.callback_id ?? '';
    view.privateMetadata = input.private_metadata ?? '';
    if (input.external_id !== undefined) view.externalId = input.external_id;
    view.notifyOnClose = input.notify_on_close ?? false;
    view.clearOnClose = input.clear_on_close ?? false;
    view.hash = this.nextViewHash();
    view.errors = {};
    this.emitViews(view.userId, 'updated');
    return view;
  }

  /** Closes the view the person sees, revealing the one beneath it if any. */
  closeTopView(userId: string): ModalViewRecord | undefined {
    const stack = this.viewStacks.get(userId);
    const closed = stack?.pop();
    if (stack !== undefined && stack.length === 0) this.viewStacks.delete(userId);
    if (closed !== undefined) this.emitViews(userId, 'closed');
    return closed;
  }

  closeAllViews(userId: string): ModalViewRecord[] {
    const stack = this.viewStacks.get(userId) ?? [];
    this.viewStacks.delete(userId);
    if (stack.length > 0) this.emitViews(userId, 'cleared');
    return stack;
  }

  /** Records what the person typed or picked in a view; nothing is sent to the bot. */
  enterValue(viewId: string, blockId: string, actionId: string, value: ViewStateValue): void {
    const view = this.findOpenView({ viewId });
    if (view === undefined) throw new Error(`View ${viewId} is not open`);
    view.enteredValues[blockId] = { ...view.enteredValues[blockId], [actionId]: value };
    this.emitViews(view.userId, 'values_entered');
  }

  /** Shows the bot's inline errors (`response_action: 'errors'`) on the view. */
  setViewErrors(viewId: string, errors: Record<string, string>): void {
    const view = this.findOpenView({ viewId });
    if (view === undefined) throw new Error(`View ${viewId} is not open`);
    view.errors = { ...errors };
    this.emitViews(view.userId, 'errors');
  }

  /** Replaces the top view as `response_action: 'update'` does: same id, fresh content, errors cleared. */
  replaceTopView(userId: string, input: ModalViewInput): ModalViewRecord | undefined {
    const top = this.topView(userId);
    return top === undefined ? undefined : this.updateView(top.id, input);
  }

  private newViewRecord(userId: string, input: ModalViewInput, beneath: ModalViewRecord | undefined): ModalViewRecord {
    const id = this.nextId('V');
    const view: ModalViewRecord = {
      id,
      teamId: this.team.id,
      userId,
      callbackId: input.callback_id ?? '',
      hash: this.nextViewHash(),
      title: input.title,
      blocks: this.withIds(input.blocks),
      privateMetadata: input.private_metadata ?? '',
      notifyOnClose: input.notify_on_close ?? false,
      clearOnClose: input.clear_on_close ?? false,
      rootViewId: beneath?.rootViewId ?? id,
      previousViewId: beneath?.id ?? null,
      enteredValues: {},
      errors: {},
    };
    this.setOptional(view, 'submit', input.submit);
    this.setOptional(view, 'close', input.close);
    if (input.external_id !== undefined) view.externalId = input.external_id;
    return view;
  }

  private setOptional<K extends 'submit' | 'close'>(view: ModalViewRecord, key: K, value: ModalViewRecord[K]): void {
    if (value === undefined) delete view[key];
    else view[key] = value;
  }

  private nextViewHash(): string {
    this.sequence += 1;
    return `${Math.floor(this.clock.now() / 1000)}.${this.sequence.toString(16).padStart(8, '0')}`;
  }

  private emitViews(userId: string, reason: Extract<WorkspaceChange, { type: 'views_changed' }>['reason']): void {
    this.emit({ type: 'views_changed', userId, reason, stack: this.viewStack(userId) });
  }

  private withIds(blocks: readonly AnyBlock[]): AnyBlock[] {
    return withGeneratedIds(blocks, () => this.nextId('B').slice(-5));
  }

  // ---- trigger ids ---------------------------------------------------------------------------

  /** A `trigger_id` for one interaction by this person: good for one use within three seconds. */
  issueTrigger(userId: string): string {
    this.sequence += 1;
    const id = `${Math.floor(this.clock.now() / 1000)}.${this.team.id}.${this.sequence.toString(16).padStart(32, '0')}`;
    this.triggers.set(id, { id, userId, issuedAt: this.clock.now(), exchanged: false });
    return id;
  }

  redeemTrigger(triggerId: string): TriggerRedemption {
    const trigger = this.triggers.get(triggerId);
    if (trigger === undefined) return { ok: false, error: 'invalid_trigger_id' };
    if (trigger.exchanged) return { ok: false, error: 'exchanged_trigger_id' };
    if (this.clock.now() - trigger.issuedAt > TRIGGER_ID_LIFETIME_MS) return { ok: false, error: 'expired_trigger_id' };
    trigger.exchanged = true;
    return { ok: true, trigger };
  }

  // ---- response urls -------------------------------------------------------------------------

  issueResponseUrl(input: Omit<ResponseUrlRecord, 'id' | 'issuedAt' | 'uses'>): ResponseUrlRecord {
    this.sequence += 1;
    const id = `${this.team.id}-${this.sequence.toString(36)}-${this.clock.now().toString(36)}`;
    const record: ResponseUrlRecord = { ...input, id, issuedAt: this.clock.now(), uses: 0 };
    this.responseUrls.set(id, record);
    return record;
  }

  responseUrl(id: string): ResponseUrlRecord | undefined {
    return this.responseUrls.get(id);
  }

  /** Counts one post against the response_url's five uses in thirty minutes. */
  claimResponseUrl(id: string): ResponseUrlClaim {
    const record = this.responseUrls.get(id);
    if (record === undefined) return { ok: false, error: 'not_found' };
    if (this.clock.now() - record.issuedAt > RESPONSE_URL_LIFETIME_MS) return { ok: false, error: 'expired_url' };
    if (record.uses >= RESPONSE_URL_MAX_USES) return { ok: false, error: 'used_url' };
    record.uses += 1;
    return { ok: true, responseUrl: record };
  }

  // ---- API calls and warnings ----------------------------------------------------------------

  recordCall(call: SlackApiCall): void {
    this.calls.push(call);
    this.emit({ type: 'api_call', call });
  }

  recordWarning(source: string, message: string): void {
    const warning: SlackWarning = { time: this.clock.now(), source, message };
    this.warnings.push(warning);
    this.emit({ type: 'warning', warning });
  }

  callsTo(method: string): SlackApiCall[] {
    return this.calls.filter((call) => call.method === method);
  }

  /**
   * The first call to `method` (already made or yet to come) that `predicate` accepts.
   *
   * @example
   * await agent.clickButton(ActionId.Approve);
   * const update = await workspace.waitForCall('chat.update', (call) => call.args.ts === requestTs);
   */
  waitForCall(
    method: string,
    predicate: (call: SlackApiCall) => boolean = () => true,
    timeoutMs = 5_000,
  ): Promise<SlackApiCall> {
    const matches = (call: SlackApiCall) => call.method === method && predicate(call);
    const earlier = this.calls.find(matches);
    if (earlier !== undefined) return Promise.resolve(earlier);
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        stop();
        reject(new WaitForCallTimeoutError(method, timeoutMs, this.callsTo(method).length));
      }, timeoutMs);
      const stop = this.onChange((change) => {
        if (change.type !== 'api_call' || !matches(change.call)) return;
        clearTimeout(timer);
        stop();
        resolve(change.call);
      });
    });
  }
}
