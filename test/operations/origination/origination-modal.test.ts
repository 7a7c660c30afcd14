import { describe, expect, it } from 'vitest';
import { originationModal, routeInput } from '../../../src/operations/origination/origination-modal';
import { MAX_ORIGINATION_ROUTES } from '../../../src/operations/origination/origination-rules';
import { expectWithinSlackLimits } from '../../support/block-kit-limits';
import { formMetadata, longHostRoute } from '../../support/change-fixtures';
import { jsonText } from '../../support/visible-text';

const REF = { voiceConnectorId: 'abcdef1234567890abcdef', region: 'us-east-1' } as const;

describe('origination modal', () => {
  it('labels every input "Route N · Field" and fits the route bound within the modal limits', () => {
    // Prepare
    const rows = formMetadata(MAX_ORIGINATION_ROUTES);
    const initialRoutes = Object.fromEntries(
      rows.rows.map((key, index) => [key, routeInput(longHostRoute(index + 1))]),
    );

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
      expect(jsonText(view)).toContain(`Route ${MAX_ORIGINATION_ROUTES} · ${field}`);
    }
    expect(jsonText(view)).toContain('Disabled');
    expect(jsonText(view)).toContain('Justification');
    expect(jsonText(view)).toContain('CR-ABCDEFGH');
    expect(jsonText(view)).not.toContain('origination_add_route');
  });

  it('offers Add route below the bound and starts a new row with SIP defaults', () => {
    const view = originationModal({ ref: REF, metadata: formMetadata(1), initialRoutes: {}, disabled: true });

    expectWithinSlackLimits(view, 'modal');
    expect(jsonText(view)).toContain('origination_add_route');
    expect(jsonText(view)).toContain('"initial_value":"5060"');
  });
});
