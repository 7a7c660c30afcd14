import type { AnyBlock } from '@slack/types';
import type { SandboxConnector } from '../sandbox';
import { type ModalViewRecord, viewStateValues } from '../slack/modal-view';
import type { ChannelMessage, EphemeralMessage, SlackWorkspace } from '../slack/workspace';
import type { SlackChannel, SlackUser } from '../slack/workspace-fixture';
import { approvalChannelName, approverNames, approversIn, type PrincipalList } from '../workspace-roles';
import { type BlockRenderContext, renderBlocks } from './block-kit-html';
import type { ConsoleNote, ConsoleNotes } from './console-notes';
import { html, joinHtml, type SafeHtml } from './html';
import { type MrkdwnContext, renderMrkdwn } from './mrkdwn';

export interface ConsoleFacts {
  workspace: SlackWorkspace;
  notes: ConsoleNotes;
  command: string;
  approvers: PrincipalList;
  approvalChannel?: string;
  connectors: readonly SandboxConnector[];
  defaultRegion: string;
  dataDirectory?: string;
}

/** One line of the timeline as plain data, for tests and scripts that read the state without a browser. */
export interface TimelineEntry {
  kind: 'message' | 'ephemeral' | 'command' | 'notice';
  ts: string;
  author: string;
  /** The fallback text and every text in the blocks, as Slack sent them. */
  text: string;
}

/** Everything the page draws for one person looking at one channel. */
export interface ConsoleState {
  sandbox: true;
  team: string;
  command: string;
  user: { id: string; name: string; realName: string; roles: string[] };
  users: { id: string; name: string; realName: string; roles: string[] }[];
  /** For the composer's @-mention suggestions, beside the people. */
  userGroups: { id: string; handle: string; name: string }[];
  channel: { id: string; label: string };
  channels: { id: string; label: string; latestTs: string; direct: boolean }[];
  timeline: TimelineEntry[];
  timelineHtml: string;
  modal: { key: string; viewId: string; callbackId: string; title: string; depth: number; html: string } | null;
  /** The app the workspace runs, whose Home tab the sidebar offers. */
  app: { name: string };
  /** What the bot last published on the acting person's Home tab; null until it publishes one. */
  home: { publishedAt: number; html: string } | null;
  calls: { time: number; method: string; ok: boolean; error?: string; warnings: string[] }[];
}

export class UnknownConsoleTargetError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'UnknownConsoleTargetError';
  }
}

/**
 * Renders the workspace as `userId` sees it in `channelId` (or their first channel, if they are
 * not in that one): the
 * channels they belong to, the channel's messages with their own ephemeral messages and notes
 * in between, and the modal on top of their view stack.
 */
export function consoleState(facts: ConsoleFacts, userId: string, channelId?: string): ConsoleState {
  const { workspace } = facts;
  const user = workspace.user(userId);
  if (user === undefined || user.isBot) throw new UnknownConsoleTargetError(`No person ${userId} in the workspace`);
  const channels = channelsOf(workspace, userId);
  // Someone switched to a person who is not in the channel on screen: show them their first channel.
  const channel = channels.find((candidate) => candidate.id === channelId) ?? channels[0];
  if (channel === undefined) throw new UnknownConsoleTargetError(`${user.name} is in no channel`);
  const roles = rolesOf(facts);
  const mrkdwn = mrkdwnContext(workspace, user);

  const items = timelineItems(facts, userId, channel.id);
  const timeline = items.map((item) => timelineEntry(workspace, item));
  const welcome = channel.id === channels[0]?.id ? welcomeCard(facts) : '';
  const timelineHtml = joinHtml([
    welcome,
    ...items.map((item, index) => renderItem(workspace, item, mrkdwn, `t${index}`)),
  ]).toString();

  return {
    sandbox: true,
    team: workspace.team.name,
    command: facts.command,
    user: { id: user.id, name: user.name, realName: user.realName, roles: roles(user.id) },
    users: workspace
      .listUsers()
      .filter((person) => !person.isBot)
      .map((person) => ({ id: person.id, name: person.name, realName: person.realName, roles: roles(person.id) })),
    userGroups: workspace.listUserGroups().map((group) => ({ id: group.id, handle: group.handle, name: group.name })),
    channel: { id: channel.id, label: channelLabel(workspace, channel) },
    channels: channels.map((candidate) => ({
      id: candidate.id,
      label: channelLabel(workspace, candidate),
      latestTs: workspace.messagesIn(candidate.id).at(-1)?.ts ?? '',
      direct: candidate.directMessageUserId !== undefined,
    })),
    timeline,
    timelineHtml,
    modal: renderModal(facts, user, mrkdwn),
    app: { name: workspace.bot.name },
    home: renderHome(workspace, user, mrkdwn),
    calls: workspace.calls.slice(-40).map((call) => ({
      time: call.time,
      method: call.method,
      ok: call.response.ok === true,
      ...(typeof call.response.error === 'string' ? { error: call.response.error } : {}),
      warnings: call.warnings,
    })),
  };
}

function channelsOf(workspace: SlackWorkspace, userId: string): SlackChannel[] {
  const member = workspace.listChannels().filter((channel) => channel.memberIds.includes(userId));
  // Named channels first, then direct messages, as Slack's sidebar lists them.
  return [
    ...member.filter((channel) => channel.directMessageUserId === undefined),
    ...member.filter((channel) => channel.directMessageUserId !== undefined),
  ];
}

function channelLabel(workspace: SlackWorkspace, channel: SlackChannel): string {
  return channel.directMessageUserId !== undefined ? workspace.bot.name : `#${channel.name}`;
}

function rolesOf(facts: ConsoleFacts): (userId: string) => string[] {
  const approvers = approversIn(facts.workspace, facts.approvers);
  return (userId) => {
    const roles: string[] = [];
    const approver = approvers.find((role) => role.userId === userId);
    if (approver) roles.push(approver.viaGroup ? `approver via @${approver.viaGroup}` : 'approver');
    const person = facts.workspace.user(userId);
    if (person?.isRestricted || person?.isUltraRestricted) roles.push('guest');
    return roles;
  };
}

function mrkdwnContext(workspace: SlackWorkspace, reader: SlackUser): MrkdwnContext {
  const permalink = new RegExp(
    `^https://${workspace.team.domain}\\.slack\\.com/archives/([A-Z0-9]+)/p(\\d{10})(\\d{6})`,
  );
  return {
    userName: (id) => workspace.user(id)?.name,
    channelName: (id) => workspace.channel(id)?.name,
    userGroupHandle: (id) => workspace.userGroup(id)?.handle,
    timeZone: reader.timeZone,
    now: workspace.clock.now(),
    messageLink(url) {
      const match = permalink.exec(url);
      return match?.[1] && match[2] && match[3] ? { channelId: match[1], ts: `${match[2]}.${match[3]}` } : undefined;
    },
  };
}

type TimelineItem =
  | { kind: 'message'; ts: string; message: ChannelMessage }
  | { kind: 'ephemeral'; ts: string; ephemeral: EphemeralMessage }
  | { kind: 'note'; ts: string; note: ConsoleNote };

function timelineItems(facts: ConsoleFacts, userId: string, channelId: string): TimelineItem[] {
  const items: TimelineItem[] = [
    ...facts.workspace
      .allMessagesIn(channelId)
      .map((message) => ({ kind: 'message' as const, ts: message.ts, message })),
    ...facts.workspace
      .ephemeralsFor(userId, channelId)
      .map((ephemeral) => ({ kind: 'ephemeral' as const, ts: ephemeral.ts, ephemeral })),
    ...facts.notes.for(userId, channelId).map((note) => ({ kind: 'note' as const, ts: note.ts, note })),
  ];
  // Fixed-width timestamps order correctly as strings.
  return items.sort((a, b) => (a.ts < b.ts ? -1 : a.ts > b.ts ? 1 : 0));
}

function timelineEntry(workspace: SlackWorkspace, item: TimelineItem): TimelineEntry {
  if (item.kind === 'note') {
    return {
      kind: item.note.kind,
      ts: item.ts,
      author: item.note.kind === 'notice' ? 'Slackbot' : (workspace.user(item.note.userId)?.name ?? ''),
      text: item.note.text,
    };
  }
  const message = item.kind === 'message' ? item.message : item.ephemeral;
  return {
    kind: item.kind,
    ts: item.ts,
    author: authorName(workspace, message),
    text: [message.text, ...textsIn(message.blocks)].join('\n'),
  };
}

function authorName(workspace: SlackWorkspace, message: ChannelMessage | EphemeralMessage): string {
  if (message.botId !== undefined) return workspace.bot.name;
  return workspace.user(message.userId)?.name ?? message.userId;
}

/** Every `text` string in a block tree, in order. */
function textsIn(value: unknown): string[] {
  if (Array.isArray(value)) return value.flatMap(textsIn);
  if (value === null || typeof value !== 'object') return [];
  return Object.entries(value).flatMap(([key, item]) =>
    key === 'text' && typeof item === 'string' ? [item] : textsIn(item),
  );
}

function renderItem(workspace: SlackWorkspace, item: TimelineItem, mrkdwn: MrkdwnContext, idPrefix: string): SafeHtml {
  if (item.kind === 'note') return renderNote(workspace, item.note, mrkdwn);
  const message = item.kind === 'message' ? item.message : item.ephemeral;
  const ephemeral = item.kind === 'ephemeral';
  const author = authorName(workspace, message);
  const fromBot = message.botId !== undefined;
  const surface = ephemeral
    ? html`data-surface="ephemeral" data-ts="${message.ts}"`
    : html`data-surface="message" data-channel="${message.channelId}" data-ts="${message.ts}"`;
  const context = blockContext(workspace, mrkdwn, idPrefix, { blocks: message.blocks, enteredValues: {} });
  const body = message.blocks.length > 0 ? renderBlocks(message.blocks, context) : renderMrkdwn(message.text, context);
  const edited = item.kind === 'message' && item.message.edited !== undefined;
  return html`<article class="message${ephemeral ? ' ephemeral' : ''}${fromBot ? ' from-bot' : ''}" ${surface} id="message-${message.ts}">
    ${avatar(author, fromBot)}
    <div class="message-main">
      <header class="message-header"><span class="author">${author}</span>${fromBot ? html`<span class="app-badge">App</span>` : ''}<time class="message-time" title="${message.ts}">${clockTime(message.ts, mrkdwn.timeZone)}</time>${
        edited ? html`<span class="edited">(edited)</span>` : ''
      }</header>
      ${ephemeral ? html`<div class="only-you">👁 Only visible to you</div>` : ''}
      <div class="message-body">${body}</div>
      ${ephemeral ? html`<button type="button" class="link-button dismiss-ephemeral">Dismiss message</button>` : ''}
    </div>
  </article>`;
}

function renderNote(workspace: SlackWorkspace, note: ConsoleNote, mrkdwn: MrkdwnContext): SafeHtml {
  if (note.kind === 'command') {
    const name = workspace.user(note.userId)?.name ?? note.userId;
    return html`<div class="note command-note" data-ts="${note.ts}"><span class="author">${name}</span> used <code class="typed-command">${note.text}</code><span class="note-hint">(only you see this line; Slack does not post slash commands)</span></div>`;
  }
  return html`<article class="message ephemeral slackbot" data-ts="${note.ts}">
    ${avatar('Slackbot', true)}
    <div class="message-main">
      <header class="message-header"><span class="author">Slackbot</span><time class="message-time">${clockTime(note.ts, mrkdwn.timeZone)}</time></header>
      <div class="only-you">👁 Only visible to you</div>
      <div class="message-body notice-text">${note.text}</div>
    </div>
  </article>`;
}

function renderModal(facts: ConsoleFacts, user: SlackUser, mrkdwn: MrkdwnContext): ConsoleState['modal'] {
  const stack = facts.workspace.viewStack(user.id);
  const view = stack.at(-1);
  if (view === undefined) return null;
  const problem = facts.notes.viewProblem(user.id, view.id);
  const key = JSON.stringify([view.id, view.hash, view.errors, stack.length, problem ?? '']);
  return {
    key,
    viewId: view.id,
    callbackId: view.callbackId,
    title: view.title.text,
    depth: stack.length,
    html: modalHtml(facts.workspace, view, stack.length, problem, mrkdwn).toString(),
  };
}

function modalHtml(
  workspace: SlackWorkspace,
  view: ModalViewRecord,
  depth: number,
  problem: string | undefined,
  mrkdwn: MrkdwnContext,
): SafeHtml {
  const context = blockContext(workspace, mrkdwn, `view-${view.id}`, view, view.errors);
  const titleId = `modal-title-${view.id}`;
  return html`<section class="modal" role="dialog" aria-modal="true" aria-labelledby="${titleId}" data-surface="view" data-view-id="${view.id}" data-callback-id="${view.callbackId}">
    <header class="modal-header">
      ${depth > 1 ? html`<button type="button" class="icon-button modal-back" title="Back" aria-label="Back">←</button>` : ''}
      <span class="modal-app">${avatar(workspace.bot.name, true)}</span>
      <h2 class="modal-title" id="${titleId}">${view.title.text}</h2>
      ${depth > 1 ? html`<span class="modal-depth" title="Views in the stack">${depth} views</span>` : ''}
      <button type="button" class="icon-button modal-dismiss" title="Close" aria-label="Close">×</button>
    </header>
    <form class="modal-body" novalidate>${renderBlocks(view.blocks, context)}</form>
    ${problem ? html`<div class="modal-problem" role="alert">${problem}</div>` : ''}
    <footer class="modal-footer">
      <button type="button" class="bk-button modal-close">${view.close?.text ?? 'Cancel'}</button>
      ${view.submit ? html`<button type="button" class="bk-button bk-primary modal-submit">${view.submit.text}</button>` : ''}
    </footer>
  </section>`;
}

/**
 * The bot's Home tab as the person sees it: the blocks it published, buttons on the `home`
 * surface (a click is `block_actions` from a `home` view, as in Slack).
 */
function renderHome(workspace: SlackWorkspace, user: SlackUser, mrkdwn: MrkdwnContext): ConsoleState['home'] {
  const home = workspace.homeView(user.id);
  if (home === undefined) return null;
  // views.publish keeps the blocks as the app sent them; the renderer draws anything it cannot read as a placeholder.
  const context = blockContext(workspace, mrkdwn, 'home', { blocks: home.blocks as AnyBlock[], enteredValues: {} });
  return {
    publishedAt: home.publishedAt,
    html: html`<section class="home-view" data-surface="home" aria-label="${workspace.bot.name} Home">${renderBlocks(
      home.blocks,
      context,
    )}</section>`.toString(),
  };
}

/** What drawing one surface's blocks needs: the reader's mrkdwn context, its values and errors, the pickers' directory. */
function blockContext(
  workspace: SlackWorkspace,
  mrkdwn: MrkdwnContext,
  idPrefix: string,
  values: Pick<ModalViewRecord, 'blocks' | 'enteredValues'>,
  errors: Readonly<Record<string, string>> = {},
): BlockRenderContext {
  return {
    ...mrkdwn,
    state: viewStateValues(values),
    errors,
    idPrefix,
    people: peopleOf(workspace),
    conversations: conversationsOf(workspace),
  };
}

function welcomeCard(facts: ConsoleFacts): SafeHtml {
  const first = facts.connectors[0];
  const id = first?.id ?? '<voice-connector-id>';
  const approvers = approverNames(facts.workspace, facts.approvers);
  const approvalChannel = approvalChannelName(facts.workspace, facts.approvalChannel);
  const chip = (text: string) =>
    html`<button type="button" class="command-chip" data-command="${text}">${text}</button>`;
  return html`<section class="welcome" aria-label="Sandbox guide">
    <h2>Welcome to the sandbox</h2>
    <p>This page plays Slack for the bot: pick who you are at the top, type slash commands below, click what the bot sends. Nothing here touches a real Slack workspace or AWS account.</p>
    <ol>
      <li>As <strong>alice</strong>, read a connector: ${chip(`${facts.command} termination ${id}`)}</li>
      <li>Ask for a change: ${chip(`${facts.command} origination ${id}`)} edit a route, give a justification, submit.</li>
      <li>Open ${approvalChannel}: alice cannot approve her own request; switch to <strong>bob</strong> and approve.</li>
      <li>Read the trail: ${chip(`${facts.command} audit ${id}`)}</li>
      ${proxyStep(facts, chip)}
    </ol>
    <p class="welcome-facts">Approvers: ${approvers || 'nobody (set APPROVERS)'} · Connectors: ${facts.connectors.map(
      (connector, index) =>
        html`${index > 0 ? ', ' : ''}<code>${connector.id}</code> ${connector.name}${
          connector.region === facts.defaultRegion ? '' : html` (<code>--region ${connector.region}</code>)`
        }`,
    )} · ${facts.dataDirectory ? `Data kept in ${facts.dataDirectory}` : 'Data in memory'} · ${chip(`${facts.command} help`)}</p>
  </section>`;
}

/**
 * Where to find a proxy session ID, which nobody could guess: the proxy card lists the open ones,
 * and the sandbox's seeded IDs are here to copy.
 */
function proxyStep(facts: ConsoleFacts, chip: (text: string) => SafeHtml): SafeHtml | '' {
  const connector = facts.connectors.find((candidate) => (candidate.proxySessions ?? []).length > 0);
  if (connector === undefined) return '';
  const region = connector.region === facts.defaultRegion ? '' : ` --region ${connector.region}`;
  const sessions = connector.proxySessions ?? [];
  const first = sessions.find((session) => session.status !== 'Closed') ?? sessions[0];
  return html`<li>Proxy sessions: ${chip(`${facts.command} proxy ${connector.id}${region}`)} lists the open ones. Seeded: ${sessions.map(
    (session, index) =>
      html`${index > 0 ? ', ' : ''}<code>${session.id}</code> ${session.name} (${statusWords(session.status)})`,
  )}. Look one up: ${first ? chip(`${facts.command} session ${connector.id} ${first.id}${region}`) : ''}</li>`;
}

function statusWords(status: string): string {
  return status === 'InProgress' ? 'in progress' : status.toLowerCase();
}

function avatar(name: string, app: boolean): SafeHtml {
  const initial = (name.trim()[0] ?? '?').toUpperCase();
  let hash = 0;
  for (const character of name) hash = (hash * 31 + character.charCodeAt(0)) % 6;
  return html`<span class="avatar avatar-${app ? 'app' : String(hash)}" aria-hidden="true">${initial}</span>`;
}

function clockTime(ts: string, timeZone: string): string {
  const millis = Number(ts.split('.')[0]) * 1000;
  try {
    return new Intl.DateTimeFormat('en-US', { timeZone, hour: 'numeric', minute: '2-digit' }).format(new Date(millis));
  } catch {
    return new Date(millis).toISOString().slice(11, 16);
  }
}

function peopleOf(workspace: SlackWorkspace) {
  return workspace
    .listUsers()
    .filter((person) => !person.isBot)
    .map((person) => ({ id: person.id, name: person.name }));
}

function conversationsOf(workspace: SlackWorkspace) {
  return workspace
    .listChannels()
    .filter((channel) => channel.directMessageUserId === undefined)
    .map((channel) => ({ id: channel.id, name: channel.name }));
}

/** A person's own text as Slack stores it: `&`, `<` and `>` escaped, so it is never read as markup. */
export function escapeForSlack(text: string): string {
  return text.replaceAll('&', '&amp;').replaceAll('<', '&lt;').replaceAll('>', '&gt;');
}
