import { isMap, isSeq, LineCounter, type Node, parseDocument } from 'yaml';
import { type ApprovalPolicy, ApprovalPolicyError, ApprovalPolicySchema, everyApprover } from './approval-policy';

export { ApprovalPolicyError, everyApprover };

/*
 * The policy document's parser, apart from the policy's schema so that only the start-up that
 * reads a policy loads the YAML parser (`import()` in the configuration's loader): a Lambda cold
 * start without a policy never pays for it.
 */

/**
 * Parses and validates a policy document. Every problem names its line (when the document has
 * one for it) and its field, so that an operator can find it in the file.
 *
 * @example
 * parseApprovalPolicy('rules:\n  - name: all\n    approvals: 0\n    approvers: [S0VOICE]\n', 'policy.yml');
 * // throws ApprovalPolicyError: line 3, rules[0].approvals: expected at least 1
 */
export function parseApprovalPolicy(
  text: string,
  source: string,
  options: { changeKinds?: readonly string[] } = {},
): ApprovalPolicy {
  const lineCounter = new LineCounter();
  const document = parseDocument(text, { lineCounter, prettyErrors: false, uniqueKeys: true });
  if (document.errors.length > 0) {
    throw new ApprovalPolicyError(
      source,
      document.errors.map((error) => {
        const line = lineCounter.linePos(error.pos[0]).line;
        return `line ${line}: ${firstLine(error.message)}`;
      }),
    );
  }
  const parsed = ApprovalPolicySchema.safeParse(document.toJS());
  const issues = parsed.success
    ? unknownKinds(parsed.data, options.changeKinds)
    : parsed.error.issues.map((issue) => ({
        path: issue.path.filter((part): part is string | number => typeof part !== 'symbol'),
        message: issue.message,
      }));
  if (parsed.success && issues.length === 0) return parsed.data;
  throw new ApprovalPolicyError(
    source,
    issues.map(({ path, message }) => {
      const line = lineOf(document.contents, path, lineCounter);
      const field = fieldName(path);
      return `${line !== undefined ? `line ${line}, ` : ''}${field === '' ? 'document' : field}: ${message}`;
    }),
  );
}

/** A `match.kinds` entry the bot has no change kind for: the rule would silently never match. */
function unknownKinds(
  policy: ApprovalPolicy,
  changeKinds: readonly string[] | undefined,
): { path: (string | number)[]; message: string }[] {
  if (changeKinds === undefined) return [];
  return policy.rules.flatMap((rule, ruleIndex) =>
    (rule.match?.kinds ?? []).flatMap((kind, kindIndex) =>
      changeKinds.includes(kind)
        ? []
        : [
            {
              path: ['rules', ruleIndex, 'match', 'kinds', kindIndex],
              message: `unknown change kind ${kind}: expected ${changeKinds.join(', ')}`,
            },
          ],
    ),
  );
}

/** `rules[0].match.risk[1]`. */
function fieldName(path: readonly (string | number)[]): string {
  return path.reduce<string>(
    (name, part) => (typeof part === 'number' ? `${name}[${part}]` : name === '' ? part : `${name}.${part}`),
    '',
  );
}

/** The line of the deepest node the path reaches (a missing field: its parent's line). */
function lineOf(root: unknown, path: readonly (string | number)[], counter: LineCounter): number | undefined {
  let node = root as Node | null | undefined;
  let line = rangeLine(node, counter);
  for (const part of path) {
    let next: unknown;
    if (isMap(node)) next = node.get(part, true);
    else if (isSeq(node) && typeof part === 'number') next = node.get(part, true);
    if (next === undefined || next === null) break;
    node = next as Node;
    line = rangeLine(node, counter) ?? line;
  }
  return line;
}

function rangeLine(node: Node | null | undefined, counter: LineCounter): number | undefined {
  const start = node?.range?.[0];
  return start === undefined ? undefined : counter.linePos(start).line;
}

function firstLine(message: string): string {
  return message.split('\n')[0] ?? message;
}
