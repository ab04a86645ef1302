/**
 * What a push asks of a scope's rules: whether the caller may push there at
 * all (checked once the scope is locked, so the answer is the one in force),
 * then a judge for each op of a mutation. An organization's rules are in
 * org-rules.ts, a person's own in user-rules.ts.
 */
import type { ClientMutation, SyncOp } from '../../src-shared/sync/ops'
import type { Db } from '../db/open'
import type { Auth } from '../services/sessions'
import type { SyncScope } from './scope'

/**
 * refusal: the whole mutation is refused with this sentence (and the server's values to restore);
 * skip: the op is dropped (it repeats what the server has); write: it merges;
 * correct: the server's own record wins, written back with a later clock so every device converges on it.
 */
export type Verdict = { refusal: string } | { skip: true } | { write: true } | { correct: unknown }

export interface ScopeAccess {
  /** The judge for one mutation's ops; reads what it needs of the scope's stored rows first. */
  judgeMutation(mutation: ClientMutation, otherScopeRows: ReadonlySet<string>): Promise<(op: SyncOp) => Verdict>
}

export interface ScopeRules {
  /** Throws an HttpError when the caller may not read this scope's log. */
  requireReader(tx: Db, scope: SyncScope, auth: Auth): Promise<void>
  /** Throws an HttpError when the caller may not push to this scope at all. */
  open(tx: Db, scope: SyncScope, auth: Auth): Promise<ScopeAccess>
}
