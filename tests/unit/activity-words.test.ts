/**
 * The activity log reads as sentences: someone's change names them ("You scheduled a post", "Sam joined as
 * an editor"), the app's own steps name nobody ("A post was published"), and every audit action the code
 * writes (found in the source, so a new one cannot be forgotten) has words of its own, not its code name.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { activitySentence, DESCRIBED_ACTIONS } from '../../src-shared/entities/activity-words'
import { repoRoot } from '../helpers/paths'

const ME = 'user-me'

function sourceFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name)
    if (statSync(path).isDirectory()) return sourceFiles(path)
    return path.endsWith('.ts') ? [path] : []
  })
}

/** Every `action: 'x.y'` (or a ternary of them) that the desktop, the shared loop and the server write. */
function auditActionsInSource(): string[] {
  const found = new Set<string>()
  for (const dir of ['src-main', 'src-shared', 'sync-server']) {
    for (const file of sourceFiles(join(repoRoot, dir))) {
      for (const line of readFileSync(file, 'utf8').split('\n')) {
        if (!/\baction:/.test(line)) continue
        for (const match of line.matchAll(/'([a-z_]+\.[a-z_]+)'/g)) found.add(match[1]!)
      }
    }
  }
  return [...found].sort()
}

const entry = (
  action: string,
  userId: string | null,
  meta: Record<string, unknown> = {},
  actorName: string | null = null,
) => ({
  action,
  userId,
  actorName,
  meta,
})

describe('activitySentence', () => {
  it('has words for every audit action the app writes', () => {
    const actions = auditActionsInSource()
    expect(actions.length).toBeGreaterThan(30)
    expect(actions.filter((action) => !DESCRIBED_ACTIONS.has(action))).toEqual([])
    for (const action of actions) {
      for (const who of [entry(action, ME), entry(action, 'someone', {}, 'Sam Lee'), entry(action, null)]) {
        const sentence = activitySentence(who, ME)
        // No code names: neither the action's dotted name nor its underscores reach the screen.
        expect(sentence, action).not.toMatch(/[._]/)
        expect(sentence, action).not.toMatch(/made a change/)
        expect(sentence, action).toMatch(/^[A-Z]/)
      }
    }
  })

  it('says what you did in your own words', () => {
    expect(activitySentence(entry('post.scheduled', ME), ME)).toBe('You scheduled a post')
    expect(activitySentence(entry('post_group.scheduled', ME, { channelIds: ['a', 'b'] }), ME)).toBe(
      'You scheduled a post for 2 channels',
    )
    expect(activitySentence(entry('organization.renamed', ME, { from: 'Acme', to: 'Acme Coffee' }), ME)).toBe(
      'You renamed the organization from “Acme” to “Acme Coffee”',
    )
    expect(
      activitySentence(entry('organization.timezone_changed', ME, { from: 'UTC', to: 'America/New_York' }), ME),
    ).toBe('You changed the organization’s time zone to America/New York')
  })

  it('names a teammate by name, and says "A teammate" only when the members list does not know them', () => {
    expect(activitySentence(entry('member.joined', 'sam', { role: 'editor' }, 'Sam Lee'), ME)).toBe(
      'Sam Lee joined as an editor',
    )
    expect(activitySentence(entry('member.joined', 'sam', {}, 'Sam Lee'), ME)).toBe('Sam Lee joined')
    expect(activitySentence(entry('idea.created', 'kim'), ME)).toBe('A teammate added an idea')
  })

  it('says what the app did on its own without anyone doing it', () => {
    expect(activitySentence(entry('post.published', null), ME)).toBe('A post was published')
    expect(activitySentence(entry('post.failed', null), ME)).toBe('A post could not be published')
    expect(activitySentence(entry('channel.needs_reconnect', null), ME)).toBe('A channel needs to be connected again')
  })

  it('keeps an unknown action a sentence about who did it', () => {
    expect(activitySentence(entry('something.new', ME), ME)).toBe('You made a change')
  })
})
