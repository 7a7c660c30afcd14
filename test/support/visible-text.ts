/**
 * What a person sees of a message or a modal, as one string to search: its fallback text and its
 * blocks as JSON. `''` for nothing.
 *
 * @example
 * expect(visible(harness.slack.workspace.ephemeralsFor('U0REQUESTER').at(-1))).toContain('Termination');
 */
export function visible(message: { text?: string; blocks?: readonly unknown[] } | undefined): string {
  return message === undefined ? '' : `${message.text ?? ''}\n${JSON.stringify(message.blocks ?? [])}`;
}

/** Everything a message, a modal or a block carries, as JSON text to search. */
export function jsonText(subject: unknown): string {
  return JSON.stringify(subject);
}
