/** Time, behind an interface so tests can move it (expired sessions, compaction age, clock skew). */
export interface Clock {
  now(): Date
}

export const systemClock: Clock = { now: () => new Date() }
