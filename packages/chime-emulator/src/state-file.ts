import {
  closeSync,
  existsSync,
  fsyncSync,
  mkdirSync,
  openSync,
  readFileSync,
  renameSync,
  rmSync,
  writeSync,
} from 'node:fs';
import { dirname } from 'node:path';
import { z } from 'zod';
import { RecordedChangeSchema } from './change-record';
import { EmulatorSeedSchema } from './emulator-seed';

/**
 * The emulator's state on disk, so that it survives a restart: the connectors with everything
 * configured on them (credentials with their passwords, as the emulator keeps them, which is why the
 * file is readable by its owner only), pings, logging, and the record of accepted changes.
 */

export const STATE_FILE_FORMAT = 'chime-voice-ops/chime-emulator-state';

/**
 * @example
 * { "format": "chime-voice-ops/chime-emulator-state", "version": 1, "savedAt": "2026-12-01T09:15:00.000Z",
 *   "state": { "VoiceConnectors": [ … ] }, "changes": [ … ] }
 */
export const StateFileSchema = z.object({
  format: z.literal(STATE_FILE_FORMAT),
  version: z.literal(1),
  savedAt: z.iso.datetime(),
  state: EmulatorSeedSchema,
  changes: z.array(RecordedChangeSchema),
});

export type StateFileContents = z.output<typeof StateFileSchema>;

export class StateFileError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'StateFileError';
  }
}

/** What the file at `path` holds, or `undefined` if there is none; throws {@link StateFileError} if it is unreadable. */
export function readStateFile(path: string): StateFileContents | undefined {
  if (!existsSync(path)) return undefined;
  let json: unknown;
  try {
    json = JSON.parse(readFileSync(path, 'utf8'));
  } catch (cause) {
    throw new StateFileError(`The emulator's state file ${path} is not JSON.`, { cause });
  }
  const parsed = StateFileSchema.safeParse(json);
  if (!parsed.success) {
    throw new StateFileError(`The emulator's state file ${path} is not one it wrote: ${z.prettifyError(parsed.error)}`);
  }
  return parsed.data;
}

let temporaryCounter = 0;

/**
 * Replaces the file at once: the contents go to a temporary file beside it, flushed to disk, which
 * is then renamed over it, so that a crash leaves the old state or the new one, never half of either.
 */
export function writeStateFile(path: string, contents: Omit<StateFileContents, 'format' | 'version'>): void {
  mkdirSync(dirname(path), { recursive: true });
  temporaryCounter += 1;
  const temporary = `${path}.${process.pid}.${temporaryCounter}.tmp`;
  const text = `${JSON.stringify({ format: STATE_FILE_FORMAT, version: 1, ...contents }, null, 2)}\n`;
  try {
    const descriptor = openSync(temporary, 'w', 0o600);
    try {
      writeSync(descriptor, text);
      fsyncSync(descriptor);
    } finally {
      closeSync(descriptor);
    }
    renameSync(temporary, path);
  } catch (error) {
    rmSync(temporary, { force: true });
    throw error;
  }
}
