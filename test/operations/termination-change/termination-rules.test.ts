import { describe, expect, it } from 'vitest';
import {
  callingRegionName,
  describeCallingRegion,
  parseCallingRegions,
} from '../../../src/operations/termination-change/calling-regions';
import { allowedBy, parseCidr, sourceAddress } from '../../../src/operations/termination-change/cidr';
import {
  MAX_ALLOWED_CIDRS,
  type TerminationInput,
  validateTermination,
} from '../../../src/operations/termination-change/termination-rules';

const GOOD: TerminationInput = {
  cpsLimit: '10',
  defaultPhoneNumber: '+14155550100',
  callingRegions: 'US, CA',
  cidrAllowedList: '203.0.113.0/24\n198.51.100.10/32',
  disabled: false,
};

describe('calling regions', () => {
  it('reads ISO 3166-1 alpha-2 codes separated by commas, spaces or new lines, in any case', () => {
    // Act
    const reading = parseCallingRegions('us, ca\ngb  de,fr');

    // Assess
    expect(reading).toEqual({ ok: true, codes: ['US', 'CA', 'GB', 'DE', 'FR'] });
  });

  it('names a country in English', () => {
    // Assess
    expect(callingRegionName('GB')).toBe('United Kingdom');
    expect(describeCallingRegion('DE')).toBe('DE (Germany)');
  });

  it.each(['EU', 'XK', 'ZZ', 'USA', 'U'])('refuses %s, which is not an assigned alpha-2 code', (code) => {
    // Act
    const reading = parseCallingRegions(`US ${code}`);

    // Assess
    expect(reading).toEqual({ ok: false, error: expect.stringContaining('is not an ISO 3166-1 alpha-2 country code') });
  });

  it('refuses a country listed twice', () => {
    // Assess
    expect(parseCallingRegions('US us')).toEqual({ ok: false, error: 'US (United States) is listed twice.' });
  });
});

describe('CIDR blocks', () => {
  it.each([
    ['203.0.113.0/24', '203.0.113.0/24', 4],
    ['198.51.100.10/32', '198.51.100.10/32', 4],
    ['2001:db8::/32', '2001:db8::/32', 6],
    ['2001:DB8:0:0::/48', '2001:db8::/48', 6],
  ])('accepts %s', (text, canonical, version) => {
    // Assess
    expect(parseCidr(text)).toMatchObject({ ok: true, cidr: { text: canonical, version } });
  });

  it.each([
    ['203.0.113.7/24', 'host bits set: the network is `203.0.113.0/24`'],
    ['0.0.0.0/0', 'every address on the internet'],
    ['::/0', 'every address on the internet'],
    ['203.0.113.0', 'not a CIDR block'],
    ['203.0.113.0/33', 'not a CIDR block'],
    ['010.0.0.0/8', 'four decimal numbers'],
    ['sbc.example.com/24', 'not a CIDR block'],
  ])('refuses %s', (text, reason) => {
    // Act
    const reading = parseCidr(text);

    // Assess
    expect(reading.ok).toBe(false);
    expect(reading.ok ? '' : reading.error).toContain(reason);
  });

  it.each([
    ['203.0.113.10', '203.0.113.10'],
    ['203.0.113.10:5060', '203.0.113.10'],
    ['[2001:db8::10]:5060', '2001:db8::10'],
    ['2001:db8::10', '2001:db8::10'],
  ])('finds the address in a health ping source %s', (source, address) => {
    // Assess
    expect(sourceAddress(source)).toBe(address);
  });

  it('tells whether an address is in an allow list', () => {
    // Assess
    expect(allowedBy('203.0.113.10', ['198.51.100.0/24', '203.0.113.0/24'])).toBe(true);
    expect(allowedBy('203.0.114.10', ['203.0.113.0/24'])).toBe(false);
    expect(allowedBy('2001:db8::10', ['203.0.113.0/24'])).toBe(false);
  });
});

describe('validateTermination', () => {
  it('accepts every field and says what the Put will carry', () => {
    // Act
    const result = validateTermination(GOOD);

    // Assess
    expect(result).toMatchObject({
      ok: true,
      termination: {
        cpsLimit: 10,
        defaultPhoneNumber: '+14155550100',
        callingRegions: ['US', 'CA'],
        cidrAllowedList: ['203.0.113.0/24', '198.51.100.10/32'],
        disabled: false,
      },
    });
  });

  it('leaves the default number out when the field is empty', () => {
    // Act
    const result = validateTermination({ ...GOOD, defaultPhoneNumber: '  ' });

    // Assess
    expect(result.ok && result.termination).not.toHaveProperty('defaultPhoneNumber');
  });

  it('reports every field at once, next to its input', () => {
    // Act
    const result = validateTermination({
      cpsLimit: '0',
      defaultPhoneNumber: '555-0100',
      callingRegions: '',
      cidrAllowedList: '0.0.0.0/0',
      disabled: false,
    });

    // Assess
    expect(result).toEqual({
      ok: false,
      errors: {
        cpsLimit: 'The CPS limit is a whole number of calls per second, 1 or more.',
        defaultPhoneNumber: 'Use E.164: a + and up to 15 digits, e.g. +14155550100.',
        callingRegions: 'List at least one country callers may reach, e.g. US.',
        cidrAllowedList: expect.stringContaining('every address on the internet'),
      },
    });
  });

  it('refuses a CIDR block listed twice, whatever its spelling', () => {
    // Act
    const result = validateTermination({ ...GOOD, cidrAllowedList: '2001:db8::/32\n2001:DB8::/32' });

    // Assess
    expect(result).toEqual({ ok: false, errors: { cidrAllowedList: '`2001:db8::/32` is listed twice.' } });
  });

  it(`refuses more than ${MAX_ALLOWED_CIDRS} CIDR blocks`, () => {
    // Prepare
    const many = Array.from({ length: MAX_ALLOWED_CIDRS + 1 }, (_, index) => `10.0.${index}.0/24`).join('\n');

    // Act and assess
    expect(validateTermination({ ...GOOD, cidrAllowedList: many })).toEqual({
      ok: false,
      errors: { cidrAllowedList: `At most ${MAX_ALLOWED_CIDRS} CIDR blocks.` },
    });
  });

  it('refuses a CPS limit that is not a whole number', () => {
    // Assess
    for (const cpsLimit of ['1.5', 'ten', '-1', '99999999999']) {
      expect(validateTermination({ ...GOOD, cpsLimit })).toMatchObject({
        ok: false,
        errors: { cpsLimit: expect.any(String) },
      });
    }
  });
});
