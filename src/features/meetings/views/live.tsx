import type { FieldError } from '../../../platform/http/errors.ts';
import { alpha3ToAlpha2, pick } from '../../../platform/i18n/format.ts';
import type { Locale } from '../../../platform/i18n/locales.ts';
import { Button, ErrorSummary, Form, Link, LocalizedText, TextArea } from '../../../views/components.tsx';
import { useCtx } from '../../../views/context.ts';
import { Layout } from '../../../views/layout.tsx';
import { MAX_MESSAGE } from '../model.ts';
import type { MeetingWithGroup, MessageRow, PersonRow } from '../repository.ts';
import { formatClock } from '../time.ts';
import { MeetingTime, useViewerZone } from './shared.tsx';

export interface LivePageProps {
  m: MeetingWithGroup;
  messages: MessageRow[];
  /** Id of the oldest message shown, when there are older ones. */
  earlierBefore: number | null;
  present: PersonRow[];
  videoUrl: string;
  draft?: string;
  errors?: FieldError[];
}

/** The short country name the live room's script also uses (Intl.DisplayNames), so both agree. */
function regionName(iso3: string, locale: Locale): string {
  const iso2 = alpha3ToAlpha2(iso3);
  if (!iso2) return iso3;
  try {
    return new Intl.DisplayNames([locale], { type: 'region' }).of(iso2) ?? iso3;
  } catch {
    return iso3;
  }
}

export function LivePage(props: LivePageProps) {
  const { t, locale, actor } = useCtx();
  const zone = useViewerZone();
  const { m } = props;
  const title = pick(m.title, locale, m.orig_locale);
  const last = props.messages[props.messages.length - 1];
  return (
    <Layout
      title={t('meetings.live.title', { title: title.text })}
      help="/help/user-manual-study-groups"
      island="meeting-live"
      hasErrors={!!props.errors?.length}
    >
      <p class="breadcrumb">
        <Link href={`/meetings/${m.id}`}>
          <LocalizedText picked={title} />
        </Link>
      </p>
      <h1>{t('meetings.live.heading')}</h1>
      <p class="meta">
        <MeetingTime iso={m.starts_at} /> · {t('meetings.durationValue', { minutes: m.duration_minutes })}
      </p>
      <div
        class="live-room"
        data-live
        data-meeting-id={m.id}
        data-events-url={`/meetings/${m.id}/events`}
        data-post-url={`/api/v1/meetings/${m.id}/messages`}
        data-after={last ? last.id : 0}
        data-locale={locale}
        data-zone={zone}
        data-self={actor?.id}
        data-msg-connecting={t('meetings.live.connecting')}
        data-msg-connected={t('meetings.live.connected')}
        data-msg-reconnecting={t('meetings.live.reconnecting')}
        data-msg-send-failed={t('meetings.live.sendFailed')}
        data-msg-changed={t('meetings.live.changed')}
      >
        <section class="live-video" aria-labelledby="video-heading">
          <h2 id="video-heading">{t('meetings.live.video')}</h2>
          {m.embed_video === 1 && (
            <iframe
              class="video-frame"
              src={props.videoUrl}
              title={t('meetings.live.videoFrame')}
              allow="camera; microphone; fullscreen; display-capture; autoplay"
            />
          )}
          <p>
            <a
              href={props.videoUrl}
              target="_blank"
              rel="noopener noreferrer"
              class="button button--secondary"
            >
              {t('meetings.action.video')}
            </a>
          </p>
        </section>

        <div class="live-columns">
          <section class="live-chat" aria-labelledby="chat-heading">
            <h2 id="chat-heading">{t('meetings.live.conversation')}</h2>
            <p class="meta live-status" data-live-status role="status">
              <Link href={`/meetings/${m.id}/live`}>{t('meetings.live.refresh')}</Link>
            </p>
            {props.earlierBefore !== null && (
              <p>
                <Link href={`/meetings/${m.id}/live?before=${props.earlierBefore}`}>
                  {t('meetings.live.earlier')}
                </Link>
              </p>
            )}
            <ol class="chat-log" data-chat-log role="log" aria-labelledby="chat-heading">
              {props.messages.length === 0 && (
                <li class="chat-empty meta" data-chat-empty>
                  {t('meetings.live.noMessages')}
                </li>
              )}
              {props.messages.map((msg) => (
                <li key={msg.id} id={`m-${msg.id}`} data-id={msg.id} class="chat-message">
                  <span class="chat-name">{msg.name}</span>{' '}
                  <time class="meta" datetime={msg.created_at}>
                    {formatClock(msg.created_at, locale, zone)}
                  </time>
                  <p class="chat-body">{msg.body}</p>
                </li>
              ))}
            </ol>
            <Form action={`/meetings/${m.id}/messages`} data-chat-form class="chat-form">
              <ErrorSummary errors={props.errors} />
              <TextArea
                name="body"
                label={t('meetings.live.message')}
                hint={t('meetings.live.messageHint', { max: MAX_MESSAGE })}
                value={props.draft}
                errors={props.errors}
                rows={3}
              />
              <p class="field-error" data-chat-error hidden />
              <Button>{t('meetings.live.send')}</Button>
            </Form>
          </section>

          <section class="live-presence" aria-labelledby="presence-heading">
            <h2 id="presence-heading">{t('meetings.live.present')}</h2>
            <ul class="plain-list presence-list" data-presence aria-live="polite">
              {props.present.map((p) => (
                <li key={p.user_id} data-user-id={p.user_id}>
                  {p.name}
                  {p.country_iso3 && <span class="meta"> — {regionName(p.country_iso3, locale)}</span>}
                </li>
              ))}
            </ul>
          </section>
        </div>
      </div>
    </Layout>
  );
}
