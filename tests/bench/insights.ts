/**
 * Comment insights per comment (issue 11's benchmark): `commentInsights` over the 4,200 rated tweets (real social
 * text of comment length), against VADER's scoring alone on the same texts, the one library step every comment
 * needs. The difference is language detection, emoji, question and urgency.
 */
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { SentimentIntensityAnalyzer } from 'vader-sentiment'
import { commentInsights } from '../../src-shared/engage/insights'
import { repoRoot } from '../helpers/core'
import { median, type Row } from './measure'

const RUNS = 5

export async function insightsBench(): Promise<Row[]> {
  const texts = readFileSync(join(repoRoot, 'tests', 'fixtures', 'sentiment', 'tweets-ground-truth.tsv'), 'utf8')
    .trim()
    .split(/\r?\n/)
    .map((line) => line.split('\t').slice(2).join('\t'))
  // Warm both (JIT, the libraries' tables) before timing.
  for (const text of texts.slice(0, 500)) {
    commentInsights(text)
    SentimentIntensityAnalyzer.polarity_scores(text)
  }
  const ours = await median(RUNS, () => texts.forEach((text) => commentInsights(text)))
  const baseline = await median(RUNS, () => texts.forEach((text) => SentimentIntensityAnalyzer.polarity_scores(text)))
  const perComment = (total: number) => `${Math.round((total * 1000) / texts.length)} µs`
  return [
    {
      measure: `insights per comment (${texts.length.toLocaleString('en')} tweets)`,
      ours: perComment(ours),
      baseline: `${perComment(baseline)} VADER's score alone`,
      ratio: (ours / baseline).toFixed(1),
    },
  ]
}
