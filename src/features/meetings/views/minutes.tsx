import { LanguageSelect } from '../../../views/localized-fields.tsx';
import type { FieldError } from '../../../platform/http/errors.ts';
import { pick } from '../../../platform/i18n/format.ts';
import {
  Button,
  Checkbox,
  ErrorSummary,
  Form,
  Link,
  LocalizedText,
  TextArea,
} from '../../../views/components.tsx';
import { useCtx } from '../../../views/context.ts';
import { Layout } from '../../../views/layout.tsx';
import type { MeetingWithGroup, PersonRow } from '../repository.ts';
import { MeetingTime } from './shared.tsx';

export function MinutesPage(props: {
  m: MeetingWithGroup;
  values: { minutes: string; locale: string };
  errors?: FieldError[];
}) {
  const { t, locale } = useCtx();
  const { m } = props;
  return (
    <Layout
      title={t('meetings.minutesForm.title')}
      help="/help/user-manual-study-groups"
      hasErrors={!!props.errors?.length}
    >
      <p class="breadcrumb">
        <Link href={`/meetings/${m.id}`}>
          <LocalizedText picked={pick(m.title, locale, m.orig_locale)} />
        </Link>
      </p>
      <h1>{t('meetings.minutesForm.title')}</h1>
      <p class="meta">
        <MeetingTime iso={m.starts_at} />
      </p>
      <ErrorSummary errors={props.errors} />
      <Form action={`/meetings/${m.id}/minutes`} class="narrow">
        <TextArea
          name="minutes"
          label={t('meetings.field.minutes')}
          hint={t('meetings.field.minutesHint')}
          value={props.values.minutes}
          errors={props.errors}
          rows={16}
        />
        <LanguageSelect
          name="minutes_locale"
          label={t('meetings.field.language')}
          value={props.values.locale}
          errors={props.errors}
        />
        <div class="actions">
          <Button>{t('meetings.minutesForm.publish')}</Button>
          <Link href={`/meetings/${m.id}`}>{t('meetings.form.cancelLink')}</Link>
        </div>
      </Form>
    </Layout>
  );
}

export function AttendancePage(props: {
  m: MeetingWithGroup;
  people: (PersonRow & { registered: boolean; live: boolean })[];
  attended: Set<number>;
  errors?: FieldError[];
}) {
  const { t, locale } = useCtx();
  const { m } = props;
  return (
    <Layout
      title={t('meetings.attendanceForm.title')}
      help="/help/user-manual-study-groups"
      hasErrors={!!props.errors?.length}
    >
      <p class="breadcrumb">
        <Link href={`/meetings/${m.id}`}>
          <LocalizedText picked={pick(m.title, locale, m.orig_locale)} />
        </Link>
      </p>
      <h1>{t('meetings.attendanceForm.title')}</h1>
      <p class="meta">
        <MeetingTime iso={m.starts_at} />
      </p>
      <ErrorSummary errors={props.errors} />
      {props.people.length === 0 ? (
        <p>{t('meetings.attendanceForm.nobody')}</p>
      ) : (
        <Form action={`/meetings/${m.id}/attendance`} class="narrow">
          <fieldset id="f-attended">
            <legend>{t('meetings.attendanceForm.legend')}</legend>
            <p class="hint">{t('meetings.attendanceForm.hint')}</p>
            {props.people.map((p) => (
              <Checkbox
                key={p.user_id}
                name="attended"
                value={String(p.user_id)}
                checked={props.attended.has(p.user_id)}
                label={`${p.name}${p.live ? ` (${t('meetings.attendanceSource.live')})` : ''}${p.registered ? '' : ` (${t('meetings.attendanceForm.notRegistered')})`}`}
              />
            ))}
          </fieldset>
          <div class="actions">
            <Button>{t('meetings.attendanceForm.save')}</Button>
            <Link href={`/meetings/${m.id}`}>{t('meetings.form.cancelLink')}</Link>
          </div>
        </Form>
      )}
    </Layout>
  );
}
