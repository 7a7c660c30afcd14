import { SSMClient } from '@aws-sdk/client-ssm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SsmChangeCalendar } from '../../src/policy/ssm-change-calendar';
import { type AwsJsonStandIn, type CalendarState, startAwsJsonStandIn } from '../lambda/aws-json-stand-in';

/** The Change Calendar through the real SDK client over HTTP, the client built on the first read. */
describe('SsmChangeCalendar', () => {
  const calendars: Record<string, CalendarState> = {};
  let aws: AwsJsonStandIn;
  const client = () =>
    new SSMClient({
      region: 'us-east-1',
      endpoint: aws.url,
      credentials: { accessKeyId: 'AKIDTEST', secretAccessKey: 'test-secret' },
    });

  beforeAll(async () => {
    aws = await startAwsJsonStandIn({ parameters: {}, calendars });
  });

  afterAll(async () => {
    await aws?.close();
  });

  it('builds its client on the first read and keeps it for the next', async () => {
    // Prepare
    calendars['voice-freeze'] = { State: 'CLOSED', NextTransitionTime: '2026-12-24T08:00:00Z' };
    let built = 0;
    const calendar = new SsmChangeCalendar(async () => {
      built += 1;
      return client();
    });
    const before = aws.calls.length;

    // Act
    const closed = await calendar.state('voice-freeze');
    calendars['voice-freeze'] = { State: 'OPEN' };
    const open = await calendar.state('voice-freeze');
    calendar.destroy();

    // Assess
    expect(closed).toEqual({ open: false, nextTransition: Date.parse('2026-12-24T08:00:00Z') });
    expect(open).toEqual({ open: true });
    expect(built).toBe(1);
    expect(aws.calls.slice(before).map((call) => call.target)).toEqual([
      'AmazonSSM.GetCalendarState',
      'AmazonSSM.GetCalendarState',
    ]);
  });

  it('tries again to build a client that could not be built', async () => {
    // Prepare
    calendars['voice-freeze'] = { State: 'OPEN' };
    let attempts = 0;
    const calendar = new SsmChangeCalendar(async () => {
      attempts += 1;
      if (attempts === 1) throw new Error('the SSM package could not be loaded');
      return client();
    });

    // Act
    const first = calendar.state('voice-freeze');
    await expect(first).rejects.toThrow('the SSM package could not be loaded');
    const second = await calendar.state('voice-freeze');
    calendar.destroy();

    // Assess
    expect(second).toEqual({ open: true });
    expect(attempts).toBe(2);
  });
});
