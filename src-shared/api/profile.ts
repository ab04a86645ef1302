/** The person using this device: their local profile and preferences. */
import { z } from 'zod'
import { THEME_PREFERENCES, TIME_FORMAT_PREFERENCES } from '../entities/enums'
import { profileSchema } from '../entities/models'
import { emailProblem, nameProblem } from '../entities/profile-rules'
import { empty, method, name, ruled } from './fields'

export const profileApi = {
  getProfile: method(empty, profileSchema.nullable()),
  createProfile: method(
    z.object({ name: name('Your name'), email: z.email('must be an email address').nullable().default(null) }).strict(),
    profileSchema,
  ),
  /** Changes the preferences named; the others stay. */
  updatePreferences: method(
    z
      .object({ theme: z.enum(THEME_PREFERENCES), timeFormat: z.enum(TIME_FORMAT_PREFERENCES) })
      .partial()
      .strict()
      .refine((patch) => Object.keys(patch).length > 0, 'Choose a preference to change.'),
    profileSchema,
  ),
  /** Your name and email as teammates see them; email may be cleared. */
  updateProfile: method(
    z
      .object({
        name: ruled((value) => nameProblem(value, 'Your name')),
        email: ruled(emailProblem)
          .nullable()
          .transform((value) => value || null),
      })
      .strict(),
    profileSchema,
  ),
}
