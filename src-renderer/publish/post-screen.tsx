/** One post: its text and channel, where it stands (schedule, approvals, errors) and where it was published. */
export function PostScreen(_props: { postId: string }) {
  return null
}
