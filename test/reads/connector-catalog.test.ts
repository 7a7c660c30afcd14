import { describe, expect, it } from 'vitest';
import { ChimeThrottledError } from '../../src/chime/chime-errors';
import type { ChimeRegion } from '../../src/chime/regions';
import type { VoiceConnectorSummary } from '../../src/chime/voice-connector';
import type { VoiceConnectors } from '../../src/chime/voice-connectors';
import { ManualClock } from '../../src/clock';
import { createLogger } from '../../src/logging/logger';
import { ConnectorCatalog } from '../../src/reads/connector-catalog';

const REFRESH_MS = 60_000;

function connector(voiceConnectorId: string, region: ChimeRegion, name: string): VoiceConnectorSummary {
  return { voiceConnectorId, region, name };
}

const CONTACT_CENTER = connector('abcdef1234567890abcdef', 'us-east-1', 'Contact center');
const BRANCHES = connector('0123456789abcdefghijkl', 'us-east-1', 'Branch offices');
const LONDON = connector('lon0123456789abcdefghi', 'eu-west-2', 'London trading');

/**
 * A {@link VoiceConnectors} that only lists: it counts ListVoiceConnectors per region, and answers
 * with what the test says next (a list, a failure, or a promise the test settles later).
 */
class ListingDouble implements Pick<VoiceConnectors, 'listVoiceConnectors'> {
  readonly calls: ChimeRegion[] = [];
  private answer: (region: ChimeRegion) => Promise<VoiceConnectorSummary[]>;

  constructor(lists: Partial<Record<ChimeRegion, VoiceConnectorSummary[]>>) {
    this.answer = async (region) => structuredClone(lists[region] ?? []);
  }

  answerWith(answer: (region: ChimeRegion) => Promise<VoiceConnectorSummary[]>): void {
    this.answer = answer;
  }

  async listVoiceConnectors(region: ChimeRegion): Promise<VoiceConnectorSummary[]> {
    this.calls.push(region);
    return this.answer(region);
  }

  callsFor(region: ChimeRegion): number {
    return this.calls.filter((called) => called === region).length;
  }
}

function throttled(region: ChimeRegion): ChimeThrottledError {
  return new ChimeThrottledError('AWS is throttling ListVoiceConnectors.', {
    operation: 'ListVoiceConnectors',
    region,
    awsErrorName: 'ThrottledClientException',
    awsMessage: 'Rate exceeded',
  });
}

function catalogOver(double: ListingDouble, clock: ManualClock, firstLoadBudgetMs = 1_000) {
  const notUsed = async (): Promise<never> => {
    throw new Error('the catalog only lists connectors');
  };
  const voiceConnectors: VoiceConnectors = {
    listVoiceConnectors: (region) => double.listVoiceConnectors(region),
    getTermination: notUsed,
    getProxy: notUsed,
    getProxySession: notUsed,
    getOrigination: notUsed,
    putOrigination: notUsed,
    listTerminationCredentialUsernames: notUsed,
    putTerminationCredentials: notUsed,
    send: notUsed,
  };
  return new ConnectorCatalog(voiceConnectors, createLogger('silent'), {
    clock,
    refreshMs: REFRESH_MS,
    firstLoadBudgetMs,
  });
}

/** Lets a background refresh started by the previous call finish. */
function backgroundWork(): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, 0));
}

describe('ConnectorCatalog', () => {
  it('answers many lookups within the refresh period from one ListVoiceConnectors', async () => {
    // Prepare
    const clock = new ManualClock();
    const chime = new ListingDouble({ 'us-east-1': [CONTACT_CENTER, BRANCHES] });
    const catalog = catalogOver(chime, clock);

    // Act: a person typing for most of a minute.
    const answers = [];
    for (let keystroke = 0; keystroke < 20; keystroke++) {
      answers.push(await catalog.connectors('us-east-1'));
      clock.advance(2_500);
    }

    // Assess
    expect(chime.callsFor('us-east-1')).toBe(1);
    for (const answer of answers) expect(answer).toEqual([CONTACT_CENTER, BRANCHES]);
  });

  it('lists again once the refresh period has passed', async () => {
    // Prepare
    const clock = new ManualClock();
    const lists: Partial<Record<ChimeRegion, VoiceConnectorSummary[]>> = { 'us-east-1': [CONTACT_CENTER] };
    const chime = new ListingDouble(lists);
    const catalog = catalogOver(chime, clock);
    await catalog.connectors('us-east-1');
    lists['us-east-1'] = [CONTACT_CENTER, BRANCHES];

    // Act
    clock.advance(REFRESH_MS + 1);
    await catalog.connectors('us-east-1');
    await backgroundWork();
    const refreshed = await catalog.connectors('us-east-1');

    // Assess
    expect(chime.callsFor('us-east-1')).toBe(2);
    expect(refreshed).toEqual([CONTACT_CENTER, BRANCHES]);
  });

  it('does not retry a failing ListVoiceConnectors on every lookup, and keeps serving the last good list', async () => {
    // Prepare: a good list, then, a refresh period later, AWS starts throttling.
    const clock = new ManualClock();
    const chime = new ListingDouble({ 'us-east-1': [CONTACT_CENTER] });
    const catalog = catalogOver(chime, clock);
    await catalog.connectors('us-east-1');
    chime.answerWith(async (region) => {
      throw throttled(region);
    });
    clock.advance(REFRESH_MS + 1);

    // Act
    const answers = [];
    for (let keystroke = 0; keystroke < 10; keystroke++) {
      answers.push(await catalog.connectors('us-east-1'));
      await backgroundWork();
      clock.advance(1_000);
    }

    // Assess
    expect(chime.callsFor('us-east-1')).toBe(2);
    for (const answer of answers) expect(answer).toEqual([CONTACT_CENTER]);
  });

  it('does not retry a failed first load within the refresh period, and tries again after it', async () => {
    // Prepare
    const clock = new ManualClock();
    const chime = new ListingDouble({ 'us-east-1': [CONTACT_CENTER] });
    const catalog = catalogOver(chime, clock);
    chime.answerWith(async (region) => {
      throw throttled(region);
    });

    // Act
    const duringOutage = [];
    for (let keystroke = 0; keystroke < 10; keystroke++) {
      duringOutage.push(await catalog.connectors('us-east-1'));
      clock.advance(1_000);
    }
    const callsDuringOutage = chime.callsFor('us-east-1');
    chime.answerWith(async () => [CONTACT_CENTER]);
    clock.advance(REFRESH_MS);
    const afterwards = await catalog.connectors('us-east-1');

    // Assess
    expect(duringOutage).toEqual(Array.from({ length: 10 }, () => undefined));
    expect(callsDuringOutage).toBe(1);
    expect(afterwards).toEqual([CONTACT_CENTER]);
    expect(chime.callsFor('us-east-1')).toBe(2);
  });

  it('gives up waiting for a slow first load after its budget, and serves the list once it arrives', async () => {
    // Prepare: ListVoiceConnectors answers only when the test says so.
    const clock = new ManualClock();
    const chime = new ListingDouble({});
    let answer: (connectors: VoiceConnectorSummary[]) => void = () => {};
    chime.answerWith(
      () =>
        new Promise((resolve) => {
          answer = resolve;
        }),
    );
    const catalog = catalogOver(chime, clock, 20);

    // Act
    const first = await catalog.connectors('us-east-1');
    answer([CONTACT_CENTER]);
    await backgroundWork();
    const later = await catalog.connectors('us-east-1');

    // Assess
    expect(first).toBeUndefined();
    expect(later).toEqual([CONTACT_CENTER]);
    expect(chime.callsFor('us-east-1')).toBe(1);
  });

  it('keeps each region to itself', async () => {
    // Prepare
    const clock = new ManualClock();
    const chime = new ListingDouble({ 'us-east-1': [CONTACT_CENTER, BRANCHES], 'eu-west-2': [LONDON] });
    const catalog = catalogOver(chime, clock);

    // Act
    const virginia = await catalog.connectors('us-east-1');
    const london = await catalog.connectors('eu-west-2');
    const virginiaAgain = await catalog.connectors('us-east-1');
    const londonAgain = await catalog.connectors('eu-west-2');

    // Assess
    expect(virginia).toEqual([CONTACT_CENTER, BRANCHES]);
    expect(virginiaAgain).toEqual(virginia);
    expect(london).toEqual([LONDON]);
    expect(londonAgain).toEqual(london);
    expect(chime.calls).toEqual(['us-east-1', 'eu-west-2']);
  });

  it('a failing region does not stop another region from loading', async () => {
    // Prepare
    const clock = new ManualClock();
    const chime = new ListingDouble({ 'eu-west-2': [LONDON] });
    chime.answerWith(async (region) => {
      if (region === 'us-east-1') throw throttled(region);
      return [LONDON];
    });
    const catalog = catalogOver(chime, clock);

    // Act
    const virginia = await catalog.connectors('us-east-1');
    const london = await catalog.connectors('eu-west-2');

    // Assess
    expect(virginia).toBeUndefined();
    expect(london).toEqual([LONDON]);
  });
});
