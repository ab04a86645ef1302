/** Accounts: sign up, sign in, sign out, change password, who am I (sync-server/routes/auth.ts). */
import {
  changePasswordRequestSchema,
  meResponseSchema,
  sessionResponseSchema,
  signinRequestSchema,
  signupRequestSchema,
} from '../server-api'
import { noContent, type ServerRoute } from './route'

export const authRoutes = {
  signup: {
    method: 'POST',
    path: '/v1/auth/signup',
    public: true,
    body: signupRequestSchema,
    response: sessionResponseSchema,
  },
  signin: {
    method: 'POST',
    path: '/v1/auth/signin',
    public: true,
    body: signinRequestSchema,
    response: sessionResponseSchema,
  },
  signout: { method: 'POST', path: '/v1/auth/signout', response: noContent },
  changePassword: {
    method: 'POST',
    path: '/v1/auth/password',
    body: changePasswordRequestSchema,
    response: noContent,
  },
  me: { method: 'GET', path: '/v1/me', response: meResponseSchema },
} as const satisfies Record<string, ServerRoute>
