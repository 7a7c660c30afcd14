import { describe, expect, it } from 'vitest';
import type { OriginationRoute } from '../../../src/chime/voice-connector';
import { originationModal, routeInput } from '../../../src/operations/origination/origination-modal';
import { MAX_ORIGINATION_ROUTES } from '../../../src/operations/origination/origination-rules';
import { expectWithinSlackLimits } from '../../support/block-kit-limits';
import { formMetadata } from '../../support/change-fixtures';

const REF = { voiceConnectorId: 'abcdef1234567890abcdef', region: 'us-east-1' } as const;

function route(index: number, overrides: Partial<OriginationRoute> = {}): OriginationRoute {
  return {
    host: `sbc${index}.a-rather-long-subdomain-name-for-testing.voice.example.com`,
    port: 5060,
    protocol: 'UDP',
    priority: index,
    weight: 100,
    ...overrides,
  };
}

function text(subject: unknown): string {
  return JSON.stringify(subject);
}

describe('origination modal', () => {
  it('labels every input "Route N · Field" and fits the route bound within the modal limits', () => {
    // Prepare
    const rows = formMetadata(MAX_ORIGINATION_ROUTES);
    const initialRoutes = Object.fromEntries(rows.rows.map((key, index) => [key, routeInput(route(index + 1))]));

    // Act
    const view = originationModal({
      ref: REF,
      metadata: rows,
      initialRoutes,
      disabled: false,
      openRequestId: 'CR-ABCDEFGH',
    });

    // Assess
    expectWithinSlackLimits(view, 'modal');
    for (const field of ['Host', 'Port', 'Protocol', 'Priority', 'Weight']) {
      expect(text(view)).toContain(`Route ${MAX_ORIGINATION_ROUTES} · ${field}`);
    }
    expect(text(view)).toContain('Disabled');
    expect(text(view)).toContain('Justification');
    expect(text(view)).toContain('CR-ABCDEFGH');
    expect(text(view)).not.toContain('origination_add_route');
  });

  it('offers Add route below the bound and starts a new row with SIP defaults', () => {
    const view = originationModal({ ref: REF, metadata: formMetadata(1), initialRoutes: {}, disabled: true });

    expectWithinSlackLimits(view, 'modal');
    expect(text(view)).toContain('origination_add_route');
    expect(text(view)).toContain('"initial_value":"5060"');
  });
});
