import type { TerminationSettings } from './termination-rules';

export interface TerminationDiff {
  cpsLimit?: { from?: number; to?: number };
  defaultPhoneNumber?: { from?: string; to?: string };
  disabled?: { from: boolean; to: boolean };
  regionsAdded: string[];
  regionsRemoved: string[];
  cidrsAdded: string[];
  cidrsRemoved: string[];
}

/**
 * What a termination change does, field by field; calling regions and CIDR blocks as sets (their
 * order carries no meaning for Chime).
 *
 * @example
 * diffTermination(before, { ...before, callingRegions: [...before.callingRegions, 'GB'] }).regionsAdded; // ['GB']
 */
export function diffTermination(before: TerminationSettings, after: TerminationSettings): TerminationDiff {
  const diff: TerminationDiff = {
    regionsAdded: after.callingRegions.filter((code) => !before.callingRegions.includes(code)),
    regionsRemoved: before.callingRegions.filter((code) => !after.callingRegions.includes(code)),
    cidrsAdded: after.cidrAllowedList.filter((cidr) => !before.cidrAllowedList.includes(cidr)),
    cidrsRemoved: before.cidrAllowedList.filter((cidr) => !after.cidrAllowedList.includes(cidr)),
  };
  if (before.cpsLimit !== after.cpsLimit) diff.cpsLimit = { from: before.cpsLimit, to: after.cpsLimit };
  if (before.defaultPhoneNumber !== after.defaultPhoneNumber) {
    diff.defaultPhoneNumber = { from: before.defaultPhoneNumber, to: after.defaultPhoneNumber };
  }
  if (before.disabled !== after.disabled) diff.disabled = { from: before.disabled, to: after.disabled };
  return diff;
}

export function isEmptyTerminationDiff(diff: TerminationDiff): boolean {
  return (
    diff.cpsLimit === undefined &&
    diff.defaultPhoneNumber === undefined &&
    diff.disabled === undefined &&
    diff.regionsAdded.length + diff.regionsRemoved.length + diff.cidrsAdded.length + diff.cidrsRemoved.length === 0
  );
}
