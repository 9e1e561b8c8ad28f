import nodemailer from 'nodemailer';
import { expect, it } from 'vitest';
import { startSmtpPeer } from './smtp.ts';

it('the test SMTP peer decodes text and HTML parts and long subjects, waits for a message and times out', async () => {
  const peer = await startSmtpPeer();
  const tx = nodemailer.createTransport(peer.url);
  const subject = 'Réinitialisez votre mot de passe — ção ñ 日本語 '.repeat(4).trim();
  const waiting = peer.waitFor((m) => m.to === 'b@example.org', 2000);
  await tx.sendMail({
    from: 'a@example.org',
    to: 'a@example.org',
    subject: 'plain é',
    text: 'Olá\r\nmundo =',
  });
  await tx.sendMail({
    from: 'a@example.org',
    to: 'b@example.org',
    subject,
    text: 'Texto ção '.repeat(30),
    html: '<p>Olá ção</p>',
  });
  const m = await waiting;
  expect(m.subject).toBe(subject);
  expect(m.text).toBe('Texto ção '.repeat(30));
  expect(m.html).toBe('<p>Olá ção</p>');
  expect(peer.inbox[0]!.text).toBe('Olá\nmundo =');
  expect(peer.inbox[0]!.subject).toBe('plain é');
  expect(peer.inbox[0]!.html).toBe('');
  expect(await peer.waitFor((x) => x.to === 'a@example.org')).toBe(peer.inbox[0]);
  await expect(peer.waitFor(() => false, 200)).rejects.toThrow(
    /No matching message within 200 ms \(received: a@example.org: plain é/,
  );
  tx.close();
  await peer.close();
});
