import { EXAMPLE_CONNECTOR } from '../../blocks/help-message';
import { connectorReadEntryPoints, readJobSchema } from '../../handlers/read-operation';
import { defineJob, defineOperation } from '../operation';
import { runHealthJob } from './health-job';
import { HealthIds } from './ids';

export const HealthJobSchema = readJobSchema('health', {});

/** `/chime health <id>`: the connector at a glance, for an incident. */
export const health = defineOperation({
  name: 'health',
  ...connectorReadEntryPoints('health', {
    lookingUp: 'health',
    help: {
      what: 'At a glance, for an incident: the last SIP OPTIONS ping (is the PBX still reaching AWS?), termination on or off, the origination routes, logging, the usernames, open requests and the last changes.',
      example: `health ${EXAMPLE_CONNECTOR}`,
    },
    label: 'Health at a glance',
  }),
  chimeActions: [
    'GetVoiceConnectorTerminationHealth',
    'GetVoiceConnectorTermination',
    'GetVoiceConnectorOrigination',
    'GetVoiceConnectorLoggingConfiguration',
    'ListVoiceConnectorTerminationCredentials',
  ],
  jobs: [
    defineJob({
      kind: 'health',
      schema: HealthJobSchema,
      what: 'reading the health of the connector',
      run: runHealthJob,
    }),
  ],
  ids: { blockIds: [HealthIds.actionsBlock] },
});
