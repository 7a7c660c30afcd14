import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { loadModelRouteTable } from '../src/model-routes';
import { EMULATED_OPERATIONS, EMULATED_ROUTE_TABLE, EMULATED_ROUTES } from '../src/routes';

interface ModelOperation {
  http: { method: string; requestUri: string; responseCode?: number };
}

const model = JSON.parse(
  readFileSync(new URL('../../../reference/chime-sdk-voice-2022-08-03.service-2.json', import.meta.url), 'utf8'),
) as { operations: Record<string, ModelOperation> };

function segments(path: string): string[] {
  return path.split('/').slice(1);
}

describe('emulated routes', () => {
  it.each(EMULATED_OPERATIONS)('binds %s to the method, URI and success status of the model', (operation) => {
    // Prepare
    const http = model.operations[operation]?.http;

    // Act
    const ours = EMULATED_ROUTES[operation];

    // Assess
    expect(ours).toEqual({
      method: http?.method,
      requestUri: http?.requestUri,
      successStatus: http?.responseCode ?? 200,
    });
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

  it('names the model operation behind a route the emulator does not implement', async () => {
    // Prepare
    const table = await loadModelRouteTable();

    // Act
    const match = table.match(
      'POST',
      segments('/voice-connectors/abcdef1234567890abcdef'),
      new URLSearchParams('operation=associate-phone-numbers'),
    );

    // Assess
    expect(match?.operation).toBe('AssociatePhoneNumbersWithVoiceConnector');
  });

  it('matches every operation of the model at its own route', async () => {
    // Prepare
    const table = await loadModelRouteTable();

    // Act
    const mismatched = Object.entries(model.operations).filter(([operation, { http }]) => {
      const [path = '', query = ''] = http.requestUri.split('?');
      const concrete = path.replace(/\{[^}]+\}/g, 'label-value');
      return table.match(http.method, segments(concrete), new URLSearchParams(query))?.operation !== operation;
    });

    // Assess
    expect(mismatched.map(([operation]) => operation)).toEqual([]);
  });
});
