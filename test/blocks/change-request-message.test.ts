import { describe, expect, it } from 'vitest';
import {
  changeOutcomeNotice,
  changeRequestedConfirmation,
  changeRequestMessage,
  historyLine,
} from '../../src/blocks/change-request-message';
import { rejectReasonModal } from '../../src/blocks/reject-reason-modal';
import { presentationOf } from '../../src/operations/change-requests/change-presentation';
import { credentialsModule } from '../../src/operations/credentials';
import { originationModule } from '../../src/operations/origination';
import { MAX_ORIGINATION_ROUTES } from '../../src/operations/origination/origination-rules';
import { expectWithinSlackLimits } from '../support/block-kit-limits';
import { credentialsRequest, longHostRoute, NOW, originationRequest } from '../support/change-fixtures';
import { jsonText } from '../support/visible-text';

const ORIGINATION = presentationOf(originationModule);
const CREDENTIALS = presentationOf(credentialsModule);

describe('change request message', () => {
  it('shows who asks, why, the connector and a field-by-field diff, with confirmed Approve and Reject', () => {
    const message = changeRequestMessage({
      change: ORIGINATION,
      request: originationRequest({
        before: {
          kind: 'origination',
          origination: { routes: [longHostRoute(1), longHostRoute(2), longHostRoute(3)], disabled: false },
        },
        proposed: {
          kind: 'origination',
          origination: {
            routes: [longHostRoute(1, { port: 5061, protocol: 'TCP' }), longHostRoute(4)],
            disabled: true,
          },
        },
      }),
    });

    expectWithinSlackLimits(message, 'message');
    const shown = jsonText(message);
    expect(shown).toContain('<@U0REQUESTER>');
    expect(shown).toContain('Add the second SBC');
    expect(shown).toContain('abcdef1234567890abcdef');
    expect(shown).toContain('port 5060 → *5061*');
    expect(shown).toContain('protocol UDP → *TCP*');
    expect(shown).toContain('*Added*');
    expect(shown).toContain('*Removed*');
    expect(shown).toContain('*Disabled:* No → *Yes*');
    expect(shown).toContain('"action_id":"change_approve"');
    expect(shown).toContain('"action_id":"change_reject"');
    expect(message.blocks.find((block) => block.type === 'actions')).toMatchObject({
      elements: [{ confirm: expect.any(Object) }, { confirm: expect.any(Object) }],
    });
  });

  it('stays within limits for the largest diff: ten routes replaced by ten others', () => {
    const before = Array.from({ length: MAX_ORIGINATION_ROUTES }, (_, index) => longHostRoute(index + 1));
    const after = before.map((_, index) =>
      longHostRoute(index + 1, { host: `new-${index}.${'x'.repeat(200)}.example.com` }),
    );
    const message = changeRequestMessage({
      change: ORIGINATION,
      request: originationRequest({
        justification: 'j'.repeat(500),
        before: { kind: 'origination', origination: { routes: before, disabled: false } },
        proposed: { kind: 'origination', origination: { routes: after, disabled: false } },
      }),
    });

    expectWithinSlackLimits(message, 'message');
  });

  it('once decided, drops the buttons and shows the outcome; an applied origination offers Revert', () => {
    const applied = changeRequestMessage({
      change: ORIGINATION,
      request: originationRequest({
        status: 'applied',
        approverId: 'U0APPROVER',
        after: { routes: [longHostRoute(9)], disabled: false },
      }),
    });
    const rejected = changeRequestMessage({
      change: ORIGINATION,
      request: originationRequest({ status: 'rejected', deciderId: 'U0APPROVER', reason: 'wrong SBC' }),
    });

    expect(jsonText(applied)).toContain('Applied');
    expect(jsonText(applied)).toContain('sbc9.');
    expect(jsonText(applied)).not.toContain('change_approve');
    expect(jsonText(applied)).toContain('change_revert');
    expect(jsonText(rejected)).toContain('wrong SBC');
    expect(jsonText(rejected)).not.toContain('change_revert');
    expect(jsonText(rejected)).not.toContain('change_approve');
  });

  it('shows credentials as usernames added and replaced, never a password', () => {
    const message = changeRequestMessage({ change: CREDENTIALS, request: credentialsRequest() });

    expectWithinSlackLimits(message, 'message');
    expect(jsonText(message)).toContain('Usernames added');
    expect(jsonText(message)).toContain('pbx-2');
    expect(jsonText(message)).toContain('Passwords replaced');
    expect(jsonText(message)).not.toContain('v1.sealed');
  });

  it('confirms to the requester with a link and a confirmed Cancel, and notifies the outcome', () => {
    const request = originationRequest();
    const confirmation = changeRequestedConfirmation({
      request,
      change: ORIGINATION,
      permalink: 'https://example.slack.com/archives/C0APPROVALS/p1',
      approvalChannel: 'C0APPROVALS',
    });
    const notice = changeOutcomeNotice({ ...request, status: 'expired' }, ORIGINATION);

    expectWithinSlackLimits(confirmation, 'message');
    expect(jsonText(confirmation)).toContain('<#C0APPROVALS>');
    expect(jsonText(confirmation)).toContain('"url":"https://example.slack.com/archives/C0APPROVALS/p1"');
    expect(jsonText(confirmation)).toContain('"action_id":"change_cancel"');
    expect(jsonText(notice)).toContain('Expired');
  });
});

describe('reject reason modal', () => {
  it('asks for a required reason and carries only the request id and channel', () => {
    const view = rejectReasonModal({ id: 'CR-ABCDEFGH', ch: 'C0APPROVALS' });

    expectWithinSlackLimits(view, 'modal');
    expect(JSON.parse(view.private_metadata ?? '{}')).toEqual({ id: 'CR-ABCDEFGH', ch: 'C0APPROVALS' });
    expect(jsonText(view)).toContain('Reason');
  });
});

describe('historyLine: an approval during or after a freeze', () => {
  const freeze = { name: 'year-end', source: 'policy' as const, until: NOW + 60_000, effect: 'hold' as const };

  it('says the approved request is held while the freeze lasts', () => {
    const held = { ...originationRequest(), status: 'approved' as const, freeze, updatedAt: NOW };
    expect(historyLine(held)).toMatch(/^🧊 Approved, held by the change freeze year-end until <!date\^/);
  });

  it('does not call it held when the freeze found at request time ended before the approval', () => {
    const late = { ...originationRequest(), status: 'approved' as const, freeze, updatedAt: NOW + 120_000 };
    expect(historyLine(late)).toBe('👍 Approved; applying.');
  });
});
