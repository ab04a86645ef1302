/**
 * How a feature declares its handlers, beside its service: one function per
 * method of its API slice, given the service context and the input already
 * validated against the slice's schema, answering the output. Handlers are
 * thin: they call the service and return its answer. `satisfies
 * HandlersFor<typeof xApi>` makes a missing, extra or mistyped handler a type
 * error where the feature is written.
 */
import type { z } from 'zod'
import type { ApiSlice } from '../../src-shared/api/fields'
import type { ServiceContext } from './context'

export type HandlersFor<S extends ApiSlice> = {
  [M in keyof S]: (ctx: ServiceContext, input: z.output<S[M]['input']>) => HandlerAnswer<z.output<S[M]['output']>>
}

type HandlerAnswer<T> = T | Promise<T>
