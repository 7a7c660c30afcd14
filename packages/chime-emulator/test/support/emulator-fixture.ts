import type { ChimeSDKVoiceClient } from '@aws-sdk/client-chime-sdk-voice';
import { afterAll, afterEach, beforeAll } from 'vitest';
import { type ChimeEmulator, type ChimeEmulatorOptions, startChimeEmulator } from '../../src/chime-emulator';
import { chimeClientFor } from '../chime-test-client';

/** One emulator for a test file and the real SDK client on it (us-east-1, the test credentials). */
export interface EmulatorFixture {
  readonly emulator: ChimeEmulator;
  readonly client: ChimeSDKVoiceClient;
}

/**
 * Starts an emulator before the file's tests, puts it back to its seed after each test, and closes it
 * (and the client) after them all. Read `emulator` and `client` inside tests and hooks only: they exist
 * once `beforeAll` has run.
 */
export function useChimeEmulator(options?: ChimeEmulatorOptions): EmulatorFixture {
  let started: EmulatorFixture | undefined;
  const current = (): EmulatorFixture => {
    if (started === undefined) throw new Error('The emulator is started in beforeAll; use it inside a test.');
    return started;
  };

  beforeAll(async () => {
    const emulator = await startChimeEmulator(options);
    started = { emulator, client: chimeClientFor(emulator) };
  });

  afterEach(() => {
    started?.emulator.reset();
  });

  afterAll(async () => {
    started?.client.destroy();
    await started?.emulator.close();
  });

  return {
    get emulator() {
      return current().emulator;
    },
    get client() {
      return current().client;
    },
  };
}
