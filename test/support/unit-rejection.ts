/**
 * The error a promise rejects with, typed as the caller expects it; fails the test when the
 * promise resolves instead.
 */
export async function rejectionOf<E extends Error = Error>(promise: Promise<unknown>): Promise<E> {
  try {
    await promise;
  } catch (error) {
    return error as E;
  }
  throw new Error('Expected the call to fail, but it succeeded');
}
