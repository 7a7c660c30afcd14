/**
 * Why the sandbox could not start, in words a person running `npm start` can act on (a port in
 * use, a data directory held by another sandbox). `npm start` prints the message and exits.
 */
export class SandboxStartError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'SandboxStartError';
  }
}
