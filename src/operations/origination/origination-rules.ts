import { isIP } from 'node:net';
import isFQDN from 'validator/lib/isFQDN';
import {
  ORIGINATION_ROUTE_PRIORITY_RANGE,
  ORIGINATION_ROUTE_PROTOCOLS,
  ORIGINATION_ROUTE_WEIGHT_RANGE,
  PORT_RANGE,
} from '../../chime/model-schemas';
import type { Origination, OriginationProtocol, OriginationRoute } from '../../chime/voice-connector';

/**
 * The most origination routes a request may set. AWS documents "ten origination routes for each
 * Voice Connector" as the per-connector limit (the API reference also mentions 20 for the list,
 * and the model sets no bound). Ten is also what fits Slack's 100-block modal with five inputs and
 * a remove button per route. Change it here only.
 */
export const MAX_ORIGINATION_ROUTES = 10;

/** A route exactly as typed into the form. */
export interface RouteInput {
  host: string;
  port: string;
  protocol: string;
  priority: string;
  weight: string;
}

export type RouteField = keyof RouteInput;
export type RouteErrors = Partial<Record<RouteField, string>>;

export type OriginationValidation =
  | { ok: true; origination: Origination }
  | { ok: false; routeErrors: RouteErrors[]; formError?: string };

/**
 * Checks a proposed origination against the service model (Port 0–65535, Priority and Weight
 * 1–100, Protocol TCP or UDP) and the documented rules the model does not encode: Host is a fully
 * qualified domain name or an IP address; at most {@link MAX_ORIGINATION_ROUTES} routes; and at
 * least one route unless origination is disabled (AWS requires Routes or Disabled; an enabled
 * origination without routes would send every inbound call nowhere).
 *
 * @example
 * validateOrigination({ routes: [{ host: 'sbc.example.com', port: '5060', protocol: 'UDP', priority: '1', weight: '1' }], disabled: false })
 */
export function validateOrigination(input: { routes: RouteInput[]; disabled: boolean }): OriginationValidation {
  const routeErrors: RouteErrors[] = input.routes.map(() => ({}));
  const routes: OriginationRoute[] = [];
  let formError: string | undefined;

  if (input.routes.length > MAX_ORIGINATION_ROUTES) {
    formError = `A voice connector has at most ${MAX_ORIGINATION_ROUTES} origination routes.`;
  } else if (input.routes.length === 0 && !input.disabled) {
    formError = 'Add at least one route, or choose Disabled.';
  }

  input.routes.forEach((raw, index) => {
    const errors = routeErrors[index] as RouteErrors;
    const host = raw.host.trim();
    if (host === '') errors.host = 'Enter a host name or IP address.';
    else if (!isHost(host)) errors.host = `\`${shorten(host)}\` is not a fully qualified domain name or an IP address.`;

    const port = integerIn(raw.port, PORT_RANGE, 'Port');
    if (typeof port === 'string') errors.port = port;
    const priority = integerIn(raw.priority, ORIGINATION_ROUTE_PRIORITY_RANGE, 'Priority');
    if (typeof priority === 'string') errors.priority = priority;
    const weight = integerIn(raw.weight, ORIGINATION_ROUTE_WEIGHT_RANGE, 'Weight');
    if (typeof weight === 'string') errors.weight = weight;
    const protocol = raw.protocol.trim().toUpperCase();
    if (!(ORIGINATION_ROUTE_PROTOCOLS as readonly string[]).includes(protocol)) errors.protocol = 'Choose TCP or UDP.';

    if (Object.keys(errors).length === 0) {
      routes.push({
        host,
        port: port as number,
        protocol: protocol as OriginationProtocol,
        priority: priority as number,
        weight: weight as number,
      });
    }
  });

  const duplicates = new Set<string>();
  input.routes.forEach((raw, index) => {
    const key = `${raw.host.trim().toLowerCase()}:${raw.port.trim()}:${raw.protocol.trim().toUpperCase()}`;
    const errors = routeErrors[index] as RouteErrors;
    if (raw.host.trim() !== '' && duplicates.has(key) && errors.host === undefined) {
      errors.host = 'The same host, port and protocol appear in another route.';
    }
    duplicates.add(key);
  });

  if (formError !== undefined || routeErrors.some((errors) => Object.keys(errors).length > 0)) {
    return { ok: false, routeErrors, formError };
  }
  return { ok: true, origination: { routes, disabled: input.disabled } };
}

/** The longest name DNS can carry (RFC 1035: 255 octets on the wire, 253 as text). */
const MAX_HOST_NAME_LENGTH = 253;

/**
 * A fully qualified domain name (RFC 1123 labels, a TLD) or an IPv4/IPv6 address. SIP host names
 * are ASCII (RFC 3261), so an internationalised name must be given in its `xn--` form; `isFQDN`
 * alone would pass Unicode labels and names longer than DNS allows.
 */
export function isHost(value: string): boolean {
  if (isIP(value) !== 0) return true;
  return (
    value.length <= MAX_HOST_NAME_LENGTH &&
    /^[\x21-\x7e]+$/.test(value) &&
    isFQDN(value, { require_tld: true, allow_underscores: false, allow_trailing_dot: false })
  );
}

function integerIn(raw: string, range: { min: number; max: number }, label: string): number | string {
  const text = raw.trim();
  if (text === '') return `Enter the ${label.toLowerCase()} (${range.min}–${range.max}).`;
  if (!/^\d+$/.test(text)) return `${label} must be a whole number from ${range.min} to ${range.max}.`;
  const value = Number(text);
  if (value < range.min || value > range.max) return `${label} must be from ${range.min} to ${range.max}.`;
  return value;
}

function shorten(value: string): string {
  return value.length > 60 ? `${value.slice(0, 57)}…` : value;
}
