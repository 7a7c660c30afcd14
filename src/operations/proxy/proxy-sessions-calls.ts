import { ListProxySessionsCommand } from '@aws-sdk/client-chime-sdk-voice';
import {
  ListProxySessionsRequestSchema,
  ListProxySessionsResponseSchema,
  type WireProxySession,
} from '../../chime/model-schemas';
import type { ProxySession, ProxySessionStatus, VoiceConnectorRef } from '../../chime/voice-connector';
import type { VoiceConnectors } from '../../chime/voice-connectors';

/** How many open sessions the proxy card shows, and how many it asks for of each status. */
export const OPEN_SESSIONS_SHOWN = 10;

/** The statuses of a session that can still be looked up and acted on. */
const OPEN_STATUSES: readonly ProxySessionStatus[] = ['Open', 'InProgress'];

/** The connector's open sessions, as far as one page of each status goes. */
export interface OpenProxySessions {
  /** Newest first (by creation); a session without a creation time comes last. */
  sessions: ProxySession[];
  /** AWS has more open sessions than these (a status answered with a `NextToken`). */
  more: boolean;
}

/**
 * ListProxySessions, once for `Open` and once for `InProgress` (in parallel), a page of
 * {@link OPEN_SESSIONS_SHOWN} each: the open sessions, newest first. A session that moved from one
 * status to the other between the two calls is listed once. Throws a `ChimeError` as every call does.
 *
 * @example
 * const { sessions, more } = await listOpenProxySessions(voiceConnectors, ref);
 */
export async function listOpenProxySessions(
  voiceConnectors: VoiceConnectors,
  ref: VoiceConnectorRef,
): Promise<OpenProxySessions> {
  const pages = await Promise.all(
    OPEN_STATUSES.map((status) =>
      voiceConnectors.send({
        operation: 'ListProxySessions',
        ref,
        input: { VoiceConnectorId: ref.voiceConnectorId, Status: status, MaxResults: OPEN_SESSIONS_SHOWN },
        inputSchema: ListProxySessionsRequestSchema,
        outputSchema: ListProxySessionsResponseSchema,
        send: (client, input) => client.send(new ListProxySessionsCommand(input)),
      }),
    ),
  );
  const byId = new Map<string, ProxySession>();
  const withoutId: ProxySession[] = [];
  for (const page of pages) {
    for (const wire of page?.ProxySessions ?? []) {
      const session = toListedSession(wire);
      // The status filter is AWS's; a session that is not open is not listed as open, whatever it sent.
      if (session.status !== undefined && !OPEN_STATUSES.includes(session.status)) continue;
      if (session.proxySessionId === undefined) withoutId.push(session);
      else byId.set(session.proxySessionId, session);
    }
  }
  const sessions = [...byId.values(), ...withoutId].sort(newestFirst);
  const more = pages.some((page) => page?.NextToken !== undefined && page.NextToken !== '');
  return { sessions, more };
}

function newestFirst(a: ProxySession, b: ProxySession): number {
  const [timeA, timeB] = [a.createdTimestamp?.getTime(), b.createdTimestamp?.getTime()];
  if (timeA === undefined || timeB === undefined) return (timeA === undefined ? 1 : 0) - (timeB === undefined ? 1 : 0);
  return timeB - timeA;
}

/** What the card shows of a listed session; a timestamp that is not a date is left out. */
function toListedSession(wire: WireProxySession): ProxySession {
  const created = wire.CreatedTimestamp === undefined ? undefined : new Date(wire.CreatedTimestamp);
  return {
    ...(wire.ProxySessionId !== undefined ? { proxySessionId: wire.ProxySessionId } : {}),
    ...(wire.Name !== undefined ? { name: wire.Name } : {}),
    ...(wire.Status !== undefined ? { status: wire.Status } : {}),
    ...(created !== undefined && !Number.isNaN(created.getTime()) ? { createdTimestamp: created } : {}),
    ...(wire.Participants !== undefined
      ? {
          participants: wire.Participants.map((participant) => ({
            ...(participant.PhoneNumber !== undefined ? { phoneNumber: participant.PhoneNumber } : {}),
            ...(participant.ProxyPhoneNumber !== undefined ? { proxyPhoneNumber: participant.ProxyPhoneNumber } : {}),
          })),
        }
      : {}),
  };
}
