import type { Risk } from '../../changes/change-risk';
import { describeCallingRegion } from './calling-regions';
import { allowedBy, BROAD_PREFIX, isBroad, parseCidr, sourceAddress } from './cidr';
import { diffTermination } from './termination-diff';
import type { TerminationSettings } from './termination-rules';

/** A CPS limit raised or lowered by this factor or more is a capacity warning. */
export const CPS_CHANGE_FACTOR = 2;

/**
 * The guardrails of a termination change, the telephony a SIP trunk's owner fears most:
 * - **lock-out** (high): the host the last health ping came from is allowed now and would not be;
 * - **toll fraud** (high): countries added to the calling regions;
 * - **outage** (high): Disabled turned on, so all outbound calls stop;
 * - **broad allow list** (warning): a block added wider than /24 (IPv4) or /48 (IPv6);
 * - **capacity** (warning): the CPS limit raised or lowered by a factor of 2 or more (how many
 *   calls per second the trunk really needs is not something the bot can know).
 *
 * @example
 * terminationRisks(before, after, { source: '203.0.113.10:5060' });
 */
export function terminationRisks(
  before: TerminationSettings,
  after: TerminationSettings,
  health: { source?: string } | undefined,
): Risk[] {
  const diff = diffTermination(before, after);
  const risks: Risk[] = [];
  const address = health?.source === undefined ? undefined : sourceAddress(health.source);
  if (
    address !== undefined &&
    allowedBy(address, before.cidrAllowedList) &&
    !allowedBy(address, after.cidrAllowedList)
  ) {
    risks.push({
      code: 'lock-out',
      level: 'high',
      summary: `The host now sending traffic (${address}, the source of the last health ping) would be blocked: its calls would fail.`,
    });
  }
  if (diff.regionsAdded.length > 0) {
    risks.push({
      code: 'toll-fraud',
      level: 'high',
      summary: `Calls to ${diff.regionsAdded.length === 1 ? 'a new country' : `${diff.regionsAdded.length} new countries`} would be allowed (${diff.regionsAdded.map(describeCallingRegion).join(', ')}): a trunk that can call more countries is worth more to toll fraud.`,
    });
  }
  if (diff.disabled?.to === true) {
    risks.push({ code: 'outage', level: 'high', summary: 'Termination would be disabled: all outbound calls stop.' });
  }
  const broad = diff.cidrsAdded.filter((text) => {
    const parsed = parseCidr(text);
    return parsed.ok && isBroad(parsed.cidr);
  });
  if (broad.length > 0) {
    risks.push({
      code: 'broad-allow-list',
      level: 'warning',
      summary: `${broad.join(', ')} ${broad.length === 1 ? 'is' : 'are'} wider than /${BROAD_PREFIX[4]} (IPv4) or /${BROAD_PREFIX[6]} (IPv6): many hosts could send calls.`,
    });
  }
  const { cpsLimit } = diff;
  if (cpsLimit?.from !== undefined && cpsLimit.to !== undefined) {
    const factor = Math.max(cpsLimit.from, cpsLimit.to) / Math.min(cpsLimit.from, cpsLimit.to);
    if (factor >= CPS_CHANGE_FACTOR) {
      risks.push({
        code: 'capacity',
        level: 'warning',
        summary: `The CPS limit would go from ${cpsLimit.from} to ${cpsLimit.to} (a factor of ${Number(factor.toFixed(1))}): check the trunk's peak calls per second.`,
      });
    }
  }
  return risks;
}
