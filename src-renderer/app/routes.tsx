/**
 * Which screen each address shows. Addresses live in the hash
 * (`#/publish`), so a reload keeps the screen in Electron and in a browser.
 * Each module's screens load when first shown (lazy-screens.ts); until then
 * the main region waits quietly.
 */
import { Suspense, useEffect } from 'react'
import { Redirect, Route, Switch, useLocation } from 'wouter'
import {
  AnalyzeScreen,
  ChannelsScreen,
  ComposeScreen,
  EngageScreen,
  NotificationsScreen,
  PostScreen,
  PublishScreen,
  SandboxFeedScreen,
  SettingsScreen,
  StartPageScreen,
} from './lazy-screens'
import { ScreenLoading } from './screen-loading'
import { DEFAULT_PATH, screenTitle } from './screens'

/**
 * A new screen starts at its top (the document keeps the old scroll position
 * otherwise, hiding the heading under the top bar), and the window title
 * follows it, for the OS window list and screen readers.
 */
function useScreenChange(): void {
  const [location] = useLocation()
  useEffect(() => {
    window.scrollTo(0, 0)
    const title = screenTitle(location)
    document.title = title ? `${title} · buffer-clone` : 'buffer-clone'
  }, [location])
}

export function Routes() {
  useScreenChange()
  return (
    <Suspense fallback={<ScreenLoading />}>
      <Switch>
        <Route path="/publish" component={PublishScreen} />
        <Route path="/publish/compose">{() => <ComposeScreen />}</Route>
        <Route path="/publish/compose/:postId">
          {(params) => <ComposeScreen key={params.postId} postId={params.postId} />}
        </Route>
        <Route path="/publish/post/:postId">
          {(params) => <PostScreen key={params.postId} postId={params.postId} />}
        </Route>
        <Route path="/channels" component={ChannelsScreen} />
        <Route path="/sandbox/:orgId/:channelId/posts/:postId">
          {(params) => <SandboxFeedScreen key={`${params.orgId}/${params.channelId}`} {...params} />}
        </Route>
        <Route path="/sandbox/:orgId/:channelId">
          {(params) => <SandboxFeedScreen key={`${params.orgId}/${params.channelId}`} {...params} />}
        </Route>
        <Route path="/notifications" component={NotificationsScreen} />
        <Route path="/engage" component={EngageScreen} />
        <Route path="/analyze" component={AnalyzeScreen} />
        <Route path="/start-page" component={StartPageScreen} />
        <Route path="/settings" component={SettingsScreen} />
        <Route>
          <Redirect to={DEFAULT_PATH} replace />
        </Route>
      </Switch>
    </Suspense>
  )
}
