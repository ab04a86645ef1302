/**
 * Sending an invitation by email through the SMTP server the environment
 * names (SMTP_URL, MAIL_FROM). Without one there is no email: the inviter
 * copies the link instead. A failure to send is answered in a sentence;
 * the mail library's own words go to the log only.
 */
import nodemailer from 'nodemailer'
import type { ServerConfig } from '../config'

export interface InvitationEmail {
  to: string
  orgName: string
  inviterName: string
  roleLabel: string
  url: string
  expiresAt: Date
}

export type EmailOutcome = { sent: true } | { sent: false; reason: 'not_configured' | 'failed' }

export function invitationText(mail: InvitationEmail): string {
  return [
    'Hello,',
    '',
    `${mail.inviterName} invited you to join ${mail.orgName} as ${mail.roleLabel}.`,
    '',
    'Open this link to join (it works once):',
    mail.url,
    '',
    `Or paste it in the app under “I have an invitation”. It expires on ${mail.expiresAt.toUTCString()}.`,
    '',
    'If you did not expect this, you can ignore this email.',
  ].join('\n')
}

export async function sendInvitationEmail(
  config: ServerConfig,
  mail: InvitationEmail,
  log: (error: unknown) => void,
): Promise<EmailOutcome> {
  if (!config.smtpUrl) return { sent: false, reason: 'not_configured' }
  try {
    const transport = nodemailer.createTransport(config.smtpUrl)
    await transport.sendMail({
      from: config.mailFrom,
      to: mail.to,
      subject: `${mail.inviterName} invited you to ${mail.orgName}`,
      text: invitationText(mail),
    })
    return { sent: true }
  } catch (error) {
    log(error)
    return { sent: false, reason: 'failed' }
  }
}
