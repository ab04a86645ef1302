/**
 * The post's tags, checked as they are typed with the rule the service uses (src-shared/entities/tag-rules.ts):
 * a tag that is too long, or has a comma, is refused on Enter and stays in the field with the reason under it,
 * so nothing is accepted that saving would later turn away.
 */
import { TagsInput } from '@mantine/core'
import { useRef, useState, type KeyboardEvent } from 'react'
import { MAX_TAGS, tagProblem, tagsProblem } from '../../../src-shared/entities/tag-rules'

interface Props {
  /** Tags used before, offered as you type. */
  data: string[]
  value: string[]
  onChange: (tags: string[]) => void
}

export function TagsField({ data, value, onChange }: Props) {
  const [search, setSearch] = useState('')
  const [full, setFull] = useState(false)
  // A pasted tag that was refused goes back into the field, after Mantine has emptied it.
  const refused = useRef<string | null>(null)
  const typing = search.trim() ? tagProblem(search) : null
  const kept = value.map(tagProblem).find(Boolean) ?? tagsProblem(value)
  const problem =
    typing ?? kept ?? (full ? `A post can have at most ${MAX_TAGS} tags: remove one to add another.` : null)

  const keyDown = (event: KeyboardEvent<HTMLInputElement>) => {
    // Enter or a comma would add the tag being typed: not while it breaks the rule.
    if ((event.key === 'Enter' || event.key === ',') && typing) event.preventDefault()
  }
  const change = (next: string[]) => {
    const bad = next.find((tag) => !value.includes(tag) && tagProblem(tag))
    if (bad) refused.current = bad
    onChange(next.filter((tag) => value.includes(tag) || !tagProblem(tag)))
    if (next.length < MAX_TAGS) setFull(false)
  }
  const searchChange = (text: string) => {
    const back = text === '' ? refused.current : null
    refused.current = null
    setSearch(back ?? text)
  }

  return (
    <TagsInput
      label="Tags"
      description={`Group posts by campaign or theme. Press Enter after each tag (up to ${MAX_TAGS}).`}
      placeholder={value.length ? '' : 'launch, spring-campaign'}
      data={data}
      value={value}
      onChange={change}
      searchValue={search}
      onSearchChange={searchChange}
      onKeyDown={keyDown}
      acceptValueOnBlur={!typing}
      maxTags={MAX_TAGS}
      onMaxTags={() => setFull(true)}
      error={problem}
      errorProps={{ 'aria-live': 'polite' }}
      clearable
      comboboxProps={{ keepMounted: false }}
      clearButtonProps={{ 'aria-label': 'Clear tags' }}
    />
  )
}
