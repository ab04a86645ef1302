/** Whether a comment asks something: a question mark in any script, or (English) a sentence that opens as a question. */

const QUESTION_MARK = /[?？¿؟]/u
const WH_WORDS = /^(how|what|when|where|why|who|whom|whose|which)\b/i
/** An auxiliary first, then its subject ("Do you ship…", "Is this vegan"): "Do it now" and "Do that" are not questions. */
const PEOPLE = 'you|we|i|they|he|she|the|your|my|our|anyone|anybody|someone|somebody'
const AUX_THEN_SUBJECT = new RegExp(
  `^((can|could|is|are|was|were|will|would|should|shall|may|might|has|have)\\s+(${PEOPLE}|it|this|that|these|those|there)|(do|does|did)\\s+(${PEOPLE}))\\b`,
  'i',
)

export function asksQuestion(text: string, language: string): boolean {
  if (QUESTION_MARK.test(text)) return true
  if (language !== 'en' && language !== 'und') return false
  return (
    text
      .split(/(?<=[.!\n])\s*/u)
      .map((sentence) => sentence.trim().replace(/^[^\p{L}]+/u, ''))
      // "How lovely!" exclaims.
      .filter((sentence) => !sentence.endsWith('!'))
      .some((sentence) => WH_WORDS.test(sentence) || AUX_THEN_SUBJECT.test(sentence))
  )
}
