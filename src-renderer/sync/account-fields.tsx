/**
 * The account part of signing in to a sync server, one for every form that asks for it (Settings → Sync, and first
 * run with an invitation): "Sign in" or "Create account", the email and the password. A new password is checked as
 * it is typed with the sync server's own rule (src-shared/sync/password-rule.ts); once the form was sent, an empty
 * one is shown too. Each form keeps its own other fields and its own call.
 */
import { PasswordInput, SegmentedControl, TextInput } from '@mantine/core'
import { useState } from 'react'
import { newPasswordProblem, PASSWORD_HINT } from '../../src-shared/sync/password-rule'
import { fieldError } from '../ui/errors'

/** Signing in to an account the server has, or creating one there. */
export type ConnectMode = 'signin' | 'signup'

export interface AccountForm {
  mode: ConnectMode
  email: string
  password: string
  setMode(mode: ConnectMode): void
  setEmail(email: string): void
  setPassword(password: string): void
  /** What the password rule says of the password, where it is to be shown now. */
  passwordProblem: string | null
  /** Called on submit: from then on an empty new password is shown as a problem. True when the fields may be sent. */
  check(): boolean
  /** The fields as `connectServer` takes them. */
  credentials(): { mode: ConnectMode; email: string; password: string }
}

export function useAccountForm(initial: { mode: ConnectMode; email?: string }): AccountForm {
  const [mode, setModeState] = useState<ConnectMode>(initial.mode)
  const [email, setEmail] = useState(initial.email ?? '')
  const [password, setPassword] = useState('')
  const [tried, setTried] = useState(false)
  const signingUp = mode === 'signup'
  return {
    mode,
    email,
    password,
    setMode(next) {
      setModeState(next)
      setTried(false)
    },
    setEmail,
    setPassword,
    passwordProblem: signingUp && (password || tried) ? newPasswordProblem(password) : null,
    check() {
      setTried(true)
      return !(signingUp && newPasswordProblem(password))
    },
    credentials: () => ({ mode, email: email.trim(), password }),
  }
}

const LABELS: Record<ConnectMode, string> = { signin: 'Sign in', signup: 'Create account' }

/** "Sign in" or "Create account"; `order`: the choices as the form offers them, its likely one first. */
export function AccountModeControl({
  form,
  order,
  onChange,
}: {
  form: AccountForm
  order: ConnectMode[]
  /** After the mode changed: the form's last answer no longer applies. */
  onChange(): void
}) {
  return (
    <SegmentedControl
      aria-label="Sign in or create an account"
      value={form.mode}
      onChange={(value) => {
        form.setMode(value as ConnectMode)
        onChange()
      }}
      data={order.map((value) => ({ value, label: LABELS[value] }))}
      fullWidth
    />
  )
}

/** The email and password, with the server's field errors from `error` (the form's last failed call). */
export function AccountCredentials({
  form,
  error,
  emailLabel = 'Email',
}: {
  form: AccountForm
  error: unknown
  emailLabel?: string
}) {
  const signingUp = form.mode === 'signup'
  return (
    <>
      <TextInput
        label={emailLabel}
        type="email"
        autoComplete="email"
        withAsterisk
        value={form.email}
        onChange={(event) => form.setEmail(event.currentTarget.value)}
        error={fieldError(error, 'email')}
      />
      <PasswordInput
        label="Password"
        description={signingUp ? PASSWORD_HINT : undefined}
        // The rule stays next to the field, under it, with its problem after it.
        inputWrapperOrder={['label', 'input', 'description', 'error']}
        autoComplete={signingUp ? 'new-password' : 'current-password'}
        visibilityToggleFocusable
        visibilityToggleButtonProps={{ 'aria-label': 'Show password' }}
        withAsterisk
        value={form.password}
        onChange={(event) => form.setPassword(event.currentTarget.value)}
        error={form.passwordProblem ?? fieldError(error, 'password')}
      />
    </>
  )
}
