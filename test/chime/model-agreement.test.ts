import { isDeepStrictEqual } from 'node:util';
import { describe, expect, it } from 'vitest';
import type { z } from 'zod';
import type { ShapeName } from '../../packages/chime-emulator/src/model-shapes';
// The emulator's validation is internal to its package; this test reaches in on purpose, to hold the
// two things generated from the one model to the same answers.
import { checkModelShape } from '../../packages/chime-emulator/src/model-validation';
import * as generated from '../../src/chime/chime-sdk-voice-schemas.generated';
import { samplesOf } from '../support/model-samples';
import { SERVICE_MODEL } from '../support/service-model';

type Answer = { ok: true; value: unknown } | { ok: false; violations: { path: PropertyKey[]; message: string }[] };

function botAnswer(name: string, value: unknown): Answer {
  const schema = (generated as Record<string, z.ZodType>)[`${name}Schema`];
  if (schema === undefined) throw new Error(`No generated schema for ${name}`);
  const parsed = schema.safeParse(value);
  return parsed.success
    ? { ok: true, value: parsed.data }
    : { ok: false, violations: parsed.error.issues.map(({ path, message }) => ({ path, message })) };
}

/** JSON has no `undefined`: a member zod keeps as `undefined` and one the emulator leaves out are the same on the wire. */
function asOnTheWire(answer: unknown): unknown {
  return JSON.parse(JSON.stringify(answer));
}

describe("the bot's zod schemas and the emulator's model table", () => {
  it('give the same answer for sample values of every shape: the value taken, or each violation with its path and message', () => {
    // Prepare
    const names = Object.keys(SERVICE_MODEL.shapes);
    const disagreements: string[] = [];
    let compared = 0;

    // Act
    for (const name of names) {
      for (const value of samplesOf(name)) {
        compared += 1;
        const bot = asOnTheWire(botAnswer(name, value));
        const emulator = asOnTheWire(checkModelShape(name as ShapeName, value));
        if (!isDeepStrictEqual(bot, emulator)) {
          disagreements.push(
            `${name} ${JSON.stringify(value)?.slice(0, 80)}: ${JSON.stringify({ bot, emulator }).slice(0, 400)}`,
          );
        }
      }
    }

    // Assess
    expect(disagreements.slice(0, 10)).toEqual([]);
    expect(compared).toBeGreaterThan(5_000);
  });
});
