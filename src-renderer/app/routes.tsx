/**
 * Which screen each address shows. Addresses live in the hash
 * (`#/publish`), so a reload keeps the screen in Electron and in a browser.
 */
import { useEffect } from 'react'
import { Redirect, Route, Switch, useLocation } from 'wouter'
import { AnalyzeScreen } from '../analyze/analyze-screen'
import { EngageScreen } from '../engage/engage-screen'
import { PublishScreen } from '../publish/publish-screen'
import { SettingsScreen } from '../settings/settings-screen'
import { StartPageScreen } from '../start-page/start-page-screen'
import { DEFAULT_PATH, SCREENS } from './screens'

/**
 * A new screen starts at its top (the document keeps the old scroll position
 * otherwise, hiding the heading under the top bar), and the window title
 * follows it, for the OS window list and screen readers.
 */
function useScreenChange(): void {
  const [location] = useLocation()
  useEffect(() => {
    window.scrollTo(0, 0)
    const screen = SCREENS.find((candidate) => candidate.path === location)
    document.title = screen ? `${screen.label} · buffer-clone` : 'buffer-clone'
  }, [location])
}

export function Routes() {
  useScreenChange()
  return (
    <Switch>
      <Route path="/publish" component={PublishScreen} />
      <Route path="/engage" component={EngageScreen} />
      <Route path="/analyze" component={AnalyzeScreen} />
      <Route path="/start-page" component={StartPageScreen} />
      <Route path="/settings" component={SettingsScreen} />
      <Route>
        <Redirect to={DEFAULT_PATH} replace />
      </Route>
    </Switch>
  )
}
