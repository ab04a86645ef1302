/**
 * The composer's state and its drafts. One post per chosen channel, sharing a group id, saved ~800 ms after the
 * last keystroke: created once, then updated. With no channel chosen yet there is one channel-less draft; choosing
 * channels turns it into the first channel's post. Saves run one after another so a slow answer never creates a
 * post twice. Scheduling writes the whole group and puts it on the schedule in one call (scheduleAll).
 *
 * A post that already has its place (scheduled, approved, waiting for approval) is held instead: what you type is
 * a pending change, shown and kept on this device (pending-edit.ts) but not written, until Save changes writes it
 * through scheduleAll or Discard puts the post's own text back. Drafts keep saving as you type, through the
 * caption's collaborative text, so teammates still edit them together.
 */
import { useCallback, useEffect, useRef, useState } from 'react'
import type { When } from '../../../src-shared/api/contract'
import type { Post } from '../../../src-shared/entities/models'
import { groupPlan } from '../../../src-shared/entities/post-group'
import { call } from '../../platform/api'
import { EDITABLE, QUEUED } from '../status'
import { captionFor, type ComposeState, type SaveStatus } from './compose-state'
import { clearPendingEdit, readPendingEdit, storable, writePendingEdit, type PendingEdit } from './pending-edit'

const EMPTY: ComposeState = {
  channelIds: [],
  text: '',
  overrides: {},
  media: [],
  tags: [],
  threadParts: [],
  firstComment: '',
}
const SAVE_DELAY_MS = 800

const isBlank = (state: ComposeState) =>
  state.text.trim() === '' &&
  state.media.length === 0 &&
  Object.values(state.overrides).every((t) => !t.trim()) &&
  state.threadParts.length === 0 &&
  state.firstComment.trim() === ''

/** What goes out after each post, as the API takes it: the comment null when there is none. */
const followUpsOf = (state: ComposeState) => ({
  threadParts: state.threadParts,
  firstComment: state.firstComment.trim() ? state.firstComment : null,
})

const same = (a: unknown, b: unknown) => JSON.stringify(a) === JSON.stringify(b)

export function useDraftGroup(orgId: string, editPostId: string | null) {
  const [state, setState] = useState<ComposeState>(EMPTY)
  const [loading, setLoading] = useState(editPostId !== null)
  const [loadError, setLoadError] = useState<unknown>(null)
  const [status, setStatus] = useState<SaveStatus>('idle')
  const [saveError, setSaveError] = useState<unknown>(null)
  /** The post being edited as it was when opened: a scheduled post keeps its time while you edit. */
  const [opened, setOpened] = useState<Post | null>(null)
  const posts = useRef(new Map<string, Post>())
  const groupId = useRef<string | null>(null)
  const chain = useRef<Promise<void>>(Promise.resolve())
  const latest = useRef(state)
  const dirty = useRef(false)
  const timer = useRef<ReturnType<typeof setTimeout> | undefined>(undefined)
  const lastError = useRef<unknown>(null)
  /** Set when the opened post has its place: edits are held, not saved as typed. */
  const holding = useRef(false)
  /** The group as written, to compare a held edit with and to go back to on Discard. */
  const [saved, setSaved] = useState<ComposeState | null>(null)
  const [held, setHeld] = useState(false)
  /** A held edit found on this device from an earlier visit. */
  const [restored, setRestored] = useState<PendingEdit | null>(null)

  const saveNow = useCallback(
    async (next: ComposeState) => {
      const wanted = next.channelIds.length ? next.channelIds : ['']
      if (posts.current.size === 0 && isBlank(next)) return
      setStatus('saving')
      const tags = next.tags
      const mediaUrls = next.media.map((m) => m.item)
      const after = followUpsOf(next)
      const orphans = [...posts.current.keys()].filter((key) => !wanted.includes(key))
      for (const key of wanted) {
        const caption = key ? captionFor(next, key) : next.text
        const existing = posts.current.get(key)
        if (existing) {
          const unchanged =
            existing.caption === caption &&
            same(existing.tags, tags) &&
            same(existing.mediaUrls, mediaUrls) &&
            same(existing.threadParts, after.threadParts) &&
            existing.firstComment === after.firstComment
          if (unchanged) continue
          const input = { orgId, postId: existing.id, caption, tags, mediaUrls, ...after }
          posts.current.set(key, await call('updateDraft', input))
          continue
        }
        // A post with a time keeps its channel: only a draft is handed to another channel.
        const reuse = orphans.find((k) => !QUEUED.includes(posts.current.get(k)!.status))
        if (reuse !== undefined) {
          orphans.splice(orphans.indexOf(reuse), 1)
          const post = posts.current.get(reuse)!
          posts.current.delete(reuse)
          const input = { orgId, postId: post.id, socialAccountId: key || null, caption, tags, mediaUrls, ...after }
          posts.current.set(key, await call('updateDraft', input))
          continue
        }
        groupId.current ??= crypto.randomUUID()
        const input = {
          orgId,
          caption,
          tags,
          mediaUrls,
          socialAccountId: key || null,
          groupId: groupId.current,
          ...after,
        }
        posts.current.set(key, await call('createDraft', input))
      }
      for (const key of orphans) {
        await call('deletePost', { orgId, postId: posts.current.get(key)!.id })
        posts.current.delete(key)
      }
    },
    [orgId],
  )

  const save = useCallback(() => {
    clearTimeout(timer.current)
    const snapshot = latest.current
    dirty.current = false
    chain.current = chain.current
      .then(() => saveNow(snapshot))
      .then(
        () => {
          lastError.current = null
          setSaveError(null)
          setStatus((now) => (now === 'saving' ? 'saved' : now))
        },
        (error: unknown) => {
          lastError.current = error
          setSaveError(error)
          setStatus('error')
        },
      )
    return chain.current
  }, [saveNow])

  useEffect(() => {
    latest.current = state
    if (holding.current && opened && saved) {
      if (same(storable(state), storable(saved))) clearPendingEdit(orgId, opened.id)
      else {
        const edit = { state, editedAt: new Date().toISOString(), baseUpdatedAt: opened.updatedAt }
        writePendingEdit(orgId, opened.id, edit)
      }
      return
    }
    if (!dirty.current) return
    clearTimeout(timer.current)
    timer.current = setTimeout(() => void save(), SAVE_DELAY_MS)
  }, [state, save, orgId, opened, saved])

  // Leaving the composer keeps what was typed in the last moment too.
  useEffect(
    () => () => {
      if (dirty.current) void save()
    },
    [save],
  )

  useEffect(() => {
    if (!editPostId) return
    let cancelled = false
    const load = async () => {
      const post = await call('getPost', { orgId, postId: editPostId })
      let group: Post[] = [post]
      if (post.groupId) {
        const all = await call('listPosts', { orgId, statuses: EDITABLE, limit: 1000 })
        group = all.filter((p) => p.groupId === post.groupId)
        if (!group.some((p) => p.id === post.id)) group.push(post)
      }
      if (cancelled) return
      groupId.current = post.groupId
      posts.current = new Map(group.map((p) => [p.socialAccountId ?? '', p]))
      const overrides: Record<string, string> = {}
      for (const p of group)
        if (p.socialAccountId && p.caption !== post.caption) overrides[p.socialAccountId] = p.caption
      const channelIds = group.flatMap((p) => (p.socialAccountId ? [p.socialAccountId] : []))
      const loaded: ComposeState = {
        channelIds,
        text: post.caption,
        overrides,
        media: post.mediaUrls.map((item) => ({ item })),
        tags: post.tags,
        threadParts: post.threadParts,
        firstComment: post.firstComment ?? '',
      }
      holding.current = QUEUED.includes(post.status)
      const pending = holding.current ? readPendingEdit(orgId, post.id) : null
      if (!holding.current) clearPendingEdit(orgId, post.id)
      setOpened(post)
      setHeld(holding.current)
      setSaved(loaded)
      setRestored(pending)
      setState(pending ? { ...loaded, ...pending.state } : loaded)
    }
    load()
      .catch((error: unknown) => !cancelled && setLoadError(error))
      .finally(() => !cancelled && setLoading(false))
    return () => {
      cancelled = true
    }
  }, [orgId, editPostId])

  const update = useCallback((change: (state: ComposeState) => Partial<ComposeState>) => {
    // A held edit is not saved as typed (the effect above keeps it on this device instead).
    dirty.current = !holding.current
    setState((current) => ({ ...current, ...change(current) }))
  }, [])

  /**
   * Writes the group as it stands and puts it on the schedule in one call: every chosen channel's post, or none
   * (scheduleGroup). It waits for a save in flight; when it is refused, what was typed is saved as drafts.
   * `keepPlaced` (Save changes): posts that already have their time keep it.
   */
  const scheduleAll = useCallback(
    async (when: When, keepPlaced: boolean): Promise<Post[]> => {
      clearTimeout(timer.current)
      dirty.current = false
      const run = chain.current.then(async () => {
        const next = latest.current
        const plan = groupPlan(next.channelIds, (id) => captionFor(next, id), posts.current)
        groupId.current ??= crypto.randomUUID()
        const mediaUrls = next.media.map((m) => m.item)
        // Every channel's post gets the thread and the comment; the service refuses them where the platform has
        // neither, as the checks say before.
        const after = followUpsOf(next)
        const entries = plan.posts.map((entry) => ({ ...entry, ...after }))
        const input = {
          orgId,
          groupId: groupId.current,
          when,
          keepPlaced,
          tags: next.tags,
          mediaUrls,
          remove: plan.remove,
          posts: entries,
        }
        const result = await call('scheduleGroup', input)
        posts.current = new Map(result.map((p) => [p.socialAccountId ?? '', p]))
        if (editPostId) clearPendingEdit(orgId, editPostId)
        return result
      })
      chain.current = run.then(
        () => undefined,
        () => undefined,
      )
      try {
        return await run
      } catch (error) {
        // A draft keeps what was typed; a held edit stays held (and on this device) for another try.
        if (!holding.current) {
          dirty.current = true
          void save()
        }
        throw error
      }
    },
    [orgId, save, editPostId],
  )

  /** The group's post for a channel as last saved, to ask before removing one that is on the schedule. */
  const postFor = useCallback((channelId: string): Post | undefined => posts.current.get(channelId), [])

  /** Discard: the held edit is dropped and the post's own values come back. */
  const discard = useCallback(() => {
    if (opened) clearPendingEdit(orgId, opened.id)
    setRestored(null)
    if (saved) setState(saved)
  }, [orgId, opened, saved])

  /** After the group is scheduled: the next post starts from scratch. */
  const reset = useCallback(() => {
    clearTimeout(timer.current)
    dirty.current = false
    holding.current = false
    setHeld(false)
    posts.current = new Map()
    groupId.current = null
    setStatus('idle')
    setState((current) => ({ ...EMPTY, channelIds: current.channelIds }))
  }, [])

  const changed = held && saved !== null && !same(storable(state), storable(saved))
  return {
    state,
    update,
    loading,
    loadError,
    status,
    saveError,
    scheduleAll,
    reset,
    opened,
    postFor,
    /** Whether edits are held until Save changes (a post with its place), and whether there are any. */
    held,
    changed,
    discard,
    restored,
  }
}
