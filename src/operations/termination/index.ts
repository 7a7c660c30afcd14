import { EXAMPLE_CONNECTOR } from '../../blocks/help-message';
import { readCommand, readJobFields, readJobSchema, readMenuSubmit } from '../../handlers/read-operation';
import { defineJob, defineOperation } from '../operation';
import { runTerminationJob } from './termination-job';

export const TerminationJobSchema = readJobSchema('termination', {});

/** `/chime termination <id>`: GetVoiceConnectorTermination, as a card. */
export const termination = defineOperation({
  name: 'termination',
  commands: [
    {
      words: ['termination'],
      args: ['connector'],
      options: ['share'],
      help: {
        usage: 'termination <voice-connector-id>',
        what: 'Termination settings: state, CPS limit, default number, calling regions, allowed CIDRs.',
        example: `termination ${EXAMPLE_CONNECTOR} --region eu-west-2`,
      },
      run: readCommand('termination', (read) => ({ kind: 'termination', ...readJobFields(read) })),
    },
  ],
  menu: [
    {
      value: 'termination',
      label: 'Termination settings',
      submit: readMenuSubmit((read) => ({ kind: 'termination', ...readJobFields(read) })),
    },
  ],
  chimeActions: ['GetVoiceConnectorTermination', 'GetVoiceConnectorTerminationHealth'],
  jobs: [
    defineJob({ kind: 'termination', schema: TerminationJobSchema, what: 'reading from AWS', run: runTerminationJob }),
  ],
});
