/**
 * The bulk upload's columns and the template file to start from, apart from the CSV reader so the dialog that
 * offers the template does not load it.
 */

/** The columns, by the names the template uses. */
export const BULK_COLUMNS = ['text', 'channel', 'time', 'media', 'tags'] as const

/** A file to start from: one row for the queue, one at a time, with an image by address and by file name. */
export const BULK_TEMPLATE = [
  'text,channel,time,media,tags',
  '"Our spring menu is here! 🌸",Acme Coffee,queue,,"menu, spring"',
  '"Doors open at 9 on Saturday.",Acme Coffee,2026-05-02 08:30,https://example.com/doors.jpg,events',
  '"Latte art by Sam",Acme Coffee,queue,latte.png | latte-2.png,',
  '',
].join('\n')
