import type { ContextBlock } from '@slack/types';
import { contextBlock } from './slack-limits';

/** The date AWS announced the end of support for proxy sessions (the service model marks them deprecated). */
export const PROXY_END_OF_SUPPORT_ANNOUNCED = '2026-04-07';

export const PROXY_DEPRECATION_NOTE = `⚠️ *Deprecated by AWS:* proxy sessions are deprecated (end of support announced ${PROXY_END_OF_SUPPORT_ANNOUNCED}). This bot still reads them; plan to move away from them.`;

/** A visible note on every proxy card that AWS deprecated the feature. */
export function proxyDeprecationBlock(): ContextBlock {
  return contextBlock([PROXY_DEPRECATION_NOTE]);
}
