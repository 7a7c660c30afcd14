import { describe, expect, it } from 'vitest';
import { escapeSlashCommandText } from '../../src/console/slash-command-text';
import { SlackWorkspace } from '../../src/slack/workspace';

describe('escapeSlashCommandText', () => {
  const workspace = new SlackWorkspace();

  it.each([
    ['audit --user @alice', 'audit --user <@U0REQUESTER|alice>'],
    ['audit --user @Alice', 'audit --user <@U0REQUESTER|alice>'],
    ['ask @bob, then (@dave).', 'ask <@U0APPROVER|bob>, then (<@U0APPROVER2|dave>).'],
    ['tell @here', 'tell <!here>'],
    ['mail bob@alice.example', 'mail bob@alice.example'],
    ['@nobody in #nowhere', '@nobody in #nowhere'],
    ['#voice-approvals', '<#C0APPROVALS|voice-approvals>'],
    ['a <b> & @alice', 'a &lt;b&gt; &amp; <@U0REQUESTER|alice>'],
    ['<@U0APPROVER>', '&lt;@U0APPROVER&gt;'],
  ])('sends %j as %j', (typed, sent) => {
    expect(escapeSlashCommandText(workspace, typed)).toBe(sent);
  });
});
