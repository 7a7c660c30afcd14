import { z } from 'zod';

/**
 * What could go wrong if a change were applied, as its kind sees it (telephony guardrails: an
 * allow list that locks out the PBX, a country that opens the trunk to toll fraud, outbound calling
 * turned off). Computed when the request is made, shown in its approval message, stored with it
 * and in its audit entries, and computed again against a fresh read just before the apply: a high
 * risk that was not shown when the request was approved stops the apply.
 */
export const RISK_LEVELS = ['low', 'warning', 'high'] as const;
export type RiskLevel = (typeof RISK_LEVELS)[number];

export const RiskSchema = z.object({
  /** Stable, for comparing the risks shown at approval with those found at apply (`lock-out`, `toll-fraud`, …). */
  code: z.string().min(1).max(64),
  level: z.enum(['warning', 'high']),
  /** One plain sentence, no markup: "The host now sending traffic (203.0.113.10) would be blocked." */
  summary: z.string().min(1).max(500),
});
export type Risk = z.infer<typeof RiskSchema>;

/** `high` if any risk is, `warning` if any is, else `low`. */
export function riskLevelOf(risks: readonly Risk[]): RiskLevel {
  if (risks.some((risk) => risk.level === 'high')) return 'high';
  if (risks.some((risk) => risk.level === 'warning')) return 'warning';
  return 'low';
}

/** The high risks of `found` whose code is not among `shown`: what the approver never saw. */
export function unseenHighRisks(found: readonly Risk[], shown: readonly Risk[]): Risk[] {
  const seen = new Set(shown.map((risk) => risk.code));
  return found.filter((risk) => risk.level === 'high' && !seen.has(risk.code));
}
