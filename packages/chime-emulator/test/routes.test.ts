import { describe, expect, it } from 'vitest';
import { MODEL_OPERATIONS } from '../src/chime-sdk-voice-model.generated';
import { EMULATED_OPERATIONS, EMULATED_ROUTE_TABLE, EMULATED_ROUTES, MODEL_ROUTE_TABLE } from '../src/routes';

function segments(path: string): string[] {
  return path.split('/').slice(1);
}

describe('emulated routes', () => {
  // The generated table itself is checked against the model by the root's test/scripts/generate-model.test.ts.
  it.each(EMULATED_OPERATIONS)('binds %s to the method, URI and success status of the model', (operation) => {
    // Prepare
    const { method, requestUri, successStatus } = MODEL_OPERATIONS[operation];

    // Act
    const ours = EMULATED_ROUTES[operation];

    // Assess
    expect(ours).toEqual({ method, requestUri, successStatus });
  });

  it('tells the two credential POSTs apart by their operation query parameter', () => {
    // Prepare
    const path = segments('/voice-connectors/abcdef1234567890abcdef/termination/credentials');

    // Act
    const put = EMULATED_ROUTE_TABLE.match('POST', path, new URLSearchParams('operation=put'));
    const remove = EMULATED_ROUTE_TABLE.match('POST', path, new URLSearchParams('operation=delete'));
    const neither = EMULATED_ROUTE_TABLE.match('POST', path, new URLSearchParams(''));

    // Assess
    expect(put?.operation).toBe('PutVoiceConnectorTerminationCredentials');
    expect(remove?.operation).toBe('DeleteVoiceConnectorTerminationCredentials');
    expect(neither).toBeUndefined();
  });

  it('keeps an empty label as a value rather than skipping the segment', () => {
    // Prepare
    const path = segments('/voice-connectors//termination');

    // Act
    const match = EMULATED_ROUTE_TABLE.match('GET', path, new URLSearchParams());

    // Assess
    expect(match).toEqual({ operation: 'GetVoiceConnectorTermination', labels: { voiceConnectorId: '' } });
  });

  it('names the model operation behind a route the emulator does not implement', () => {
    // Act
    const match = MODEL_ROUTE_TABLE.match(
      'POST',
      segments('/voice-connectors/abcdef1234567890abcdef'),
      new URLSearchParams('operation=associate-phone-numbers'),
    );

    // Assess
    expect(match?.operation).toBe('AssociatePhoneNumbersWithVoiceConnector');
  });

  it('matches every operation of the model at its own route', () => {
    // Act
    const mismatched = Object.entries(MODEL_OPERATIONS).filter(([operation, { method, requestUri }]) => {
      const [path = '', query = ''] = requestUri.split('?');
      const concrete = path.replace(/\{[^}]+\}/g, 'label-value');
      return MODEL_ROUTE_TABLE.match(method, segments(concrete), new URLSearchParams(query))?.operation !== operation;
    });

    // Assess
    expect(mismatched.map(([operation]) => operation)).toEqual([]);
  });
});
