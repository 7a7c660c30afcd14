/**
 * The contact center connector's termination in the Chime emulator's default seed, as Chime's API
 * spells it: what a Put restoring it sends, and what changes to it are made from.
 */
export const SEEDED_CONTACT_CENTER_TERMINATION = {
  CpsLimit: 10,
  DefaultPhoneNumber: '+12065550100',
  CallingRegions: ['US', 'CA'],
  CidrAllowedList: ['198.51.100.0/27', '203.0.113.16/28'],
  Disabled: false,
};
