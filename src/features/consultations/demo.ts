import type { Db } from '../../db/connection.ts';
import type { Locale } from '../../platform/i18n/locales.ts';
import { reindexConsultation } from './indexing.ts';

interface DemoAnswer {
  by: string;
  lang: Locale;
  body: string;
  accepted?: boolean;
  /** E-mails of the demo users who found it helpful. */
  helpful?: string[];
  daysAfter: number;
}

interface DemoConsultation {
  by: string;
  lang: Locale;
  title: string;
  body: string;
  themes: string[];
  /** Countries addressed; empty: all. */
  countries: string[];
  deadlineInDays: number | null;
  daysAgo: number;
  answers: DemoAnswer[];
}

// Short texts written for the demonstration; they describe no real programme or decision.
const CONSULTATIONS: DemoConsultation[] = [
  {
    by: 'editor.ury@sismel.example',
    lang: 'es',
    title: '¿Cómo evalúan sus programas de empleo juvenil?',
    body: 'En Uruguay revisamos dos programas de **primera experiencia laboral** para jóvenes de 18 a 29 años.\n\nNos interesa saber:\n\n- qué indicadores de resultado usan (inserción a 6 y 12 meses, calidad del empleo…);\n- si trabajan con grupos de comparación;\n- cómo obtienen los datos de seguridad social.',
    themes: ['youth-employment', 'labour-training'],
    countries: [],
    deadlineInDays: 60,
    daysAgo: 21,
    answers: [
      {
        by: 'editor.chl@sismel.example',
        lang: 'es',
        body: 'En Chile medimos la inserción a 6, 12 y 24 meses con los registros del seguro de cesantía, comparando con jóvenes inscritos que no entraron al programa.\n\nLa clave fue un convenio de intercambio de datos con la superintendencia, firmado antes de iniciar el piloto.',
        accepted: true,
        helpful: ['coordinator.ury@sismel.example', 'coordinator.mex@sismel.example'],
        daysAfter: 3,
      },
      {
        by: 'coordinator.bra@sismel.example',
        lang: 'pt',
        body: 'No Brasil acompanhamos os egressos pelo cadastro de empregos formais. Recomendamos incluir também a **duração** do primeiro vínculo, não apenas a contratação.',
        helpful: ['editor.ury@sismel.example'],
        daysAfter: 5,
      },
      {
        by: 'coordinator.can@sismel.example',
        lang: 'en',
        body: 'We link programme records to tax data with the consent of participants. Happy to share our evaluation template.',
        daysAfter: 8,
      },
    ],
  },
  {
    by: 'coordinator.mex@sismel.example',
    lang: 'es',
    title: 'Inspección del trabajo en plataformas digitales de reparto',
    body: 'La STPS prepara un protocolo de inspección para el trabajo en plataformas de reparto y transporte.\n\n¿Qué información solicitan a las plataformas y cómo verifican las horas efectivamente trabajadas?',
    themes: ['labour-inspection', 'informality'],
    countries: ['CHL', 'BRA', 'CAN', 'URY'],
    deadlineInDays: 30,
    daysAgo: 9,
    answers: [
      {
        by: 'coordinator.can@sismel.example',
        lang: 'en',
        body: 'Our inspectors request the log-in and log-off records of the app, together with the payments made to each worker, for a sample period of four weeks.',
        helpful: ['coordinator.mex@sismel.example'],
        daysAfter: 2,
      },
      {
        by: 'coordinator.ury@sismel.example',
        lang: 'es',
        body: 'En Uruguay la inspección pide a las plataformas, por medios electrónicos, los registros de conexión de los últimos seis meses y los cruza con los pagos declarados.',
        daysAfter: 4,
      },
    ],
  },
  {
    by: 'coordinator.hti@sismel.example',
    lang: 'fr',
    title: 'Protection sociale des travailleurs migrants de retour',
    body: "Le MAST étudie comment garantir l'accès à la protection sociale des travailleurs qui rentrent après un emploi à l'étranger.\n\nDes accords bilatéraux de sécurité sociale existent-ils dans vos pays pour le cumul des périodes de cotisation ?",
    themes: ['labour-migration', 'social-protection'],
    countries: [],
    deadlineInDays: 45,
    daysAgo: 2,
    answers: [],
  },
];

const DAY = 86_400_000;

export async function seedConsultationsDemo(db: Db): Promise<void> {
  const users = await db
    .selectFrom('users')
    .select(['id', 'email', 'country_iso3', 'institution_id'])
    .execute();
  const byEmail = new Map(users.map((u) => [u.email, u]));
  const themes = new Map(
    (await db.selectFrom('themes').select(['id', 'code']).execute()).map((th) => [th.code, th.id]),
  );
  const now = Date.now();
  for (const demo of CONSULTATIONS) {
    const asker = byEmail.get(demo.by);
    if (!asker?.country_iso3) continue;
    const created = new Date(now - demo.daysAgo * DAY).toISOString();
    const deadline =
      demo.deadlineInDays === null
        ? null
        : new Date(now + demo.deadlineInDays * DAY).toISOString().slice(0, 10);
    const c = await db
      .insertInto('consultations')
      .values({
        title: JSON.stringify({ [demo.lang]: demo.title }),
        body: JSON.stringify({ [demo.lang]: demo.body }),
        orig_locale: demo.lang,
        country_iso3: asker.country_iso3,
        institution_id: asker.institution_id,
        asked_by: asker.id,
        addressed_all: demo.countries.length ? 0 : 1,
        deadline,
        state: 'open',
        accepted_answer_id: null,
        answer_count: demo.answers.length,
        closed_at: null,
        created_at: created,
        updated_at: created,
        deleted_at: null,
        deleted_by: null,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    const themeRows = demo.themes.flatMap((code) => {
      const id = themes.get(code);
      return id ? [{ consultation_id: c.id, theme_id: id }] : [];
    });
    if (themeRows.length) await db.insertInto('consultation_themes').values(themeRows).execute();
    if (demo.countries.length)
      await db
        .insertInto('consultation_countries')
        .values(demo.countries.map((iso3) => ({ consultation_id: c.id, country_iso3: iso3 })))
        .execute();
    for (const ans of demo.answers) {
      const author = byEmail.get(ans.by);
      if (!author?.country_iso3) continue;
      const at = new Date(now - (demo.daysAgo - ans.daysAfter) * DAY).toISOString();
      const helpful = (ans.helpful ?? []).flatMap((e) => {
        const u = byEmail.get(e);
        return u ? [u.id] : [];
      });
      const a = await db
        .insertInto('consultation_answers')
        .values({
          consultation_id: c.id,
          body: JSON.stringify({ [ans.lang]: ans.body }),
          orig_locale: ans.lang,
          country_iso3: author.country_iso3,
          institution_id: author.institution_id,
          author_id: author.id,
          helpful_count: helpful.length,
          accepted_at: ans.accepted ? at : null,
          accepted_by: ans.accepted ? asker.id : null,
          created_at: at,
          updated_at: at,
          deleted_at: null,
          deleted_by: null,
        })
        .returning('id')
        .executeTakeFirstOrThrow();
      if (helpful.length)
        await db
          .insertInto('consultation_helpful')
          .values(helpful.map((user_id) => ({ answer_id: a.id, user_id, created_at: at })))
          .execute();
      if (ans.accepted)
        await db
          .updateTable('consultations')
          .set({ accepted_answer_id: a.id, state: 'answered', updated_at: at })
          .where('id', '=', c.id)
          .execute();
    }
    await db.transaction().execute((trx) => reindexConsultation(trx, c.id));
  }
}
