import { z } from 'zod';
import { EXAMPLE_CONNECTOR, EXAMPLE_PROXY_SESSION } from '../../blocks/help-message';
import { inlineCode } from '../../blocks/slack-formatting';
import { isProxySessionId } from '../../chime/model-schemas';
import { readCommand, readJobFields, readJobSchema, readMenuSubmit } from '../../handlers/read-operation';
import { defineJob, defineOperation } from '../operation';
import { runProxySessionJob } from './proxy-session-job';

export const ProxySessionJobSchema = readJobSchema('proxy-session', {
  proxySessionId: z.string().min(1).max(128).refine(isProxySessionId, 'not a proxy session ID'),
});

/** `/chime session <id> <proxy-session-id>`: GetProxySession, participants' numbers masked. */
export const proxySession = defineOperation({
  name: 'proxy-session',
  commands: [
    {
      words: ['session'],
      args: ['connector', 'proxy-session'],
      options: ['share'],
      help: {
        usage: 'session <voice-connector-id> <proxy-session-id>',
        what: `One proxy session: status, participants (numbers masked), expiry, geo match. IDs are listed by ${inlineCode('proxy <voice-connector-id>')}; the IDs in the example are placeholders. _Deprecated by AWS._`,
        example: `session ${EXAMPLE_CONNECTOR} ${EXAMPLE_PROXY_SESSION}`,
      },
      run: readCommand('proxy session', (read) => ({
        kind: 'proxy-session',
        ...readJobFields(read),
        proxySessionId: read.proxySessionId,
      })),
    },
  ],
  menu: [
    {
      value: 'proxy-session',
      label: 'Proxy session (deprecated by AWS)',
      needsProxySessionId: true,
      submit: readMenuSubmit((read) => ({
        kind: 'proxy-session',
        ...readJobFields(read),
        proxySessionId: read.proxySessionId,
      })),
    },
  ],
  chimeActions: ['GetProxySession'],
  jobs: [
    defineJob({
      kind: 'proxy-session',
      schema: ProxySessionJobSchema,
      what: 'reading from AWS',
      run: runProxySessionJob,
    }),
  ],
});
