/** The person using this device: their local profile and preferences. */
import { z } from 'zod'
import { THEME_PREFERENCES } from '../entities/enums'
import { profileSchema } from '../entities/models'
import { empty, method, name } from './fields'

export const profileApi = {
  getProfile: method(empty, profileSchema.nullable()),
  createProfile: method(
    z.object({ name: name('Your name'), email: z.email('must be an email address').nullable().default(null) }).strict(),
    profileSchema,
  ),
  updatePreferences: method(z.object({ theme: z.enum(THEME_PREFERENCES) }).strict(), profileSchema),
}
