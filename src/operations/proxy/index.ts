import { EXAMPLE_CONNECTOR } from '../../blocks/help-message';
import { PROXY_END_OF_SUPPORT_ANNOUNCED } from '../../blocks/proxy-deprecation';
import { inlineCode } from '../../blocks/slack-formatting';
import { connectorReadEntryPoints, readJobSchema } from '../../handlers/read-operation';
import { defineJob, defineOperation } from '../operation';
import { runProxyJob } from './proxy-job';

export const ProxyJobSchema = readJobSchema('proxy', {});

/**
 * `/chime proxy <id>`: GetVoiceConnectorProxy and the open sessions (ListProxySessions), whose IDs
 * are what `/chime session` looks up (deprecated by AWS, still read).
 */
export const proxy = defineOperation({
  name: 'proxy',
  ...connectorReadEntryPoints('proxy', {
    lookingUp: 'proxy settings',
    help: {
      what: 'Proxy settings: state, default session expiry, fallback number, countries; and the open proxy sessions with their IDs. _Deprecated by AWS._',
      example: `proxy ${EXAMPLE_CONNECTOR}`,
    },
    label: 'Proxy settings (deprecated by AWS)',
  }),
  chimeActions: ['GetVoiceConnectorProxy', 'ListProxySessions'],
  jobs: [defineJob({ kind: 'proxy', schema: ProxyJobSchema, what: 'reading from AWS', run: runProxyJob })],
  helpNotes: (command) => [
    `⚠️ ${inlineCode(`${command} proxy`)} and ${inlineCode(`${command} session`)} read proxy sessions, which AWS has deprecated (end of support announced ${PROXY_END_OF_SUPPORT_ANNOUNCED}).`,
  ],
});
