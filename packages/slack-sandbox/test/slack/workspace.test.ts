import { describe, expect, it } from 'vitest';
import { ManualClock } from '../../src/slack/clock';
import { SlackWorkspace, WaitForCallTimeoutError, type WorkspaceChange } from '../../src/slack/workspace';
import { defaultWorkspaceFixture, SandboxUserId } from '../../src/slack/workspace-fixture';

describe('Slack stand-in workspace', () => {
  it('starts with the sandbox cast', () => {
    // Act
    const workspace = new SlackWorkspace();

    // Assess
    expect(workspace.team).toMatchObject({ id: 'T0SANDBOX', name: 'Sandbox' });
    expect(workspace.listUsers().map((user) => user.name)).toEqual(['alice', 'bob', 'dave', 'carol', 'erin']);
    expect(workspace.user(SandboxUserId.Guest)?.isRestricted).toBe(true);
    expect(workspace.userGroup('S0APPROVERS')).toMatchObject({
      handle: 'voice-approvers',
      userIds: ['U0APPROVER', 'U0APPROVER2'],
    });
    expect(workspace.listChannels().map((channel) => channel.name)).toEqual(['voice-ops', 'voice-approvals']);
  });

  it('takes a different fixture, without sharing it with other workspaces', () => {
    // Prepare
    const fixture = defaultWorkspaceFixture();
    const [alice] = fixture.users;
    if (alice === undefined) throw new Error('the default fixture has people');
    fixture.users.push({ ...alice, id: 'U0MALLORY', name: 'mallory', realName: 'Mallory' });

    // Act
    const custom = new SlackWorkspace({ fixture });
    const standard = new SlackWorkspace();

    // Assess
    expect(custom.user('U0MALLORY')?.name).toBe('mallory');
    expect(standard.user('U0MALLORY')).toBeUndefined();
  });

  it('tells listeners about every change, until they stop listening', () => {
    // Prepare
    const workspace = new SlackWorkspace();
    const seen: WorkspaceChange['type'][] = [];
    const stop = workspace.onChange((change) => seen.push(change.type));

    // Act
    const message = workspace.postMessage({
      channelId: 'C0OPS',
      text: 'one',
      blocks: [],
      asBot: true,
      via: 'chat.postMessage',
    });
    workspace.updateMessage('C0OPS', message.ts, { text: 'two', editedBy: 'U0BOT' });
    workspace.postEphemeral({
      channelId: 'C0OPS',
      userId: SandboxUserId.Requester,
      text: 'psst',
      blocks: [],
      via: 'chat.postEphemeral',
    });
    workspace.openView(SandboxUserId.Requester, {
      type: 'modal',
      title: { type: 'plain_text', text: 'T' },
      blocks: [],
    });
    stop();
    workspace.deleteMessage('C0OPS', message.ts);

    // Assess
    expect(seen).toEqual(['message_posted', 'message_updated', 'ephemeral_posted', 'views_changed']);
  });

  it('gives a snapshot that survives JSON and later changes', () => {
    // Prepare
    const workspace = new SlackWorkspace();
    workspace.postMessage({ channelId: 'C0OPS', text: 'before', blocks: [], asBot: true, via: 'chat.postMessage' });

    // Act
    const snapshot = JSON.parse(JSON.stringify(workspace.snapshot()));
    workspace.postMessage({ channelId: 'C0OPS', text: 'after', blocks: [], asBot: true, via: 'chat.postMessage' });

    // Assess
    expect(snapshot.channels[0].messages.map((message: { text: string }) => message.text)).toEqual(['before']);
  });

  it('issues message timestamps that keep increasing while the clock stands still', () => {
    // Prepare
    const workspace = new SlackWorkspace({ clock: new ManualClock(1_760_000_000_000) });

    // Act
    const stamps = [workspace.nextTs(), workspace.nextTs(), workspace.nextTs()];

    // Assess
    expect(stamps).toEqual(['1760000000.000000', '1760000000.000001', '1760000000.000002']);
  });

  it('honours a trigger id once, within three seconds', () => {
    // Prepare
    const clock = new ManualClock();
    const workspace = new SlackWorkspace({ clock });
    const fresh = workspace.issueTrigger(SandboxUserId.Requester);
    const stale = workspace.issueTrigger(SandboxUserId.Requester);

    // Act
    const first = workspace.redeemTrigger(fresh);
    const second = workspace.redeemTrigger(fresh);
    clock.advance(3_001);
    const late = workspace.redeemTrigger(stale);

    // Assess
    expect(first.ok).toBe(true);
    expect(second).toEqual({ ok: false, error: 'exchanged_trigger_id' });
    expect(late).toEqual({ ok: false, error: 'expired_trigger_id' });
  });

  it('gives up waiting for a call that never comes', async () => {
    // Prepare
    const workspace = new SlackWorkspace();

    // Act
    const waiting = workspace.waitForCall('views.open', () => true, 20);

    // Assess
    await expect(waiting).rejects.toBeInstanceOf(WaitForCallTimeoutError);
  });
});
