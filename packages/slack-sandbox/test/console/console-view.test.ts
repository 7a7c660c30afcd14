import { describe, expect, it } from 'vitest';
import { ConsoleNotes } from '../../src/console/console-notes';
import { type ConsoleFacts, consoleState, UnknownConsoleTargetError } from '../../src/console/console-view';
import { SlackWorkspace } from '../../src/slack/workspace';

function factsFor(workspace: SlackWorkspace, notes = new ConsoleNotes()): ConsoleFacts {
  return {
    workspace,
    notes,
    command: '/chime',
    approvers: { userIds: ['U0APPROVER'], groupIds: ['S0APPROVERS'] },
    approvalChannel: 'C0APPROVALS',
    connectors: [{ id: 'dx4h2k8m1p7q3r9s5t0v6w', name: 'Contact Center US East', region: 'us-east-1' }],
    defaultRegion: 'us-east-1',
  };
}

const modal = (title: string, submit?: string) => ({
  type: 'modal' as const,
  title: { type: 'plain_text' as const, text: title },
  ...(submit ? { submit: { type: 'plain_text' as const, text: submit } } : {}),
  blocks: [{ type: 'section' as const, text: { type: 'mrkdwn' as const, text: `*${title}*` } }],
});

describe('consoleState', () => {
  it('labels approvers, including those who approve through a user group, and guests', () => {
    const state = consoleState(factsFor(new SlackWorkspace()), 'U0REQUESTER');

    const roles = Object.fromEntries(state.users.map((user) => [user.name, user.roles]));
    expect(roles).toEqual({
      alice: [],
      bob: ['approver'],
      dave: ['approver via @voice-approvers'],
      carol: [],
      erin: ['guest'],
    });
    expect(state.channel).toEqual({ id: 'C0OPS', label: '#voice-ops' });
    expect(state.channels.map((channel) => channel.label)).toEqual(['#voice-ops', '#voice-approvals']);
  });

  it('interleaves the channel, the person’s own ephemeral messages and their notes by time', () => {
    // Prepare
    const workspace = new SlackWorkspace();
    const notes = new ConsoleNotes();
    notes.add({
      kind: 'command',
      userId: 'U0REQUESTER',
      channelId: 'C0OPS',
      ts: workspace.nextTs(),
      text: '/chime help',
    });
    workspace.postEphemeral({
      channelId: 'C0OPS',
      userId: 'U0REQUESTER',
      text: 'Help for alice',
      blocks: [],
      via: 'chat.postEphemeral',
    });
    workspace.postEphemeral({
      channelId: 'C0OPS',
      userId: 'U0APPROVER',
      text: 'Help for bob',
      blocks: [],
      via: 'chat.postEphemeral',
    });
    workspace.postMessage({
      channelId: 'C0OPS',
      text: 'Everyone sees this',
      blocks: [],
      asBot: true,
      via: 'chat.postMessage',
    });

    // Act
    const state = consoleState(factsFor(workspace, notes), 'U0REQUESTER', 'C0OPS');

    // Assess
    expect(state.timeline.map((entry) => [entry.kind, entry.text])).toEqual([
      ['command', '/chime help'],
      ['ephemeral', 'Help for alice'],
      ['message', 'Everyone sees this'],
    ]);
    expect(state.timelineHtml).toContain('Only visible to you');
    expect(state.timelineHtml).not.toContain('Help for bob');
  });

  it('shows the top of a stacked modal with a way back, and the banner of a failed submission', () => {
    // Prepare
    const workspace = new SlackWorkspace();
    const notes = new ConsoleNotes();
    workspace.openView('U0APPROVER', modal('First view', 'Next'));
    const second = workspace.pushView('U0APPROVER', modal('Second view'));
    notes.setViewProblem('U0APPROVER', second?.id ?? '', 'We had some trouble connecting to the app');

    // Act
    const state = consoleState(factsFor(workspace, notes), 'U0APPROVER');

    // Assess
    expect(state.modal).toMatchObject({ title: 'Second view', depth: 2, viewId: second?.id });
    expect(state.modal?.html).toContain('modal-back');
    expect(state.modal?.html).toContain('2 views');
    expect(state.modal?.html).toContain('We had some trouble connecting to the app');
    // No submit button: the view has none, as in Slack.
    expect(state.modal?.html).not.toContain('modal-submit');
    expect(consoleState(factsFor(workspace, notes), 'U0REQUESTER').modal).toBeNull();
  });

  it('refuses a person who does not exist, and shows a person their first channel instead of one they are not in', () => {
    const facts = factsFor(new SlackWorkspace());

    expect(() => consoleState(facts, 'U0NOBODY')).toThrow(UnknownConsoleTargetError);
    expect(consoleState(facts, 'U0GUEST', 'C0APPROVALS').channel).toEqual({ id: 'C0OPS', label: '#voice-ops' });
    expect(consoleState(facts, 'U0GUEST').channels.map((channel) => channel.id)).toEqual(['C0OPS']);
  });
});
