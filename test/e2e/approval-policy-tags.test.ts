import { SEED_BRANCH_OFFICES_CONNECTOR_ID, SEED_CONTACT_CENTER_CONNECTOR_ID } from '@chime-voice-ops/chime-emulator';
import { describe, expect, it } from 'vitest';
import { visibleTopView } from '../support/bot-harness';
import { APPROVALS, changeRequests, portChange, useBotHarnessWithSecurityGroup } from '../support/e2e-change-requests';
import { SECURITY, taggedPolicy } from '../support/policy-fixtures';
import { visible } from '../support/visible-text';

/** Seeded with `Environment=prod`. */
const PROD = SEED_CONTACT_CENTER_CONNECTOR_ID;
/** Seeded with `Environment=branch`. */
const BRANCH = SEED_BRANCH_OFFICES_CONNECTOR_ID;

const POLICY = taggedPolicy();

describe('approval policy: rules matching on connector tags (ListTagsForResource)', () => {
  const { harness } = useBotHarnessWithSecurityGroup(POLICY);
  const requests = changeRequests(harness);
  const { requestPortChange, submitForm, approve, approvalMessage } = requests;
  const putsTo = requests.originationPutsTo;

  it('the tagged connector falls under the tag rule and needs two approvals, one from @security', async () => {
    // Prepare
    const message = await requestPortChange('5090', PROD);
    expect(visible(message)).toContain('Policy rule *production* (rule 1 of the policy) applies');
    expect(visible(message)).toContain('Environment=prod');
    expect(visible(message)).toContain('0 of 2 approvals');
    expect(harness.chime.requestsFor('ListTagsForResource').length).toBeGreaterThan(0);

    // Act: one approval is not enough.
    await approve(message);

    // Assess
    expect(putsTo(PROD)).toHaveLength(0);
    expect(visible(approvalMessage(message.ts))).toContain('1 of 2 approvals');

    // Act: the second, from @security.
    await approve(message, SECURITY[0] as string);

    // Assess
    expect(putsTo(PROD)).toHaveLength(1);
    expect(visible(approvalMessage(message.ts))).toContain('2 of 2 approvals');
  });

  it('a connector tagged otherwise falls to the next rule: one approval applies', async () => {
    const applies = 'Policy rule *everything-else* (rule 2 of the policy) applies';
    await requests.expectAppliedOnOneApproval('5091', BRANCH, applies);
  });

  it('fails closed when the tags cannot be read: refused, audited, never the next rule', async () => {
    // Prepare
    harness.chime.failOperation('ListTagsForResource', { errorName: 'AccessDeniedException' });
    const before = harness.slack.workspace.messagesIn(APPROVALS).length;

    // Act
    await submitForm(`origination ${BRANCH}`, portChange('5092'));

    // Assess: no request was filed under any rule; the requester is told why; the refusal is audited.
    expect(harness.slack.workspace.messagesIn(APPROVALS)).toHaveLength(before);
    const shown = visibleTopView(harness, 'U0REQUESTER');
    expect(shown).toMatch(/tags of .* could not be read \(access denied\)/);
    const recent = await harness.core.auditLog.recentForActor('U0REQUESTER', 5, BRANCH);
    expect(recent).toContainEqual(
      expect.objectContaining({ action: 'change.request', outcome: 'denied', reason: 'connector-tags-unreadable' }),
    );
  });
});
