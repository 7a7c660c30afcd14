import { describe, expect, it } from 'vitest';
import { ChimeThrottledError } from '../../src/chime/chime-errors';
import { ManualClock } from '../../src/clock';
import { clientOf } from '../../src/drift/change-attribution';
import { CheckOutOfTimeError, ChimeCallPacer } from '../../src/drift/chime-call-pacer';

const throttled = () =>
  new ChimeThrottledError('Chime is throttling requests', {
    operation: 'GetVoiceConnectorTermination',
    region: 'us-east-1',
  });

/** A pacer on a clock its own waits move on: no test waits for real. */
function pacer(callsPerSecond = 10) {
  const clock = new ManualClock(0);
  const waits: number[] = [];
  const paced = new ChimeCallPacer({
    callsPerSecond,
    clock,
    random: () => 0.5,
    wait: async (ms) => {
      waits.push(ms);
      clock.advance(ms);
    },
  });
  return { paced, clock, waits };
}

describe('the drift check’s pacing', () => {
  it('spaces calls at the rate aimed at', async () => {
    // Prepare
    const { paced, clock } = pacer(10);

    // Act
    for (let call = 0; call < 10; call += 1) await paced.call(async () => 'ok', Number.POSITIVE_INFINITY);

    // Assess: ten calls, 100 ms apart, the first at once.
    expect(clock.now()).toBe(900);
    expect(paced.calls).toBe(10);
  });

  it('retries a throttled call after a growing wait and halves the rate, once a second at most', async () => {
    // Prepare
    const { paced, waits } = pacer(8);
    let attempts = 0;

    // Act
    const answer = await paced.call(async () => {
      attempts += 1;
      if (attempts < 4) throw throttled();
      return 'through';
    }, Number.POSITIVE_INFINITY);

    // Assess
    expect(answer).toBe('through');
    expect(paced.throttled).toBe(3);
    expect(waits.filter((ms) => ms >= 187)).toEqual([187.5, 375, 750]);
    expect(paced.rate).toBeLessThan(8);
    expect(paced.rate).toBeGreaterThanOrEqual(1);
  });

  it('ends the run rather than wait past its deadline, or when Chime keeps throttling', async () => {
    // Prepare
    const { paced } = pacer(1);

    // Act
    await paced.call(async () => 'first', 0);
    const late = paced.call(async () => 'second', 500);
    const stuck = pacer(100).paced.call(async () => {
      throw throttled();
    }, Number.POSITIVE_INFINITY);

    // Assess
    await expect(late).rejects.toBeInstanceOf(CheckOutOfTimeError);
    await expect(stuck).rejects.toBeInstanceOf(CheckOutOfTimeError);
  });
});

describe('which client made a change', () => {
  it.each([
    ['console.amazonaws.com', 'console'],
    ['AWS Internal', 'console'],
    ['aws-cli/2.17.0 md/awscrt#0.20.11 ua/2.0 os/linux', 'cli'],
    ['aws-sdk-js/3.1141.0 ua/2.1 os/linux lang/js', 'sdk'],
    ['Boto3/1.34.0 md/Botocore#1.34.0', 'sdk'],
    ['Terraform/1.9.0', 'other'],
  ] as const)('reads %s as %s', (userAgent, client) => {
    expect(clientOf(userAgent)).toBe(client);
  });
});
