/**
 * What the Lambda bundle has in place of modules that Bolt loads at start-up but a Lambda never
 * runs (see scripts/build.ts). Each stand-in fails loudly, naming what is missing, if anything
 * ever uses it, rather than misbehaving quietly.
 *
 * @example
 * // what scripts/build.ts generates for @slack/bolt/dist/receivers/HTTPReceiver.js
 * export default unavailableClass('HTTPReceiver', 'the Lambda entry gives Bolt an AwsLambdaReceiver');
 */
export function unavailableClass(name: string, reason: string): new (...args: unknown[]) => never {
  const Unavailable = class {
    constructor() {
      throw unavailableError(name, reason);
    }
  };
  // Bolt's `instanceof` checks keep working, and stack traces name what was asked for.
  Object.defineProperty(Unavailable, 'name', { value: name });
  return Unavailable as new (
    ...args: unknown[]
  ) => never;
}

export function unavailableError(name: string, reason: string): Error {
  return new Error(`${name} is not included in the Lambda bundle (scripts/build.ts replaces it): ${reason}.`);
}
