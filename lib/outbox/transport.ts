import nodemailer, { type Transporter } from 'nodemailer';

let cached: { url: string; transport: Transporter } | undefined;

/** The SMTP transport named by SMTP_URL (smtp://user:pass@host:port), or none. */
export function mailTransport(): Transporter | null {
  const url = process.env.SMTP_URL;
  if (!url) return null;

  if (cached?.url !== url) cached = { url, transport: nodemailer.createTransport(url) };
  return cached.transport;
}

export function mailSender(): string {
  return process.env.MAIL_FROM ?? 'Partner Hub <no-reply@partner-hub.invalid>';
}
