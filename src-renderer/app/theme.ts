/**
 * The look of the app: one brand palette, a cool-tinted dark palette and the
 * few CSS variables Mantine's defaults get wrong for WCAG AA contrast.
 */
import { alpha, createTheme, type CSSVariablesResolver, type MantineColorsTuple } from '@mantine/core'
import classes from './theme.module.css'

// Shade 6 carries white text at 5.8:1 and shade 7 at 7.3:1, so filled buttons pass AA in both schemes.
const brand: MantineColorsTuple = [
  '#eef0ff',
  '#dde1ff',
  '#b9c1ff',
  '#96a1fd',
  '#8390fa',
  '#5b6af5',
  '#4453e6',
  '#3845cc',
  '#2e39a8',
  '#232c82',
]

// Mantine's teal.9 on teal.1 (light badges) is 4.3:1; a deeper 9 brings it over 4.5:1.
const teal: MantineColorsTuple = [
  '#e6fcf5',
  '#c3fae8',
  '#96f2d7',
  '#63e6be',
  '#38d9a9',
  '#20c997',
  '#12b886',
  '#0ca678',
  '#099268',
  '#066649',
]

// Mantine's orange.9 on orange.1 (light badges, the offline state) is 3.6:1; a browner 9 brings it to 5.8:1.
const orange: MantineColorsTuple = [
  '#fff4e6',
  '#ffe8cc',
  '#ffd8a8',
  '#ffc078',
  '#ffa94d',
  '#ff922b',
  '#fd7e14',
  '#f76707',
  '#e8590c',
  '#9c3c0c',
]

// Slightly blue-grey rather than Mantine's neutral greys: calmer for long sessions.
const dark: MantineColorsTuple = [
  '#d5d8de',
  '#b3b7c0',
  '#9ba0ab',
  '#6b707b',
  '#3a3d45',
  '#33363e',
  '#26292f',
  '#1c1e23',
  '#16181c',
  '#111215',
]

// Mantine's red.6 is 3.3:1 against white; danger buttons and error text need 4.5:1.
const red: MantineColorsTuple = [
  '#fff0f0',
  '#ffdede',
  '#ffbaba',
  '#ff9494',
  '#f87171',
  '#e5484d',
  '#cc2f36',
  '#b4262c',
  '#9a1f24',
  '#7a181c',
]

const fontFamily =
  'Inter, ui-sans-serif, -apple-system, BlinkMacSystemFont, "Segoe UI", Roboto, "Helvetica Neue", Arial, sans-serif'

export const theme = createTheme({
  primaryColor: 'brand',
  primaryShade: { light: 6, dark: 7 },
  colors: { brand, dark, orange, red, teal },
  fontFamily,
  headings: { fontFamily, fontWeight: '650' },
  defaultRadius: 'md',
  cursorType: 'pointer',
  focusRing: 'auto',
  components: {
    Card: { defaultProps: { withBorder: true, radius: 'lg', padding: 'lg' } },
    Modal: { defaultProps: { radius: 'lg', centered: true, closeButtonProps: { 'aria-label': 'Close' } } },
    Tooltip: { defaultProps: { openDelay: 300, withArrow: true } },
    DatePickerInput: { classNames: { day: classes.weekendDay } },
    // Under a title Mantine greys the message to 3.3:1; the message is the part people need to read.
    Notification: { styles: { description: { color: 'var(--mantine-color-text)' } } },
  },
})

/**
 * In dark mode Mantine paints "light" badges and buttons with the colour's darkest shade darkened further, a
 * navy (for brand) that barely stands out from the cards; a tint of shade 4 reads as a badge, and the light
 * text on it stays above 7:1.
 */
const TINTED = ['brand', 'blue', 'cyan', 'grape', 'gray', 'green', 'orange', 'red', 'teal', 'violet', 'yellow']
const darkTints = (colors: Record<string, MantineColorsTuple>) =>
  Object.fromEntries(
    TINTED.filter((name) => colors[name]).flatMap((name) => [
      [`--mantine-color-${name}-light`, alpha(colors[name]![4], 0.2)],
      [`--mantine-color-${name}-light-hover`, alpha(colors[name]![4], 0.28)],
    ]),
  )

// Mantine's default "dimmed" grey is 3.3:1 on white; these keep secondary text above 4.5:1.
export const cssVariablesResolver: CSSVariablesResolver = (mantine) => ({
  variables: {},
  light: {
    '--mantine-color-dimmed': '#5f6670',
    '--mantine-color-placeholder': '#6b717b',
    '--app-surface': '#f7f8fa',
    // Hovering a light (tinted) control should darken it a touch, not jump two shades.
    '--mantine-color-brand-light-hover': '#d3d8ff',
  },
  dark: {
    '--mantine-color-dimmed': '#a9aeb8',
    '--mantine-color-placeholder': '#8c919c',
    '--mantine-color-anchor': '#96a1fd',
    '--mantine-color-error': '#f87171',
    '--app-surface': '#16181c',
    // A disabled button was grey on grey at 2.4:1, near invisible; it stays quieter than an enabled one.
    '--mantine-color-disabled': dark[5],
    '--mantine-color-disabled-color': dark[2],
    '--mantine-color-disabled-border': dark[4],
    ...darkTints(mantine.colors as Record<string, MantineColorsTuple>),
  },
})
