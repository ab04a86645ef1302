/**
 * The composer's state and its drafts. One post per chosen channel, sharing a group id, saved ~800 ms after the
 * last keystroke: created once, then updated. With no channel chosen yet there is one channel-less draft; choosing
 * channels turns it into the first channel's post. Saves run one after another so a slow answer never creates a
 * post twice. Scheduling writes the whole group and puts it on the schedule in one call (scheduleAll).
 */
import { useCallback, useEffect, useRef, useState } from 'react'
import type { When } from '../../../src-shared/api/contract'
import type { MediaItem } from '../../../src-shared/entities/json-shapes'
import type { Post } from '../../../src-shared/entities/models'
import { groupPlan } from '../../../src-shared/entities/post-group'
import { call } from '../../platform/api'
import { EDITABLE, QUEUED } from '../status'

export interface MediaDraft {
  item: MediaItem
  /** A local object URL for a file picked in this session; saved files are read back with readMedia. */
  preview?: string
}

export interface ComposeState {
  channelIds: string[]
  text: string
  /** Text customized for one channel; absent means it uses the shared text. */
  overrides: Record<string, string>
  media: MediaDraft[]
  tags: string[]
}

export type SaveStatus = 'idle' | 'saving' | 'saved' | 'error'

const EMPTY: ComposeState = { channelIds: [], text: '', overrides: {}, media: [], tags: [] }
const SAVE_DELAY_MS = 800

export const captionFor = (state: ComposeState, channelId: string): string => state.overrides[channelId] ?? state.text

const isBlank = (state: ComposeState) =>
  state.text.trim() === '' && state.media.length === 0 && Object.values(state.overrides).every((t) => !t.trim())

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

  const saveNow = useCallback(
    async (next: ComposeState) => {
      const wanted = next.channelIds.length ? next.channelIds : ['']
      if (posts.current.size === 0 && isBlank(next)) return
      setStatus('saving')
      const tags = next.tags
      const mediaUrls = next.media.map((m) => m.item)
      const orphans = [...posts.current.keys()].filter((key) => !wanted.includes(key))
      for (const key of wanted) {
        const caption = key ? captionFor(next, key) : next.text
        const existing = posts.current.get(key)
        if (existing) {
          if (existing.caption === caption && same(existing.tags, tags) && same(existing.mediaUrls, mediaUrls)) continue
          posts.current.set(key, await call('updateDraft', { orgId, postId: existing.id, caption, tags, mediaUrls }))
          continue
        }
        // A post with a time keeps its channel: only a draft is handed to another channel.
        const reuse = orphans.find((k) => !QUEUED.includes(posts.current.get(k)!.status))
        if (reuse !== undefined) {
          orphans.splice(orphans.indexOf(reuse), 1)
          const post = posts.current.get(reuse)!
          posts.current.delete(reuse)
          const input = { orgId, postId: post.id, socialAccountId: key || null, caption, tags, mediaUrls }
          posts.current.set(key, await call('updateDraft', input))
          continue
        }
        groupId.current ??= crypto.randomUUID()
        const input = { orgId, caption, tags, mediaUrls, socialAccountId: key || null, groupId: groupId.current }
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
    if (!dirty.current) return
    clearTimeout(timer.current)
    timer.current = setTimeout(() => void save(), SAVE_DELAY_MS)
  }, [state, save])

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
      setOpened(post)
      setState({
        channelIds,
        text: post.caption,
        overrides,
        media: post.mediaUrls.map((item) => ({ item })),
        tags: post.tags,
      })
    }
    load()
      .catch((error: unknown) => !cancelled && setLoadError(error))
      .finally(() => !cancelled && setLoading(false))
    return () => {
      cancelled = true
    }
  }, [orgId, editPostId])

  const update = useCallback((change: (state: ComposeState) => Partial<ComposeState>) => {
    dirty.current = true
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
        const input = { orgId, groupId: groupId.current, when, keepPlaced, tags: next.tags, mediaUrls, ...plan }
        const result = await call('scheduleGroup', input)
        posts.current = new Map(result.map((p) => [p.socialAccountId ?? '', p]))
        return result
      })
      chain.current = run.then(
        () => undefined,
        () => undefined,
      )
      try {
        return await run
      } catch (error) {
        dirty.current = true
        void save()
        throw error
      }
    },
    [orgId, save],
  )

  /** The group's post for a channel as last saved, to ask before removing one that is on the schedule. */
  const postFor = useCallback((channelId: string): Post | undefined => posts.current.get(channelId), [])

  /** After the group is scheduled: the next post starts from scratch. */
  const reset = useCallback(() => {
    clearTimeout(timer.current)
    dirty.current = false
    posts.current = new Map()
    groupId.current = null
    setStatus('idle')
    setState((current) => ({ ...EMPTY, channelIds: current.channelIds }))
  }, [])

  return { state, update, loading, loadError, status, saveError, scheduleAll, reset, opened, postFor }
}
