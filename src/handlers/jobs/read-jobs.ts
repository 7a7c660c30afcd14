import { proxyCard } from '../../blocks/proxy-card';
import { proxySessionCard } from '../../blocks/proxy-session-card';
import type { SlackMessage } from '../../blocks/slack-message';
import { terminationCard } from '../../blocks/termination-card';
import type { JobOf } from '../../jobs/job';
import { reportableFailure } from '../failure-message';
import { authorise } from './authorise';
import type { WorkerDependencies } from './worker-dependencies';

const ACTION = {
  termination: 'read.termination',
  proxy: 'read.proxy',
  'proxy-session': 'read.proxy-session',
} as const;

/** `/chime termination|proxy|session`: check access, read (audited), reply with the card. */
export async function runReadJob(job: JobOf<'read'>, deps: WorkerDependencies): Promise<void> {
  const { ref } = job;
  const context = await authorise(deps, job, 'read', ACTION[job.operation], ref);
  if (context === undefined) return;

  const requestedBy = job.share ? job.actor.userId : undefined;
  let message: SlackMessage;
  let share = job.share;
  try {
    switch (job.operation) {
      case 'termination':
        message = terminationCard({ ref, termination: await deps.reads.termination(context, ref), requestedBy });
        break;
      case 'proxy':
        message = proxyCard({ ref, proxy: await deps.reads.proxy(context, ref), requestedBy });
        break;
      case 'proxy-session': {
        const proxySessionId = job.proxySessionId ?? '';
        const session = await deps.reads.proxySession(context, ref, proxySessionId);
        message = proxySessionCard({ ref, session, proxySessionId, requestedBy });
        break;
      }
    }
  } catch (error) {
    const failure = reportableFailure(error, deps.logger);
    if (failure === undefined) throw error;
    // Failures go only to the person who asked, even with --share.
    message = failure;
    share = false;
  }
  await deps.replies.send(job.reply, job.actor.userId, message, { share, replaceOriginal: true });
}
