// The Publish module's screens (queue, calendar, drafts, approvals, Sent, a post's view): one chunk, with dnd-kit.
export { PublishScreen } from '../../publish/publish-screen'
export { PostScreen } from '../../publish/post-screen'
