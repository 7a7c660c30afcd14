import { z } from 'zod';

/**
 * `view.state.values` as Slack sends it: block id → action id → element state. It comes from the
 * client, so it is parsed with zod and read through these helpers, which never throw on a
 * missing or odd value (an empty string reads as "not given").
 */
const ElementStateSchema = z
  .object({
    type: z.string(),
    value: z.string().nullish(),
    selected_option: z.object({ value: z.string() }).nullish(),
    selected_options: z.array(z.object({ value: z.string() })).nullish(),
  })
  .loose();

export const ViewStateSchema = z.record(z.string(), z.record(z.string(), ElementStateSchema));
export type ViewStateValues = z.infer<typeof ViewStateSchema>;

export function parseViewState(values: unknown): ViewStateValues {
  const parsed = ViewStateSchema.safeParse(values ?? {});
  return parsed.success ? parsed.data : {};
}

/** A text input's value, or a select's or radio group's selected value; `''` when absent. */
export function inputValue(state: ViewStateValues, blockId: string, actionId: string): string {
  const element = state[blockId]?.[actionId];
  return element?.value ?? element?.selected_option?.value ?? '';
}

export function selectedValues(state: ViewStateValues, blockId: string, actionId: string): string[] {
  return state[blockId]?.[actionId]?.selected_options?.map((option) => option.value) ?? [];
}
