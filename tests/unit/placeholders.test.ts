/** Saved replies' placeholders (issue 11, deliver 4): found, checked, filled, and a reply refused while one is empty. */
import { describe, expect, it } from 'vitest'
import {
  builtInValues,
  checkPlaceholders,
  fillPlaceholders,
  missingPlaceholdersMessage,
  placeholderKeys,
  placeholderLabel,
} from '../../src-shared/engage/placeholders'
import { setTimeLocale } from '../../src-shared/time-format'

const BODY = 'Hi {{name}}, sorry about order {{ order_number }}. {{name}}, we will refund you by {{date}}.'

describe('placeholders', () => {
  it('lists the names a body uses, once each, in order', () => {
    expect(placeholderKeys(BODY)).toEqual(['name', 'order_number', 'date'])
    expect(placeholderKeys('No placeholders here {not one}')).toEqual([])
  })

  it('explains a malformed one in a sentence, with a name that would work', () => {
    expect(checkPlaceholders(BODY)).toEqual([])
    expect(checkPlaceholders('Your {{order number}} is late')).toEqual([
      '“{{order number}}” is not a placeholder name: use letters, digits and underscores, like {{order_number}}.',
    ])
    expect(checkPlaceholders('Hi {{}}')[0]).toMatch(/empty/)
    expect(checkPlaceholders('Hi {{name')).toEqual(['A placeholder is missing its “{{” or “}}”.'])
  })

  it('fills built-in and custom values, a declared fallback standing in', () => {
    const filled = fillPlaceholders(BODY, { name: 'Ana', order_number: '1042', date: '3 December 2026' })
    expect(filled).toEqual({
      text: 'Hi Ana, sorry about order 1042. Ana, we will refund you by 3 December 2026.',
      missing: [],
    })
    const fallback = fillPlaceholders('Thanks {{name}}!', {}, [{ key: 'name', label: 'Name', fallback: 'friend' }])
    expect(fallback.text).toBe('Thanks friend!')
  })

  it('names what is missing, blank values included, and refuses in words', () => {
    const filled = fillPlaceholders(BODY, { name: 'Ana', date: '   ' }, [
      { key: 'order_number', label: 'Order number' },
    ])
    expect(filled.missing).toEqual([
      { key: 'order_number', label: 'Order number' },
      { key: 'date', label: 'Today’s date' },
    ])
    expect(filled.text).toContain('{{order_number}}')
    expect(missingPlaceholdersMessage(filled.missing)).toBe(
      'Fill in “Order number” and “Today’s date” before sending: the reply still has placeholders without a value.',
    )
    expect(missingPlaceholdersMessage([])).toBeNull()
  })

  it('labels an undeclared custom one from its name', () => {
    expect(placeholderLabel('tracking_code')).toBe('Tracking code')
    expect(placeholderLabel('handle')).toBe('Commenter’s handle')
  })

  it('takes the built-ins from the comment, the date in the organization’s zone', () => {
    const values = builtInValues({
      commenterName: 'Ana Ruiz',
      commenterHandle: 'ana.bsky.social',
      channelName: 'Acme Coffee',
      postLink: 'https://bsky.app/profile/acme/post/1',
      timeZone: 'Pacific/Kiritimati',
      // 23:30 on 2 December in UTC is already 3 December in Kiritimati (UTC+14).
      now: new Date('2026-12-02T23:30:00Z'),
    })
    expect(values).toMatchObject({ name: 'Ana Ruiz', handle: '@ana.bsky.social', channel: 'Acme Coffee' })
    expect(values.assignee).toBeUndefined()
    setTimeLocale('en-GB')
    try {
      expect(builtInValues({ timeZone: 'Pacific/Kiritimati', now: new Date('2026-12-02T23:30:00Z') }).date).toBe(
        '3 December 2026',
      )
    } finally {
      setTimeLocale(undefined)
    }
  })
})
