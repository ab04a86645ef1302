/**
 * Clocks and row ids outside their documented forms (docs/sync-protocol.md):
 * each class a client author might send by mistake, or a tampered client on
 * purpose. Built around a real wall time so that, read loosely, each would
 * pass the server's skew check and be applied.
 */

export interface Malformed {
  /** What is wrong with it, for the test's name. */
  name: string
  value: string
}

/** Clocks for the moment `wallMs` that are not `<15 digits>:<5 digits>:<node>`. */
export function malformedClocks(wallMs: number, node = 'tampered'): Malformed[] {
  const wall = String(wallMs).padStart(15, '0')
  return [
    // Sorts after every padded clock as text, so it would win forever.
    { name: 'an unpadded wall', value: `${wallMs}:00001:${node}` },
    { name: 'a hex wall', value: `0x${wallMs.toString(16)}:00000:${node}` },
    { name: 'a hex wall of the right width', value: `${wallMs.toString(16).padStart(15, '0')}:00000:${node}` },
    { name: 'an exponent wall', value: `${(wallMs / 1e12).toFixed(8)}e12:00000:${node}` },
    { name: 'a negative wall', value: `-${wall.slice(1)}:00000:${node}` },
    { name: 'a fractional wall', value: `${wall.slice(0, 14)}.5:00000:${node}` },
    { name: 'a 16-digit wall', value: `9${wall}:00000:${node}` },
    { name: 'an unpadded counter', value: `${wall}:1:${node}` },
    { name: 'a counter of six digits', value: `${wall}:000001:${node}` },
    { name: 'no node', value: `${wall}:00000:` },
    { name: 'a node with a colon', value: `${wall}:00000:${node}:x` },
    { name: 'a node of 65 characters', value: `${wall}:00000:${'n'.repeat(65)}` },
    { name: 'a leading space', value: ` ${wall}:00000:${node}` },
    { name: 'a trailing newline', value: `${wall}:00000:${node}\n` },
    {
      name: 'non-ASCII digits',
      value: `${wall.replace(/[0-9]/g, (d) => String.fromCharCode(0x660 + Number(d)))}:00000:${node}`,
    },
    { name: 'a word', value: 'yesterday' },
  ]
}

/** Row ids that are not `[0-9A-Za-z_-]{1,64}`. */
export const malformedRowIds: Malformed[] = [
  { name: 'a 20,000-character id', value: 'a'.repeat(20_000) },
  { name: 'an id of 65 characters', value: 'a'.repeat(65) },
  { name: 'an id with quotes and semicolons', value: `x'; DROP TABLE posts; --"` },
  { name: 'an id with a space', value: 'post 1' },
  { name: 'an id with a dot', value: 'post.1' },
  { name: 'an id with a slash', value: '../post' },
]
