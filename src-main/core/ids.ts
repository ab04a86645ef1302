/** Ids are made on the client (UUIDv7: time-ordered), so anything can be created offline. */
import { v7 as uuidv7, validate, version } from 'uuid'

export const newId = (): string => uuidv7()

/** True for the ids this app makes; anything else never reaches a file path or a query. */
export const isAppId = (value: string): boolean => validate(value) && version(value) === 7
