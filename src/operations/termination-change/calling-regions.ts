/**
 * Calling regions as Chime takes them: ISO 3166-1 alpha-2 codes (the model only says "string";
 * the API reference says "in ISO 3166-1 alpha-2 format"). Which of these countries Chime SDK
 * Voice actually lets a connector call is not in the model: the bot accepts every assigned code,
 * and AWS's `BadRequestException` for one it does not serve is shown as AWS words it.
 */

/** The 249 officially assigned ISO 3166-1 alpha-2 codes (not the reserved ones such as EU or XK). */
const ISO_3166_ALPHA_2 = new Set(
  (
    'AD AE AF AG AI AL AM AO AQ AR AS AT AU AW AX AZ BA BB BD BE BF BG BH BI BJ BL BM BN BO BQ BR BS BT BV BW BY ' +
    'BZ CA CC CD CF CG CH CI CK CL CM CN CO CR CU CV CW CX CY CZ DE DJ DK DM DO DZ EC EE EG EH ER ES ET FI FJ FK ' +
    'FM FO FR GA GB GD GE GF GG GH GI GL GM GN GP GQ GR GS GT GU GW GY HK HM HN HR HT HU ID IE IL IM IN IO IQ IR ' +
    'IS IT JE JM JO JP KE KG KH KI KM KN KP KR KW KY KZ LA LB LC LI LK LR LS LT LU LV LY MA MC MD ME MF MG MH MK ' +
    'ML MM MN MO MP MQ MR MS MT MU MV MW MX MY MZ NA NC NE NF NG NI NL NO NP NR NU NZ OM PA PE PF PG PH PK PL PM ' +
    'PN PR PS PT PW PY QA RE RO RS RU RW SA SB SC SD SE SG SH SI SJ SK SL SM SN SO SR SS ST SV SX SY SZ TC TD TF ' +
    'TG TH TJ TK TL TM TN TO TR TT TV TW TZ UA UG UM US UY UZ VA VC VE VG VI VN VU WF WS YE YT ZA ZM ZW'
  ).split(' '),
);

/** Built on first use: loading ICU's region names costs a cold start more than the whole rest of this module. */
let regionNames: Intl.DisplayNames | undefined;

export function isCallingRegion(code: string): boolean {
  return ISO_3166_ALPHA_2.has(code);
}

/** `GB` → `United Kingdom`, from Node's ICU data; the code itself when ICU has no name. */
export function callingRegionName(code: string): string {
  try {
    regionNames ??= new Intl.DisplayNames(['en'], { type: 'region' });
    return regionNames.of(code) ?? code;
  } catch {
    return code;
  }
}

/** `GB (United Kingdom)`: how a region is shown next to its name. */
export function describeCallingRegion(code: string): string {
  const name = callingRegionName(code);
  return name === code ? code : `${code} (${name})`;
}

export type CallingRegionsReading = { ok: true; codes: string[] } | { ok: false; error: string };

/**
 * Reads the calling regions as typed: codes separated by commas, spaces or new lines, in any case.
 * Refuses an unknown code (naming it, cut short: the field takes country codes, nothing secret)
 * and a code given twice; keeps the order typed.
 *
 * @example
 * parseCallingRegions('us, ca\ngb'); // { ok: true, codes: ['US', 'CA', 'GB'] }
 */
export function parseCallingRegions(text: string): CallingRegionsReading {
  const codes: string[] = [];
  for (const word of text.split(/[\s,;]+/).filter(Boolean)) {
    const code = word.toUpperCase();
    if (!isCallingRegion(code)) {
      const shown = word.length > 12 ? `${word.slice(0, 11)}…` : word;
      return {
        ok: false,
        error: `\`${shown.replace(/`/g, "'")}\` is not an ISO 3166-1 alpha-2 country code (two letters, e.g. US, GB, DE).`,
      };
    }
    if (codes.includes(code)) return { ok: false, error: `${describeCallingRegion(code)} is listed twice.` };
    codes.push(code);
  }
  return { ok: true, codes };
}
