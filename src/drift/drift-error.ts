/**
 * An error of the drift check that callers tell apart by its `code`. Its `name` is given rather
 * than read from the class, which the Lambda bundle's minifier renames.
 */
export abstract class DriftError extends Error {
  abstract readonly code: string;

  constructor(name: string, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = name;
  }
}
