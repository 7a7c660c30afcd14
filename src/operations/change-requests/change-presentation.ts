import type { ChangePresentation } from '../../blocks/change-request-message';
import type { ChangeModule } from '../operation';

/**
 * A change kind's {@link ChangePresentation}: the shared approval message gets the kind's title,
 * diff and result, with the stored values checked against the kind's schemas first.
 */
export function presentationOf(module: ChangeModule): ChangePresentation {
  const { schemas } = module.kind;
  return {
    title: module.title,
    icon: module.icon,
    revertConfirmation: module.revertConfirmation,
    diffBlocks: (request) =>
      module.diffBlocks(schemas.snapshot.parse(request.before), schemas.proposal.parse(request.proposed)),
    resultBlocks: (request) => {
      const after = schemas.after.safeParse(request.after);
      return request.after !== undefined && after.success ? module.resultBlocks(after.data, request) : [];
    },
  };
}
