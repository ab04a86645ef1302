/** Approvals: a contributor's post waits for an approver, who approves or rejects it with a comment. */
import type { ApiOutput, ApiParsedInput } from '../../src-shared/api/contract'
import { AppError } from '../../src-shared/api/errors'
import type { ServiceContext } from './context'

const notYet = (what: string): never => {
  throw new AppError('unavailable', `${what} is not built yet.`)
}

export function decideApproval(
  _ctx: ServiceContext,
  _input: ApiParsedInput<'decideApproval'>,
): ApiOutput<'decideApproval'> | Promise<ApiOutput<'decideApproval'>> {
  return notYet('decideApproval')
}
