/** An organization's publishing settings (publish-late window, publishing from the sync server). */
import { z } from 'zod'
import { publishingSettingsSchema } from '../entities/models'
import { id, method } from './fields'

export const publishingSettingsApi = {
  getPublishingSettings: method(z.object({ orgId: id }).strict(), publishingSettingsSchema),
  updatePublishingSettings: method(
    z.object({ orgId: id, settings: publishingSettingsSchema.partial() }).strict(),
    publishingSettingsSchema,
  ),
}
