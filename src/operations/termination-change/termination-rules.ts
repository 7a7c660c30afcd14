import { z } from 'zod';
import { E164PhoneNumberSchema } from '../../chime/model-schemas';
import { parseCallingRegions } from './calling-regions';
import { type Cidr, parseCidr } from './cidr';

/**
 * The termination settings a change proposes. The Put always carries every field, because
 * PutVoiceConnectorTermination replaces the whole setting: a field left out is cleared.
 */
export const TerminationSettingsSchema = z.object({
  cpsLimit: z.number().int().min(1).optional(),
  defaultPhoneNumber: z.string().optional(),
  callingRegions: z.array(z.string()),
  cidrAllowedList: z.array(z.string()),
  disabled: z.boolean(),
});
export type TerminationSettings = z.infer<typeof TerminationSettingsSchema>;

/** The form's fields exactly as typed. */
export interface TerminationInput {
  cpsLimit: string;
  defaultPhoneNumber: string;
  callingRegions: string;
  cidrAllowedList: string;
  disabled: boolean;
}

export type TerminationField = keyof TerminationInput;

export type TerminationValidation =
  | { ok: true; termination: TerminationSettings; cidrs: Cidr[] }
  | { ok: false; errors: Partial<Record<TerminationField, string>> };

/** The model's `CpsLimit` is an integer of at least 1; AWS integers are 32-bit. */
const CPS_LIMIT_MAX = 2_147_483_647;
/** AWS documents no bound for the allow list; this keeps the form and the approval message readable. */
export const MAX_ALLOWED_CIDRS = 100;

/**
 * Checks a proposed termination against the service model (`CpsLimit` ≥ 1, `DefaultPhoneNumber`
 * E.164) and what the service documents but the model does not encode: calling regions are ISO
 * 3166-1 alpha-2 codes (at least one: the API reference calls them required), every allowed entry
 * is a CIDR block with no host bits, none twice, and never the whole address space.
 *
 * @example
 * validateTermination({ cpsLimit: '1', defaultPhoneNumber: '+14155550100', callingRegions: 'US, CA',
 *   cidrAllowedList: '203.0.113.0/24', disabled: false });
 */
export function validateTermination(input: TerminationInput): TerminationValidation {
  const errors: Partial<Record<TerminationField, string>> = {};

  const cpsText = input.cpsLimit.trim();
  let cpsLimit: number | undefined;
  if (cpsText === '') errors.cpsLimit = 'Enter the CPS limit (calls per second, 1 or more).';
  else if (!/^\d+$/.test(cpsText) || Number(cpsText) < 1 || Number(cpsText) > CPS_LIMIT_MAX) {
    errors.cpsLimit = 'The CPS limit is a whole number of calls per second, 1 or more.';
  } else cpsLimit = Number(cpsText);

  const number = input.defaultPhoneNumber.trim();
  if (number !== '' && !E164PhoneNumberSchema.safeParse(number).success) {
    errors.defaultPhoneNumber = 'Use E.164: a + and up to 15 digits, e.g. +14155550100.';
  }

  const regions = parseCallingRegions(input.callingRegions);
  if (!regions.ok) errors.callingRegions = regions.error;
  else if (regions.codes.length === 0) errors.callingRegions = 'List at least one country callers may reach, e.g. US.';

  const cidrs: Cidr[] = [];
  const lines = input.cidrAllowedList
    .split(/\r?\n/)
    .map((line) => line.trim())
    .filter(Boolean);
  if (lines.length > MAX_ALLOWED_CIDRS) errors.cidrAllowedList = `At most ${MAX_ALLOWED_CIDRS} CIDR blocks.`;
  for (const line of errors.cidrAllowedList ? [] : lines) {
    const parsed = parseCidr(line);
    if (!parsed.ok) {
      errors.cidrAllowedList = parsed.error;
      break;
    }
    if (cidrs.some((cidr) => cidr.text === parsed.cidr.text)) {
      errors.cidrAllowedList = `\`${parsed.cidr.text}\` is listed twice.`;
      break;
    }
    cidrs.push(parsed.cidr);
  }

  if (Object.keys(errors).length > 0 || !regions.ok) return { ok: false, errors };
  return {
    ok: true,
    cidrs,
    termination: {
      cpsLimit,
      ...(number !== '' ? { defaultPhoneNumber: number } : {}),
      callingRegions: regions.codes,
      cidrAllowedList: cidrs.map((cidr) => cidr.text),
      disabled: input.disabled,
    },
  };
}
