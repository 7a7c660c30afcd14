import type { SectionBlock } from '@slack/types';
import { countOf, inlineCode, NOT_SET } from './slack-formatting';
import { fitList, sectionBlock } from './slack-limits';

/**
 * How much of a section a list may take: below Slack's 3000 so that a card with two or three
 * long lists stays well inside the message's total text budget.
 */
export const LIST_SECTION_BUDGET = 2400;

/**
 * A titled section listing values in inline code (`US`, `10.0.0.0/24`), with their count, "… and N more"
 * when they do not fit, `_none_` for an empty list and `_not set_` when AWS returned none.
 *
 * @example
 * codeList('Calling regions', ['US', 'CA'], { noun: 'region' }); // section "*Calling regions* (2 regions)\n`US`, `CA`"
 */
export function codeList(
  title: string,
  values: readonly string[] | undefined,
  options: { noun: string; plural?: string; maxChars?: number },
): SectionBlock {
  if (values === undefined) return sectionBlock(`*${title}*\n${NOT_SET}`);
  if (values.length === 0) return sectionBlock(`*${title}*\n_none_`);
  const heading = `*${title}* (${countOf(values.length, options.noun, options.plural)})`;
  const budget = (options.maxChars ?? LIST_SECTION_BUDGET) - heading.length - 1;
  return sectionBlock(`${heading}\n${fitList(values.map(inlineCode), { maxChars: budget }).text}`);
}
