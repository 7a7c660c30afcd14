/**
 * A list of Slack principals from `APPROVERS`, `REQUESTERS` or `READERS`: user IDs (`U…`, or
 * `W…` on Enterprise Grid) and user-group IDs (`S…`).
 */
export interface PrincipalList {
  userIds: string[];
  groupIds: string[];
}

const USER_ID = /^[UW][A-Z0-9]{2,}$/;
const GROUP_ID = /^S[A-Z0-9]{2,}$/;

export function parsePrincipalList(text: string): { ok: true; list: PrincipalList } | { ok: false; message: string } {
  const list: PrincipalList = { userIds: [], groupIds: [] };
  const bad: string[] = [];
  for (const raw of text.split(',')) {
    const id = raw.trim();
    if (id === '') continue;
    if (USER_ID.test(id)) list.userIds.push(id);
    else if (GROUP_ID.test(id)) list.groupIds.push(id);
    else bad.push(id);
  }
  if (bad.length > 0) {
    return {
      ok: false,
      message: `expected comma-separated Slack user IDs (U…/W…) or user-group IDs (S…), got ${bad.join(', ')}`,
    };
  }
  return { ok: true, list };
}
