import { readFile } from 'node:fs/promises';
import { z } from 'zod';
import { RouteTable } from './routes';

const MODEL_URL = new URL('../../../reference/chime-sdk-voice-2022-08-03.service-2.json', import.meta.url);

const ModelOperationsSchema = z.object({
  operations: z.record(z.string(), z.object({ http: z.object({ method: z.string(), requestUri: z.string() }) })),
});

/**
 * Every route of the service model, so that a request for an operation the emulator does not
 * implement can be answered with that operation's name rather than "unknown route".
 */
export async function loadModelRouteTable(): Promise<RouteTable> {
  const model = ModelOperationsSchema.parse(JSON.parse(await readFile(MODEL_URL, 'utf8')));
  return new RouteTable(Object.entries(model.operations).map(([operation, { http }]) => ({ operation, ...http })));
}
