import { createServer } from 'node:net';
import { SandboxStartError } from './sandbox-start-error';

/**
 * A TCP port nobody listens on at this moment. Another process may still take it before we bind
 * it, so callers that bind later must be ready for `EADDRINUSE`.
 */
export async function findFreePort(host: string): Promise<number> {
  const probe = createServer();
  await new Promise<void>((resolve, reject) => {
    probe.once('error', reject);
    probe.listen(0, host, () => resolve());
  });
  const address = probe.address();
  await new Promise<void>((resolve) => probe.close(() => resolve()));
  if (address === null || typeof address === 'string') throw new Error('The port probe has no TCP address');
  return address.port;
}

/** Fails with a {@link SandboxStartError} saying what to do when `port` is taken on `host`. */
export async function assertPortFree(port: number, host: string): Promise<void> {
  const probe = createServer();
  try {
    await new Promise<void>((resolve, reject) => {
      probe.once('error', reject);
      probe.listen(port, host, () => resolve());
    });
  } catch (error) {
    throw portInUseError(port, host, error);
  }
  await new Promise<void>((resolve) => probe.close(() => resolve()));
}

export function isAddressInUse(error: unknown): boolean {
  return error instanceof Error && (error as NodeJS.ErrnoException).code === 'EADDRINUSE';
}

export function portInUseError(port: number, host: string, cause: unknown): SandboxStartError {
  if (!isAddressInUse(cause)) {
    const reason = cause instanceof Error ? cause.message : String(cause);
    return new SandboxStartError(`Cannot listen on ${host}:${port}: ${reason}`, { cause });
  }
  return new SandboxStartError(
    `Port ${port} on ${host} is already in use (another sandbox, or another server).\n` +
      `Stop whatever is using it, or start on another port: PORT=${port === 65535 ? 3001 : port + 1} npm start`,
    { cause },
  );
}
