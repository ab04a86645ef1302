/** The app's own methods: facts about this installation, and opening a link in the person's browser. */
import { z } from 'zod'
import { appInfoSchema } from '../entities/models'
import { empty, httpsUrl, method } from './fields'

export const appApi = {
  getAppInfo: method(empty, appInfoSchema),
  /** Opens a link in the person's browser (Sent links); in browser mode the renderer opens a tab itself. */
  openExternal: method(
    z.object({ url: httpsUrl('https://bsky.app/profile/…') }).strict(),
    z.object({ opened: z.boolean() }),
  ),
}
