import { EXAMPLE_CONNECTOR } from '../../blocks/help-message';
import { connectorReadEntryPoints, readJobSchema } from '../../handlers/read-operation';
import { defineJob, defineOperation } from '../operation';
import { runTerminationJob } from './termination-job';

export const TerminationJobSchema = readJobSchema('termination', {});

/** `/chime termination <id>`: GetVoiceConnectorTermination, as a card. */
export const termination = defineOperation({
  name: 'termination',
  ...connectorReadEntryPoints('termination', {
    lookingUp: 'termination',
    help: {
      what: 'Termination settings: state, CPS limit, default number, calling regions, allowed CIDRs.',
      example: `termination ${EXAMPLE_CONNECTOR} --region eu-west-2`,
    },
    label: 'Termination settings',
  }),
  chimeActions: ['GetVoiceConnectorTermination', 'GetVoiceConnectorTerminationHealth'],
  jobs: [
    defineJob({ kind: 'termination', schema: TerminationJobSchema, what: 'reading from AWS', run: runTerminationJob }),
  ],
});
