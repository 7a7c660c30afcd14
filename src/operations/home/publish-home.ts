import type { AuditEntry } from '../../audit/audit-entry';
import type { ChangeRequest } from '../../changes/change-request';
import type { WorkerDependencies } from '../../handlers/jobs/worker-dependencies';
import type { Actor } from '../../jobs/job';
import { homeView, type RecentChange } from './home-view';

/** How many audit entries of the workspace are read (one Query) to find the last few applied changes. */
const AUDIT_WINDOW = 200;
/** How many applied changes the Home tab lists. */
export const RECENT_CHANGES = 5;

/**
 * Renders and publishes a person's Home tab from Query-only access paths: pending requests (the
 * open index), break-glass changes waiting for review (their review items in the same index), the
 * workspace's newest audit entries (the audit log's per-workspace index, as `/chime audit`), and
 * GetItem for the requests those name. The caller has checked that the person may read.
 */
export async function publishHome(deps: WorkerDependencies, actor: Actor): Promise<void> {
  const userId = actor.userId;
  const [pending, unreviewed, audit] = await Promise.all([
    deps.changes.pending(50),
    deps.changes.unreviewed(25),
    deps.auditLog.recentForTeam(actor.teamId, AUDIT_WINDOW).catch((error: unknown) => {
      deps.logger.warn({ err: error }, 'could not read recent changes for the Home tab');
      return [] as AuditEntry[];
    }),
  ]);
  const mayApprove = (await deps.access.check(actor, 'approve')).allowed;
  const waitingForYou: ChangeRequest[] = [];
  for (const request of pending) {
    if (!mayApprove || request.requesterId === userId) continue;
    if ((request.approvals ?? []).some((approval) => approval.userId === userId)) continue;
    const rule = request.approval;
    if (
      rule !== undefined &&
      !(await deps.access.membership(userId, [...rule.approvers, ...rule.requireFrom])).listed
    ) {
      continue;
    }
    waitingForYou.push(request);
  }
  const yourOpenRequests = pending.filter((request) => request.requesterId === userId);
  const reviewable = mayApprove ? unreviewed.filter((request) => request.requesterId !== userId) : [];
  const recentChanges = await recentChangesOf(deps, audit);
  const permalinks = new Map<string, string>();
  const linked = [
    ...waitingForYou,
    ...yourOpenRequests,
    ...reviewable,
    ...recentChanges.map((recent) => recent.request),
  ];
  await Promise.all(
    linked.map(async (request) => {
      if (request === undefined || request.message === undefined || permalinks.has(request.id)) return;
      permalinks.set(request.id, '');
      const answer = await deps.client.chat
        .getPermalink({ channel: request.message.channelId, message_ts: request.message.ts })
        .catch(() => undefined);
      if (answer?.permalink !== undefined) permalinks.set(request.id, answer.permalink);
      else permalinks.delete(request.id);
    }),
  );
  await deps.client.views.publish({
    user_id: userId,
    view: homeView({
      waitingForYou,
      yourOpenRequests,
      unreviewed: reviewable,
      recentChanges,
      permalinks,
      now: deps.clock.now(),
    }),
  });
}

/** The newest successful applies in the audit entries (newest first), with their requests. */
async function recentChangesOf(deps: WorkerDependencies, entries: readonly AuditEntry[]): Promise<RecentChange[]> {
  const seen = new Set<string>();
  const applies = entries.filter((entry) => {
    if (entry.action !== 'change.apply' || entry.outcome !== 'applied') return false;
    const key = entry.changeRequestId ?? entry.id;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
  return Promise.all(
    applies.slice(0, RECENT_CHANGES).map(async (entry) => ({
      entry,
      request:
        entry.changeRequestId === undefined
          ? undefined
          : await deps.changes.get(entry.changeRequestId).catch(() => undefined),
    })),
  );
}
