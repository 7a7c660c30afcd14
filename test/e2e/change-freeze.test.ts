import { SEED_BRANCH_OFFICES_CONNECTOR_ID, SEED_CONTACT_CENTER_CONNECTOR_ID } from '@chime-voice-ops/chime-emulator';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ManualClock } from '../../src/clock';
import { type AwsJsonStandIn, type CalendarState, startAwsJsonStandIn } from '../lambda/aws-json-stand-in';
import { settle } from '../support/bot-harness';
import { changeRequests, useBotHarnessWithPolicy } from '../support/e2e-change-requests';
import { visible } from '../support/visible-text';

const HOUR = 3_600_000;

/** `2026-12-01T22:00`: a local date-time in UTC, as the policy writes it. */
const local = (at: number) => new Date(at).toISOString().slice(0, 16);

describe('change freezes through Slack payloads', () => {
  let aws: AwsJsonStandIn;
  const start = Math.floor(Date.now() / 60_000) * 60_000;
  const clock = new ManualClock(start);
  const calendar: Record<string, CalendarState> = { 'voice-calendar': { State: 'OPEN' } };

  // Before the bot starts: it reaches Systems Manager through AWS_ENDPOINT_URL_SSM.
  beforeAll(async () => {
    aws = await startAwsJsonStandIn({ parameters: {}, calendars: calendar });
    process.env.AWS_ENDPOINT_URL_SSM = aws.url;
  });
  afterAll(async () => {
    await aws?.close();
    delete process.env.AWS_ENDPOINT_URL_SSM;
  });

  const policy = `rules:
  - name: everything
    approvals: 1
    approvers: [S0APPROVERS]
freezes:
  - name: maintenance-weekend
    start: "${local(start - HOUR)}"
    end: "${local(start + 2 * HOUR)}"
    timeZone: UTC
changeCalendar: voice-calendar
duringFreeze: hold
`;
  const harness = useBotHarnessWithPolicy(policy, { clock });
  const { requestPortChange, approvalMessage, approve, originationPutsTo: putsTo } = changeRequests(harness);

  it('holds an approved change inside a freeze window, says until when, and applies it after the freeze', async () => {
    // Prepare: the request is made inside the window.
    const message = await requestPortChange('5095', SEED_CONTACT_CENTER_CONNECTOR_ID);
    expect(visible(message)).toContain('The change freeze *maintenance-weekend* is in effect until');
    expect(visible(message)).toContain(`<!date^${Math.floor((start + 2 * HOUR) / 1000)}^`);

    // Act
    await approve(message);

    // Assess: approved, not applied, and the message says why and until when.
    expect(putsTo(SEED_CONTACT_CENTER_CONNECTOR_ID)).toHaveLength(0);
    const held = visible(approvalMessage(message.ts));
    expect(held).toContain('Approved, held by a change freeze');
    expect(held).toContain('*Held:* the change freeze *maintenance-weekend* is in effect until');

    // A sweep during the freeze changes nothing; the request does not expire (TTL 60 minutes).
    clock.advance(90 * 60_000);
    await harness.server.sweeper.sweepOnce();
    await settle(harness);
    expect(putsTo(SEED_CONTACT_CENTER_CONNECTOR_ID)).toHaveLength(0);

    // Act: the first sweep after the freeze applies it, once.
    clock.advance(31 * 60_000);
    await harness.server.sweeper.sweepOnce();
    await harness.server.sweeper.sweepOnce();
    await settle(harness);

    // Assess
    expect(putsTo(SEED_CONTACT_CENTER_CONNECTOR_ID)).toHaveLength(1);
    expect(visible(approvalMessage(message.ts))).toContain('Applied');
  });

  it('a CLOSED Change Calendar holds the apply too, read with GetCalendarState', async () => {
    calendar['voice-calendar'] = { State: 'CLOSED', NextTransitionTime: new Date(clock.now() + HOUR).toISOString() };
    const message = await requestPortChange('5096', SEED_BRANCH_OFFICES_CONNECTOR_ID);

    await approve(message, 'U0APPROVER2');

    expect(putsTo(SEED_BRANCH_OFFICES_CONNECTOR_ID)).toHaveLength(0);
    expect(visible(approvalMessage(message.ts))).toContain('*Held:* the Change Calendar *voice-calendar* is in effect');
    expect(aws.calls.filter((call) => call.target === 'AmazonSSM.GetCalendarState').length).toBeGreaterThan(0);

    calendar['voice-calendar'] = { State: 'OPEN' };
    clock.advance(3 * 60_000);
    await harness.server.sweeper.sweepOnce();
    await settle(harness);
    expect(putsTo(SEED_BRANCH_OFFICES_CONNECTOR_ID)).toHaveLength(1);
  });
});
