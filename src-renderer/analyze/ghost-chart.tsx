/**
 * A faint, decorative chart shape behind Analyze's empty state, so the
 * screen shows what it will become. Hidden from assistive technology: it
 * is not data.
 */
import { Box } from '@mantine/core'

const POINTS = [38, 44, 41, 52, 49, 61, 58, 66, 63, 72, 69, 80, 76, 84]

function path(values: number[], width: number, height: number): string {
  const step = width / (values.length - 1)
  return values.map((value, index) => `${index === 0 ? 'M' : 'L'}${index * step},${height - value}`).join(' ')
}

export function GhostChart({ height = 180 }: { height?: number }) {
  const width = 700
  const line = path(POINTS, width, height)
  const second = path(
    POINTS.map((value) => value * 0.55),
    width,
    height,
  )
  return (
    <Box component="svg" viewBox={`0 0 ${width} ${height}`} preserveAspectRatio="none" w="100%" h={height} aria-hidden>
      {[0.25, 0.5, 0.75].map((fraction) => (
        <line
          key={fraction}
          x1={0}
          x2={width}
          y1={height * fraction}
          y2={height * fraction}
          stroke="var(--mantine-color-default-border)"
          strokeDasharray="4 6"
        />
      ))}
      <path d={`${line} L${width},${height} L0,${height} Z`} fill="var(--mantine-primary-color-light)" opacity={0.6} />
      <path d={line} fill="none" stroke="var(--mantine-primary-color-filled)" strokeWidth={2.5} opacity={0.35} />
      <path d={second} fill="none" stroke="var(--mantine-color-teal-6)" strokeWidth={2} opacity={0.3} />
    </Box>
  )
}
