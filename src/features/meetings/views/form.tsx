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
  Select,
  TextArea,
  TextField,
} from '../../../views/components.tsx';
import { useCtx } from '../../../views/context.ts';
import { Layout } from '../../../views/layout.tsx';
import { MAX_DURATION, MIN_DURATION } from '../model.ts';
import type { MeetingInput } from '../service.ts';
import { timeZones } from '../time.ts';

export interface MeetingFormProps {
  mode: 'new' | 'edit';
  /** The form posts here (path without locale). */
  action: string;
  group: { id: number; title: string; orig_locale: string };
  meetingId?: number;
  values: MeetingInput;
  errors?: FieldError[];
}

export function MeetingFormPage(props: MeetingFormProps) {
  const { t, locale } = useCtx();
  const { values, errors } = props;
  const title = props.mode === 'new' ? t('meetings.form.newTitle') : t('meetings.form.editTitle');
  return (
    <Layout title={title} help="/help/user-manual-study-groups" hasErrors={!!errors?.length}>
      <p class="breadcrumb">
        <Link href={`/study-groups/${props.group.id}`}>
          <LocalizedText picked={pick(props.group.title, locale, props.group.orig_locale)} />
        </Link>
      </p>
      <h1>{title}</h1>
      <ErrorSummary errors={errors} />
      <Form action={props.action} class="narrow">
        <TextField
          name="title"
          label={t('meetings.field.title')}
          value={values.title}
          errors={errors}
          maxLength={200}
        />
        <TextArea
          name="agenda"
          label={t('meetings.field.agenda')}
          hint={t('meetings.field.agendaHint')}
          value={values.agenda}
          errors={errors}
          rows={8}
        />
        <LanguageSelect
          name="orig_locale"
          label={t('meetings.field.language')}
          hint={t('meetings.field.languageHint')}
          value={values.origLocale}
          errors={errors}
        />
        <fieldset class="meeting-when">
          <legend>{t('meetings.form.when')}</legend>
          <TextField
            name="start"
            type="datetime-local"
            label={t('meetings.field.start')}
            hint={t('meetings.field.startHint')}
            value={values.start}
            errors={errors}
          />
          <Select
            name="timezone"
            label={t('meetings.field.timezone')}
            hint={t('meetings.field.timezoneHint')}
            value={values.timezone}
            options={timeZones().map((z) => ({ value: z, label: z.replace(/_/g, ' ') }))}
            errors={errors}
          />
          <TextField
            name="duration"
            type="number"
            inputmode="numeric"
            width="short"
            label={t('meetings.field.duration')}
            hint={t('meetings.field.durationHint', { min: MIN_DURATION, max: MAX_DURATION })}
            value={values.duration}
            errors={errors}
          />
        </fieldset>
        <TextField
          name="capacity"
          type="number"
          inputmode="numeric"
          width="short"
          label={t('meetings.field.capacity')}
          hint={t('meetings.field.capacityHint')}
          value={values.capacity}
          errors={errors}
        />
        <Checkbox name="embed_video" label={t('meetings.field.embedVideo')} checked={values.embedVideo} />
        <div class="actions">
          <Button>{props.mode === 'new' ? t('meetings.form.schedule') : t('meetings.form.save')}</Button>
          <Link href={props.meetingId ? `/meetings/${props.meetingId}` : `/study-groups/${props.group.id}`}>
            {t('meetings.form.cancelLink')}
          </Link>
        </div>
      </Form>
      {props.mode === 'edit' && props.meetingId && (
        <Form
          action={`/meetings/${props.meetingId}/cancel`}
          class="narrow danger-zone"
          data-confirm={t('meetings.cancel.confirm')}
        >
          <h2>{t('meetings.cancel.heading')}</h2>
          <p>{t('meetings.cancel.lead')}</p>
          <Button variant="danger">{t('meetings.cancel.button')}</Button>
        </Form>
      )}
    </Layout>
  );
}
