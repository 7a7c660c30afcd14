import ipaddr from 'ipaddr.js';

/**
 * The termination allow list's CIDR blocks. The model takes any string; the service documents
 * CIDR notation. The bot accepts IPv4 and IPv6 blocks written canonically with no host bits set
 * (`203.0.113.0/24`, not `203.0.113.7/24`), refuses the whole address space (`0.0.0.0/0`, `::/0`),
 * and leaves to AWS (its `BadRequestException`, shown as AWS words it) whatever the service itself
 * does not take, such as its minimum prefix length or IPv6 if it refuses it.
 */
export interface Cidr {
  /** Canonical text: the network address and the prefix (`203.0.113.0/24`, `2001:db8::/32`). */
  text: string;
  version: 4 | 6;
  prefix: number;
}

export type CidrReading = { ok: true; cidr: Cidr } | { ok: false; error: string };

/** Wider than these is a "broad allow list": a warning, not a refusal. */
export const BROAD_PREFIX = { 4: 24, 6: 48 } as const;

/**
 * @example
 * parseCidr('203.0.113.0/24'); // { ok: true, cidr: { text: '203.0.113.0/24', version: 4, prefix: 24 } }
 * parseCidr('203.0.113.7/24'); // { ok: false, error: '… has host bits set: the network is 203.0.113.0/24.' }
 */
export function parseCidr(raw: string): CidrReading {
  const text = raw.trim();
  const shown = text.length > 50 ? `${text.slice(0, 49)}…` : text;
  const quoted = `\`${shown.replace(/`/g, "'")}\``;
  if (!/^[0-9a-fA-F:.]+\/\d{1,3}$/.test(text)) {
    return { ok: false, error: `${quoted} is not a CIDR block (an address, a slash and a prefix length).` };
  }
  let address: ipaddr.IPv4 | ipaddr.IPv6;
  let prefix: number;
  try {
    [address, prefix] = ipaddr.parseCIDR(text);
  } catch {
    return { ok: false, error: `${quoted} is not a CIDR block (an address, a slash and a prefix length).` };
  }
  const version = address.kind() === 'ipv4' ? 4 : 6;
  const [addressText] = text.split('/');
  if (version === 4 && !ipaddr.IPv4.isValidFourPartDecimal(addressText ?? '')) {
    return { ok: false, error: `${quoted} is not written as four decimal numbers.` };
  }
  if (prefix === 0) {
    return { ok: false, error: `${quoted} would let every address on the internet send calls: list your hosts.` };
  }
  const network = version === 4 ? ipaddr.IPv4.networkAddressFromCIDR(text) : ipaddr.IPv6.networkAddressFromCIDR(text);
  const canonical = `${network.toString()}/${prefix}`;
  if (network.toString() !== address.toString()) {
    return { ok: false, error: `${quoted} has host bits set: the network is \`${canonical}\`.` };
  }
  return { ok: true, cidr: { text: canonical, version, prefix } };
}

/** Whether a block is wider than {@link BROAD_PREFIX}. */
export function isBroad(cidr: Cidr): boolean {
  return cidr.prefix < BROAD_PREFIX[cidr.version];
}

/**
 * The address in a health ping's source, which may carry a port (`203.0.113.10:5060`,
 * `[2001:db8::10]:5060`); `undefined` when it is not an address at all.
 */
export function sourceAddress(source: string): string | undefined {
  const trimmed = source.trim();
  const bracketed = /^\[([^\]]+)\](?::\d+)?$/.exec(trimmed);
  const candidates = [bracketed?.[1], trimmed, trimmed.replace(/:\d+$/, '')];
  for (const candidate of candidates) {
    if (candidate !== undefined && ipaddr.isValid(candidate)) return ipaddr.process(candidate).toString();
  }
  return undefined;
}

/** Whether an address falls in any of the blocks (blocks of the other IP version never match). */
export function allowedBy(address: string, cidrs: readonly string[]): boolean {
  const parsed = ipaddr.process(address);
  return cidrs.some((cidr) => {
    try {
      const range = ipaddr.parseCIDR(cidr);
      return parsed.kind() === range[0].kind() && parsed.match(range);
    } catch {
      return false;
    }
  });
}
