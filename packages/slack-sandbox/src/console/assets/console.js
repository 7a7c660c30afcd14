// The sandbox console's page script. The server renders (and escapes) every message and modal;
// this script only fetches what to draw, keeps the acting person and channel, and turns clicks,
// choices and typing into the console's JSON requests. Text that arrives as data (suggestions,
// errors) is set with textContent, never as markup.

const elements = {
  actingUser: document.getElementById('acting-user'),
  workspaceName: document.getElementById('workspace-name'),
  connection: document.getElementById('connection'),
  channelList: document.getElementById('channel-list'),
  peopleList: document.getElementById('people-list'),
  callCount: document.getElementById('call-count'),
  callList: document.getElementById('call-list'),
  channelTitle: document.getElementById('channel-title'),
  channelNote: document.getElementById('channel-note'),
  timeline: document.getElementById('timeline'),
  home: document.getElementById('home'),
  homeItem: document.getElementById('home-item'),
  homeAppName: document.getElementById('home-app-name'),
  appTabs: document.getElementById('app-tabs'),
  composerHint: document.getElementById('composer-hint'),
  composer: document.getElementById('composer'),
  composerInput: document.getElementById('composer-input'),
  composerProblem: document.getElementById('composer-problem'),
  mentionList: document.getElementById('mention-list'),
  modalLayer: document.getElementById('modal-layer'),
  confirmDialog: document.getElementById('confirm-dialog'),
  toast: document.getElementById('toast'),
};

const view = {
  userId: '',
  channelId: '',
  timelineHtml: '',
  /** 'home' while the app's Home tab is on screen instead of the channel. */
  tab: '',
  homeHtml: '',
  /** The person the app was last told opened the Home tab (app_home_opened), while it stays open. */
  homeOpenedFor: '',
  /** The acting person's direct-message channel with the app: the Home tab's "Messages". */
  directChannelId: '',
  modalKey: '',
  modalViewId: '',
  /** The newest message each person has seen in each channel, for the unread marks. */
  lastSeen: new Map(),
  history: [],
  /** The people and user groups the composer offers after an @. */
  mentionable: [],
  pendingGoto: undefined,
  refreshing: false,
  refreshAgain: false,
};

// ---- talking to the console ------------------------------------------------------------------

/**
 * Posts to the console; answers `{ ok: false, error }` when the sandbox itself cannot be reached
 * (stopped, restarting), so that no caller loses what the person did without a word.
 */
async function post(path, body, { quiet = false } = {}) {
  let answer;
  try {
    const response = await fetch(path, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify(body),
    });
    answer = await response.json().catch(() => ({ ok: false, error: `the sandbox answered HTTP ${response.status}` }));
  } catch {
    answer = { ok: false, error: `the sandbox at ${location.host} is not answering (is npm start still running?)` };
  }
  if (answer.ok === false && !quiet) showToast(answer.error ?? 'Something went wrong');
  return answer;
}

async function refresh() {
  if (view.refreshing) {
    view.refreshAgain = true;
    return;
  }
  view.refreshing = true;
  const requested = `${view.userId}|${view.channelId}`;
  try {
    const query = new URLSearchParams({ user: view.userId, channel: view.channelId });
    const response = await fetch(`/console/state?${query}`);
    if (`${view.userId}|${view.channelId}` !== requested) {
      // The person switched while this was on its way: draw what they asked for instead.
      view.refreshAgain = true;
      return;
    }
    if (response.status === 404 && `${view.userId}${view.channelId}` !== '') {
      // Nobody by that name (an old link): show the first person instead.
      view.userId = '';
      view.channelId = '';
      view.refreshAgain = true;
      return;
    }
    const state = await response.json();
    if (state.sandbox === true) render(state);
  } catch (error) {
    showToast(`Could not reach the sandbox: ${error.message}`);
  } finally {
    view.refreshing = false;
    if (view.refreshAgain) {
      view.refreshAgain = false;
      void refresh();
    }
  }
}

let refreshTimer;
function refreshSoon() {
  clearTimeout(refreshTimer);
  refreshTimer = setTimeout(refresh, 30);
}

function listen() {
  const events = new EventSource('/console/events');
  events.addEventListener('open', () => {
    setConnection('live', 'live');
    refreshSoon();
  });
  events.addEventListener('change', refreshSoon);
  events.addEventListener('error', () => setConnection('offline', 'reconnecting…'));
}

function setConnection(kind, text) {
  elements.connection.className = `connection ${kind}`;
  elements.connection.textContent = text;
}

// ---- drawing ----------------------------------------------------------------------------------

function render(state) {
  view.userId = state.user.id;
  view.channelId = state.channel.id;
  writeHash();
  elements.workspaceName.textContent = `${state.team} workspace`;
  document.body.dataset.user = state.user.name;
  view.mentionable = [
    ...state.users.map((person) => ({ id: person.id, name: person.name, realName: person.realName })),
    ...state.userGroups.map((group) => ({ id: group.id, name: group.handle, realName: `${group.name} (group)` })),
  ];
  renderPeople(state);
  renderChannels(state);
  const onHome = view.tab === 'home';
  const who = `as ${state.user.name}${state.user.roles.length ? ` · ${state.user.roles.join(', ')}` : ''}`;
  elements.channelTitle.textContent = onHome ? state.app.name : state.channel.label;
  elements.channelNote.textContent = onHome ? `Home · ${who}` : who;
  elements.composerInput.placeholder = `Message ${state.channel.label}, or type ${state.command} help`;
  renderTimeline(state);
  renderHome(state);
  renderModal(state.modal);
  renderCalls(state.calls);
  view.lastSeen.set(
    `${state.user.id}|${state.channel.id}`,
    state.channels.find((c) => c.id === state.channel.id)?.latestTs ?? '',
  );
}

function renderPeople(state) {
  const label = (person) =>
    `${person.name} (${person.realName})${person.roles.length ? ` · ${person.roles.join(', ')}` : ''}`;
  const options = state.users.map((person) => {
    const option = new Option(label(person), person.id, false, person.id === state.user.id);
    return option;
  });
  elements.actingUser.replaceChildren(...options);
  elements.peopleList.replaceChildren(
    ...state.users.map((person) => {
      const item = document.createElement('li');
      const button = document.createElement('button');
      button.type = 'button';
      button.className = `sidebar-item person${person.id === state.user.id ? ' active' : ''}`;
      button.dataset.actAs = person.id;
      button.title = `Act as ${person.name}`;
      const name = document.createElement('span');
      name.textContent = person.name;
      button.append(name);
      for (const role of person.roles) {
        const badge = document.createElement('span');
        badge.className = `role role-${role.split(' ')[0]}`;
        badge.textContent = role;
        button.append(badge);
      }
      item.append(button);
      return item;
    }),
  );
}

function renderChannels(state) {
  elements.channelList.replaceChildren(
    ...state.channels.map((channel) => {
      const item = document.createElement('li');
      const button = document.createElement('button');
      button.type = 'button';
      const active = channel.id === state.channel.id && view.tab !== 'home';
      button.className = `sidebar-item channel-item${active ? ' active' : ''}`;
      button.dataset.channel = channel.id;
      button.textContent = channel.label;
      const seen = view.lastSeen.get(`${state.user.id}|${channel.id}`);
      if (
        channel.id !== state.channel.id &&
        channel.latestTs !== '' &&
        (seen === undefined || channel.latestTs > seen)
      ) {
        const dot = document.createElement('span');
        dot.className = 'unread';
        dot.title = 'New messages';
        button.append(dot);
      }
      item.append(button);
      return item;
    }),
  );
}

function renderTimeline(state) {
  const timeline = elements.timeline;
  if (state.timelineHtml !== view.timelineHtml) {
    const nearBottom = timeline.scrollTop + timeline.clientHeight >= timeline.scrollHeight - 60;
    const switched = timeline.dataset.channel !== `${state.user.id}|${state.channel.id}`;
    timeline.innerHTML = state.timelineHtml;
    timeline.dataset.channel = `${state.user.id}|${state.channel.id}`;
    view.timelineHtml = state.timelineHtml;
    if (nearBottom || switched) timeline.scrollTop = timeline.scrollHeight;
  }
  if (view.pendingGoto !== undefined) {
    const target = document.getElementById(`message-${view.pendingGoto}`);
    view.pendingGoto = undefined;
    if (target) {
      target.scrollIntoView({ block: 'center' });
      target.classList.add('highlight');
      setTimeout(() => target.classList.remove('highlight'), 2000);
    }
  }
}

/**
 * The app's Home tab in place of the channel, with Slack's Home | Messages tabs (Messages is the
 * direct-message channel with the app). Opening it tells the app (app_home_opened), which
 * answers by publishing the view; every later publish re-draws it.
 */
function renderHome(state) {
  const onHome = view.tab === 'home';
  const directChannel = state.channels.find((channel) => channel.direct);
  view.directChannelId = directChannel?.id ?? '';
  elements.homeAppName.textContent = state.app.name;
  elements.homeItem.classList.toggle('active', onHome);
  elements.home.hidden = !onHome;
  for (const part of [elements.timeline, elements.composer, elements.composerHint]) part.hidden = onHome;
  if (onHome) elements.composerProblem.hidden = true;
  elements.appTabs.hidden = !onHome && state.channel.id !== directChannel?.id;
  for (const tab of elements.appTabs.querySelectorAll('.app-tab')) {
    tab.classList.toggle('active', (tab.dataset.tab === 'home') === onHome);
  }
  if (!onHome) {
    view.homeOpenedFor = '';
    return;
  }
  if (view.homeOpenedFor !== state.user.id) {
    view.homeOpenedFor = state.user.id;
    void post('/console/home', { userId: state.user.id });
  }
  const homeHtml = state.home?.html ?? '';
  if (homeHtml === view.homeHtml && elements.home.childElementCount > 0) return;
  view.homeHtml = homeHtml;
  if (state.home) {
    elements.home.innerHTML = state.home.html;
  } else {
    const waiting = document.createElement('p');
    waiting.className = 'home-empty';
    waiting.textContent = `Opening ${state.app.name}'s Home tab…`;
    elements.home.replaceChildren(waiting);
  }
}

function renderModal(modal) {
  const layer = elements.modalLayer;
  if (modal === null) {
    if (!layer.hidden) {
      layer.hidden = true;
      layer.replaceChildren();
      elements.composerInput.focus();
    }
    view.modalKey = '';
    view.modalViewId = '';
    return;
  }
  if (modal.key === view.modalKey) return;
  const newView = modal.viewId !== view.modalViewId;
  view.modalKey = modal.key;
  view.modalViewId = modal.viewId;
  layer.innerHTML = modal.html;
  layer.hidden = false;
  const firstError = layer.querySelector('.has-error input, .has-error textarea, .has-error select');
  const firstField = layer.querySelector(
    '.modal-body input:not([type=hidden]), .modal-body textarea, .modal-body select',
  );
  if (firstError) firstError.focus();
  else if (newView && firstField) firstField.focus();
}

function renderCalls(calls) {
  elements.callCount.textContent = String(calls.length);
  elements.callList.replaceChildren(
    ...calls
      .slice()
      .reverse()
      .map((call) => {
        const item = document.createElement('li');
        item.className = call.ok ? 'call ok' : 'call failed';
        const method = document.createElement('code');
        method.textContent = call.method;
        const result = document.createElement('span');
        result.textContent = call.ok ? 'ok' : (call.error ?? 'failed');
        item.append(method, ' ', result);
        if (call.warnings.length > 0) {
          item.title = call.warnings.join('\n');
          item.classList.add('warned');
        }
        return item;
      }),
  );
}

let toastTimer;
function showToast(text) {
  elements.toast.textContent = text;
  elements.toast.hidden = false;
  clearTimeout(toastTimer);
  toastTimer = setTimeout(() => {
    elements.toast.hidden = true;
  }, 6000);
}

// ---- where things are -------------------------------------------------------------------------

function readHash() {
  const parameters = new URLSearchParams(location.hash.slice(1));
  view.userId = parameters.get('user') ?? '';
  view.channelId = parameters.get('channel') ?? '';
  view.tab = parameters.get('tab') === 'home' ? 'home' : '';
}

function writeHash() {
  const tab = view.tab === 'home' ? '&tab=home' : '';
  const hash = `#user=${encodeURIComponent(view.userId)}&channel=${encodeURIComponent(view.channelId)}${tab}`;
  if (location.hash !== hash) history.replaceState(null, '', hash);
}

function actAs(userId) {
  if (userId === view.userId) return;
  view.userId = userId;
  view.timelineHtml = '';
  view.homeHtml = '';
  view.modalKey = '';
  void refresh();
}

/** Opens the app's Home tab; Slack tells the app each time, so clicking it again refreshes it. */
function openHome() {
  view.tab = 'home';
  view.homeOpenedFor = '';
  view.homeHtml = '';
  void refresh();
}

function openDirectMessages() {
  if (view.directChannelId) openChannel(view.directChannelId);
  else showToast('No messages with the app yet');
}

function openChannel(channelId, ts) {
  view.tab = '';
  view.pendingGoto = ts;
  if (channelId !== view.channelId) {
    view.channelId = channelId;
    view.timelineHtml = '';
  }
  void refresh();
}

/** The surface an element is on: a modal, a channel message, an ephemeral message or the Home tab. */
function surfaceOf(element) {
  const holder = element.closest('[data-surface]');
  if (!holder) return undefined;
  const { surface, viewId, channel, ts } = holder.dataset;
  if (surface === 'view') return { kind: 'view', viewId };
  if (surface === 'message') return { kind: 'message', channelId: channel, ts };
  if (surface === 'ephemeral') return { kind: 'ephemeral', ts };
  if (surface === 'home') return { kind: 'home' };
  return undefined;
}

// ---- reading what the person entered -------------------------------------------------------

function controlValue(control) {
  const kind = control.dataset.kind;
  switch (kind) {
    case 'external_select':
      return control.dataset.selectedValue
        ? { value: control.dataset.selectedValue, text: control.dataset.selectedText ?? control.dataset.selectedValue }
        : null;
    case 'radio_buttons':
      return control.querySelector('input:checked')?.value ?? null;
    case 'checkboxes':
      return [...control.querySelectorAll('input:checked')].map((input) => input.value);
    case 'multi_static_select':
      return [...control.selectedOptions].map((option) => option.value);
    case 'plain_text_input':
    case 'email_text_input':
    case 'url_text_input':
    case 'number_input':
      return control.value;
    default:
      return control.value === '' ? null : control.value;
  }
}

/** Every input block's value in the modal, by block_id: Slack sends them all with any action on the view. */
function modalValues(modal) {
  const values = {};
  for (const control of modal.querySelectorAll('.bk-input [data-kind][data-block-id]')) {
    if (control.closest('.bk-unknown')) continue;
    values[control.dataset.blockId] = controlValue(control);
  }
  return values;
}

function confirmTemplateFor(control) {
  const holder = control.closest('.bk-element') ?? control.parentElement;
  const sibling = control.nextElementSibling;
  if (sibling?.matches('template.bk-confirm')) return sibling;
  return holder?.querySelector(':scope > template.bk-confirm') ?? undefined;
}

/** Slack's confirmation dialog: resolves true when the person confirms. */
function confirmFirst(template) {
  if (!template) return Promise.resolve(true);
  const dialog = elements.confirmDialog;
  dialog.replaceChildren(template.content.cloneNode(true));
  return new Promise((resolve) => {
    const finish = (answer) => {
      dialog.removeEventListener('cancel', onCancel);
      if (dialog.open) dialog.close();
      resolve(answer);
    };
    const onCancel = () => finish(false);
    dialog.addEventListener('cancel', onCancel);
    dialog.querySelector('.confirm-accept')?.addEventListener('click', () => finish(true), { once: true });
    dialog.querySelector('.confirm-deny')?.addEventListener('click', () => finish(false), { once: true });
    dialog.showModal();
    dialog.querySelector('.confirm-accept')?.focus();
  });
}

async function busy(control, work) {
  control.classList.add('is-busy');
  control.setAttribute('aria-busy', 'true');
  if ('disabled' in control) control.disabled = true;
  try {
    return await work();
  } finally {
    control.classList.remove('is-busy');
    control.removeAttribute('aria-busy');
    if ('disabled' in control) control.disabled = false;
  }
}

const SLACK_PERMALINK = /^https:\/\/[a-z0-9-]+\.slack\.com\/archives\/([A-Z0-9]+)\/p(\d{10})(\d{6})/;

// ---- acting -------------------------------------------------------------------------------------

async function clickButton(button) {
  const surface = surfaceOf(button);
  if (!surface) return;
  if (!(await confirmFirst(confirmTemplateFor(button)))) return;
  const url = button.dataset.url;
  if (url) {
    const inside = SLACK_PERMALINK.exec(url);
    if (inside) openChannel(inside[1], `${inside[2]}.${inside[3]}`);
    else window.open(url, '_blank', 'noopener,noreferrer');
  }
  const modal = button.closest('.modal');
  await busy(button, () =>
    post('/console/click', {
      userId: view.userId,
      surface,
      blockId: button.dataset.blockId,
      actionId: button.dataset.actionId,
      ...(modal ? { values: modalValues(modal) } : {}),
    }),
  );
}

async function choose(control, choice) {
  if (control.dataset.dispatch !== '1') return;
  const surface = surfaceOf(control);
  if (!surface) return;
  if (!(await confirmFirst(confirmTemplateFor(control)))) {
    void refresh();
    return;
  }
  const modal = control.closest('.modal');
  await post('/console/choose', {
    userId: view.userId,
    surface,
    blockId: control.dataset.blockId,
    actionId: control.dataset.actionId,
    choice,
    ...(modal ? { values: modalValues(modal) } : {}),
  });
}

async function submitModal(button) {
  const modal = button.closest('.modal');
  if (!modal) return;
  await busy(button, () =>
    post('/console/submit', { userId: view.userId, viewId: modal.dataset.viewId, values: modalValues(modal) }),
  );
}

async function runComposer(event) {
  event.preventDefault();
  const text = elements.composerInput.value.trim();
  if (text === '') return;
  view.history.push(text);
  elements.composerInput.value = '';
  showNotSent(undefined);
  const send = elements.composer.querySelector('.composer-send');
  const answer = await busy(send, () =>
    post('/console/command', { userId: view.userId, channelId: view.channelId, text }, { quiet: true }),
  );
  if (answer.ok !== false) return;
  // Nothing reached the app: say so beside the composer and give the text back to send again.
  if (elements.composerInput.value === '') elements.composerInput.value = text;
  showNotSent(answer.error ?? 'the sandbox did not say why');
  elements.composerInput.focus();
}

/** The composer's "Not sent" line, or none. */
function showNotSent(reason) {
  elements.composerProblem.hidden = reason === undefined;
  const sentence = reason === undefined || /[.?!]$/.test(reason) ? reason : `${reason}.`;
  elements.composerProblem.textContent =
    reason === undefined ? '' : `Not sent: ${sentence} Your text is still in the box; press Enter to try again.`;
}

// ---- @-mentions in the composer ---------------------------------------------------------------
// As in Slack: typing @ and a few letters offers people and groups; picking one writes @name, which the
// console sends the app as Slack escapes it (<@U…|name>).

/** The `@partial` just before the caret, if the person is typing a mention. */
function mentionBeingTyped() {
  const input = elements.composerInput;
  const caret = input.selectionStart ?? input.value.length;
  const match = /(^|\s)@([\w.-]*)$/.exec(input.value.slice(0, caret));
  if (!match) return undefined;
  return { start: caret - match[2].length - 1, end: caret, query: match[2].toLowerCase() };
}

function updateMentions() {
  const typed = mentionBeingTyped();
  const matches = typed
    ? view.mentionable
        .filter(
          (person) =>
            person.name.toLowerCase().startsWith(typed.query) ||
            person.realName
              .toLowerCase()
              .split(/\s+/)
              .some((word) => word.startsWith(typed.query)),
        )
        .slice(0, 8)
    : [];
  const list = elements.mentionList;
  list.replaceChildren(
    ...matches.map((person, index) => {
      const item = document.createElement('div');
      item.className = `mention-option${index === 0 ? ' highlighted' : ''}`;
      item.id = `mention-${person.id}`;
      item.setAttribute('role', 'option');
      item.setAttribute('aria-selected', String(index === 0));
      item.dataset.name = person.name;
      const name = document.createElement('strong');
      name.textContent = person.name;
      const realName = document.createElement('span');
      realName.className = 'mention-real-name';
      realName.textContent = person.realName;
      item.append(name, ' ', realName);
      return item;
    }),
  );
  list.hidden = matches.length === 0;
  elements.composerInput.setAttribute('aria-expanded', String(!list.hidden));
  if (matches.length > 0) elements.composerInput.setAttribute('aria-activedescendant', list.firstElementChild.id);
  else elements.composerInput.removeAttribute('aria-activedescendant');
}

function moveMentionHighlight(step) {
  const items = [...elements.mentionList.querySelectorAll('.mention-option')];
  const current = items.findIndex((item) => item.classList.contains('highlighted'));
  const next = (current + step + items.length) % items.length;
  items.forEach((item, index) => {
    item.classList.toggle('highlighted', index === next);
    item.setAttribute('aria-selected', String(index === next));
  });
  elements.composerInput.setAttribute('aria-activedescendant', items[next].id);
}

function pickMention(item) {
  const typed = mentionBeingTyped();
  const input = elements.composerInput;
  if (typed) {
    const inserted = `@${item.dataset.name} `;
    input.value = `${input.value.slice(0, typed.start)}${inserted}${input.value.slice(typed.end)}`;
    const caret = typed.start + inserted.length;
    input.setSelectionRange(caret, caret);
  }
  closeMentions();
  input.focus();
}

function closeMentions() {
  elements.mentionList.hidden = true;
  elements.mentionList.replaceChildren();
  elements.composerInput.setAttribute('aria-expanded', 'false');
  elements.composerInput.removeAttribute('aria-activedescendant');
}

/** Keys on the composer while suggestions show; true when the key was theirs. */
function mentionKey(event) {
  if (elements.mentionList.hidden) return false;
  if (event.key === 'ArrowDown' || event.key === 'ArrowUp') {
    moveMentionHighlight(event.key === 'ArrowDown' ? 1 : -1);
  } else if (event.key === 'Enter' || event.key === 'Tab') {
    const highlighted = elements.mentionList.querySelector('.mention-option.highlighted');
    if (!highlighted) return false;
    pickMention(highlighted);
  } else if (event.key === 'Escape') {
    closeMentions();
  } else {
    return false;
  }
  event.preventDefault();
  return true;
}

// ---- external selects -----------------------------------------------------------------------

const suggestTimers = new WeakMap();

function suggest(query) {
  const container = query.closest('.bk-external');
  const list = container.querySelector('.bk-suggestions');
  container.dataset.selectedValue = '';
  container.dataset.selectedText = '';
  clearTimeout(suggestTimers.get(container));
  const minimum = Number(container.dataset.minQuery ?? '3');
  if (query.value.length < minimum) {
    showSuggestions(container, list, [], `Type at least ${minimum} characters`);
    return;
  }
  suggestTimers.set(
    container,
    setTimeout(async () => {
      const surface = surfaceOf(container);
      const modal = container.closest('.modal');
      const answer = await post('/console/suggest', {
        userId: view.userId,
        surface,
        blockId: container.dataset.blockId,
        actionId: container.dataset.actionId,
        query: query.value,
        ...(modal ? { values: modalValues(modal) } : {}),
      });
      if (answer.ok !== true) return;
      showSuggestions(container, list, answer.options, answer.problem ?? (answer.options.length ? '' : 'No matches'));
    }, 200),
  );
}

function showSuggestions(container, list, options, note) {
  const items = options.map((option, index) => {
    const item = document.createElement('li');
    item.className = `bk-suggestion${index === 0 ? ' highlighted' : ''}`;
    item.setAttribute('role', 'option');
    item.dataset.value = option.value;
    item.dataset.text = option.text;
    item.textContent = option.text;
    return item;
  });
  if (note) {
    const item = document.createElement('li');
    item.className = 'bk-suggestion-note';
    item.textContent = note;
    items.push(item);
  }
  list.replaceChildren(...items);
  list.hidden = items.length === 0;
  container.querySelector('.bk-external-query')?.setAttribute('aria-expanded', String(!list.hidden));
}

function pickSuggestion(item) {
  const container = item.closest('.bk-external');
  container.dataset.selectedValue = item.dataset.value;
  container.dataset.selectedText = item.dataset.text;
  const query = container.querySelector('.bk-external-query');
  query.value = item.dataset.text;
  const list = container.querySelector('.bk-suggestions');
  list.hidden = true;
  query.setAttribute('aria-expanded', 'false');
  void choose(container, { value: item.dataset.value, text: item.dataset.text });
}

function moveHighlight(container, step) {
  const items = [...container.querySelectorAll('.bk-suggestion')];
  if (items.length === 0) return;
  const current = items.findIndex((item) => item.classList.contains('highlighted'));
  const next = (current + step + items.length) % items.length;
  items.forEach((item, index) => {
    item.classList.toggle('highlighted', index === next);
  });
}

// ---- wiring ---------------------------------------------------------------------------------------

document.addEventListener('click', (event) => {
  const target = event.target;
  if (!(target instanceof Element)) return;
  const chip = target.closest('.command-chip');
  if (chip) {
    elements.composerInput.value = chip.dataset.command ?? '';
    elements.composerInput.focus();
    return;
  }
  const goto = target.closest('[data-goto-channel]');
  if (goto) {
    event.preventDefault();
    openChannel(goto.dataset.gotoChannel, goto.dataset.gotoTs);
    return;
  }
  const channel = target.closest('[data-channel].sidebar-item');
  if (channel) return openChannel(channel.dataset.channel);
  if (target.closest('#home-item, .app-tab[data-tab="home"]')) return openHome();
  if (target.closest('.app-tab[data-tab="messages"]')) return openDirectMessages();
  const person = target.closest('[data-act-as]');
  if (person) return actAs(person.dataset.actAs);
  const mention = target.closest('.mention-option');
  if (mention) return pickMention(mention);
  const suggestion = target.closest('.bk-suggestion');
  if (suggestion) return pickSuggestion(suggestion);
  const button = target.closest('button[data-kind="button"]');
  if (button) return void clickButton(button);
  if (target.closest('.modal-submit')) return void submitModal(target.closest('.modal-submit'));
  if (target.closest('.modal-close, .modal-back')) return void post('/console/close', { userId: view.userId });
  if (target.closest('.modal-dismiss')) return void post('/console/close', { userId: view.userId, all: true });
  const dismiss = target.closest('.dismiss-ephemeral');
  if (dismiss) {
    const ts = dismiss.closest('[data-surface]')?.dataset.ts;
    if (ts) void post('/console/dismiss', { userId: view.userId, ts });
  }
});

document.addEventListener('change', (event) => {
  const target = event.target;
  if (!(target instanceof Element)) return;
  if (target === elements.actingUser) return actAs(elements.actingUser.value);
  const control = target.closest('[data-kind]');
  if (!control || control.dataset.kind === 'external_select') return;
  if (control.closest('.bk-input')?.classList.contains('has-error')) {
    control.closest('.bk-input').classList.remove('has-error');
  }
  void choose(control, controlValue(control));
});

document.addEventListener('input', (event) => {
  const target = event.target;
  if (target instanceof HTMLInputElement && target.classList.contains('bk-external-query')) suggest(target);
  if (target === elements.composerInput) {
    updateMentions();
    if (target.value === '') showNotSent(undefined);
  }
});

document.addEventListener('keydown', (event) => {
  const target = event.target;
  if (target instanceof HTMLInputElement && target.classList.contains('bk-external-query')) {
    const container = target.closest('.bk-external');
    if (event.key === 'ArrowDown' || event.key === 'ArrowUp') {
      event.preventDefault();
      moveHighlight(container, event.key === 'ArrowDown' ? 1 : -1);
    } else if (event.key === 'Enter') {
      event.preventDefault();
      const highlighted = container.querySelector('.bk-suggestion.highlighted');
      if (highlighted) pickSuggestion(highlighted);
    }
    return;
  }
  if (target === elements.composerInput && mentionKey(event)) return;
  if (target === elements.composerInput && event.key === 'ArrowUp' && elements.composerInput.value === '') {
    elements.composerInput.value = view.history.at(-1) ?? '';
    event.preventDefault();
    return;
  }
  if (event.key === 'Escape' && !elements.modalLayer.hidden && !elements.confirmDialog.open) {
    void post('/console/close', { userId: view.userId, all: true });
  }
  if (event.key === 'Enter' && target instanceof HTMLInputElement && target.closest('.modal-body')) {
    // Enter in a one-line field submits the modal, as in Slack.
    event.preventDefault();
    const submit = elements.modalLayer.querySelector('.modal-submit');
    if (submit) void submitModal(submit);
  }
});

document.addEventListener('focusin', (event) => {
  const target = event.target;
  // With min_query_length 0, Slack asks the app for options as soon as the menu opens.
  if (target instanceof HTMLInputElement && target.classList.contains('bk-external-query')) {
    const container = target.closest('.bk-external');
    if (target.value.length >= Number(container?.dataset.minQuery ?? '3') && !container?.dataset.selectedValue) {
      suggest(target);
    }
  }
});

document.addEventListener('focusout', (event) => {
  const target = event.target;
  if (target === elements.composerInput) setTimeout(closeMentions, 200);
  if (target instanceof HTMLInputElement && target.classList.contains('bk-external-query')) {
    const list = target.closest('.bk-external')?.querySelector('.bk-suggestions');
    setTimeout(() => {
      if (list) list.hidden = true;
    }, 200);
  }
});

elements.composer.addEventListener('submit', runComposer);
window.addEventListener('hashchange', () => {
  const before = `${view.userId}|${view.channelId}|${view.tab}`;
  readHash();
  if (`${view.userId}|${view.channelId}|${view.tab}` !== before) void refresh();
});

readHash();
listen();
void refresh();
