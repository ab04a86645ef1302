// Types for the insight libraries that ship without them.

declare module 'vader-sentiment' {
  interface PolarityScores {
    neg: number
    neu: number
    pos: number
    /** The sum of the valences, normalized to [-1, 1]. */
    compound: number
  }
  export const SentimentIntensityAnalyzer: { polarity_scores(text: string): PolarityScores }
}
