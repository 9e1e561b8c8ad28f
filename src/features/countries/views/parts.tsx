import type { CountryStatus } from '../repository.ts';
import { useCtx } from '../../../views/context.ts';

const STATUS_CLASS: Record<CountryStatus, string> = {
  active: 'badge badge--ok',
  not_participating: 'badge badge--warn',
  withdrawn: 'badge badge--error',
};

export function StatusBadge({ status }: { status: CountryStatus }) {
  const { t } = useCtx();
  return <span class={STATUS_CLASS[status]}>{t(`countries.status.${status}`)}</span>;
}

/** "May publish" or "May not publish", as a badge that does not rely on colour alone. */
export function PublishBadge({ canPublish }: { canPublish: boolean }) {
  const { t } = useCtx();
  return canPublish ? (
    <span class="badge badge--ok">{t('countries.institution.mayPublish')}</span>
  ) : (
    <span class="badge">{t('countries.institution.mayNotPublish')}</span>
  );
}
