/** Ids the server makes itself (an account made without a local profile, an invitation, a membership): UUIDv7 like the desktop's. */
import { v7 as uuidv7 } from 'uuid'

export const newServerId = (): string => uuidv7()
