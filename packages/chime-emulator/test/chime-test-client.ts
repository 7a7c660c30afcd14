import { ChimeSDKVoiceClient } from '@aws-sdk/client-chime-sdk-voice';
import type { ChimeEmulator } from '../src/chime-emulator';

export const TEST_CREDENTIALS = { accessKeyId: 'test', secretAccessKey: 'test' };

/** The real SDK client pointed at the emulator (or anything with its URL), with no retries so each call is one request. */
export function chimeClientFor(
  emulator: Pick<ChimeEmulator, 'url'>,
  region = 'us-east-1',
  credentials: { accessKeyId: string; secretAccessKey: string } = TEST_CREDENTIALS,
): ChimeSDKVoiceClient {
  return new ChimeSDKVoiceClient({ region, endpoint: emulator.url, credentials, maxAttempts: 1 });
}

/** What the SDK throws for a service error, as far as tests look at it. */
export interface SdkError extends Error {
  $fault?: string;
  $metadata?: { httpStatusCode?: number; requestId?: string };
  Code?: string;
}

/** The error a call rejects with; fails the test if it resolves. */
export async function rejectionOf(promise: Promise<unknown>): Promise<SdkError> {
  try {
    await promise;
  } catch (error) {
    return error as SdkError;
  }
  throw new Error('Expected the call to fail, but it succeeded');
}

/**
 * Lets a test send what the SDK's types would not allow (a string port, a missing member): the real
 * client passes such values through unchecked, exactly as a buggy caller would.
 */
export function unchecked<T>(value: unknown): T {
  return value as T;
}

/** A raw HTTP request with a SigV4-shaped Authorization header (the emulator reads the scope only). */
export async function rawRequest(
  emulator: ChimeEmulator,
  options: {
    method?: string;
    path: string;
    body?: string;
    region?: string;
    service?: string;
    unsigned?: boolean;
    /** Default `test`. */
    accessKeyId?: string;
    headers?: Record<string, string>;
  },
): Promise<{ status: number; headers: Headers; text: string }> {
  const region = options.region ?? 'us-east-1';
  const service = options.service ?? 'chime';
  const headers: Record<string, string> = { 'content-type': 'application/json', ...options.headers };
  if (options.unsigned !== true) {
    headers.authorization = `AWS4-HMAC-SHA256 Credential=${options.accessKeyId ?? 'test'}/20240501/${region}/${service}/aws4_request, SignedHeaders=host;x-amz-date, Signature=${'0'.repeat(64)}`;
  }
  const response = await fetch(`${emulator.url}${options.path}`, {
    method: options.method ?? 'GET',
    headers,
    ...(options.body === undefined ? {} : { body: options.body }),
  });
  return { status: response.status, headers: response.headers, text: await response.text() };
}
