/**
 * Typed fixture factories for the payloads Slack sends (as Bolt's own tests build theirs): view
 * state entries, and whole slash commands, block actions and view submissions for listener-level
 * tests. Every shared Slack fixture lives here.
 */

/** A text input's state as Slack sends it; an empty optional input comes back as `null`. */
export function textState(actionId: string, value: string | null) {
  return { [actionId]: { type: 'plain_text_input', value } };
}

/** A select's or radio group's state; `undefined` for nothing chosen (Slack sends `null`). */
export function selectedState(actionId: string, type: 'static_select' | 'radio_buttons', value: string | undefined) {
  return {
    [actionId]: {
      type,
      selected_option: value === undefined ? null : { text: { type: 'plain_text', text: value }, value },
    },
  };
}

/** What a person sees of a message: its fallback text and its blocks, as one searchable string. */
export function visible(message: { text: string; blocks: readonly unknown[] } | undefined): string {
  return message === undefined ? '' : `${message.text}\n${JSON.stringify(message.blocks)}`;
}
