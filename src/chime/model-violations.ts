import type { z } from 'zod';

/**
 * The path of a member as the caller named it, e.g. `Origination.Routes[0].Port`.
 */
export function formatMemberPath(path: readonly PropertyKey[]): string {
  let text = '';
  for (const segment of path) {
    if (typeof segment === 'number') text += `[${segment}]`;
    else text += text === '' ? String(segment) : `.${String(segment)}`;
  }
  return text;
}

/**
 * One sentence per broken constraint, in the form AWS uses for a 400, naming each member and never
 * quoting its value (values may be passwords or phone numbers).
 *
 * @example
 * describeModelViolations(error)
 * // "1 validation error detected: Value at 'Origination.Routes[0].Port' failed to satisfy constraint: Member must have value less than or equal to 65535"
 */
export function describeModelViolations(error: z.ZodError): string {
  const violations = error.issues.map((issue) => {
    const member = formatMemberPath(issue.path);
    const where = member === '' ? 'Value' : `Value at '${member}'`;
    return `${where} failed to satisfy constraint: ${issue.message}`;
  });
  const count = violations.length;
  return `${count} validation error${count === 1 ? '' : 's'} detected: ${violations.join('; ')}`;
}
