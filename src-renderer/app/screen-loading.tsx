/**
 * What a screen shows while its module loads. Nothing at first: a local
 * chunk usually arrives within a frame or two, and a spinner that blinks for
 * 50 ms is worse than none. Only a load that takes a noticeable while fades
 * a loader in (by CSS delay, so no timer runs).
 */
import { Center, Loader } from '@mantine/core'
import classes from './screen-loading.module.css'

export function ScreenLoading() {
  return (
    <Center mih={240} aria-busy="true" className={classes.delayed}>
      <Loader size="md" aria-label="Loading" />
    </Center>
  )
}
