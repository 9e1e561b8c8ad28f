import { loadConfig } from '../../config.ts';
import type { Db } from '../../db/connection.ts';
import { nowIso } from '../../db/dialect.ts';
import { CONTENT_TYPES, fileStore } from '../../platform/files/index.ts';
import { enqueue } from '../../platform/jobs/queue.ts';
import { reindexDocument } from './indexing.ts';
import type { SectionCode } from './model.ts';

interface DemoDoc {
  section: SectionCode;
  type: string;
  country: string | null;
  institution: string | null;
  access: 'public' | 'members' | 'country';
  orig: 'en' | 'es' | 'fr' | 'pt';
  title: Partial<Record<'en' | 'es' | 'fr' | 'pt', string>>;
  summary: Partial<Record<'en' | 'es' | 'fr' | 'pt', string>>;
  themes: string[];
  date: string;
  authors: string;
  keywords: string;
  file: { name: string; text: string };
}

// Short texts written for the demonstration; they describe no real publication.
const DOCS: DemoDoc[] = [
  {
    section: 'labour-training',
    type: 'report',
    country: 'URY',
    institution: 'INEFOP',
    access: 'public',
    orig: 'es',
    title: {
      es: 'Formación dual en pequeñas empresas: balance de un programa piloto',
      en: 'Dual training in small firms: review of a pilot programme',
    },
    summary: {
      es: 'Balance de demostración de un programa que combina **aula y taller** en pequeñas empresas.',
    },
    themes: ['labour-training', 'youth-employment'],
    date: '2025-06-30',
    authors: 'Equipo técnico de INEFOP',
    keywords: 'formación dual, pymes, aprendizaje',
    file: {
      name: 'formacion-dual-balance.txt',
      text: 'Formación dual en pequeñas empresas.\n\nTexto de demostración: el programa piloto combinó clases teóricas con práctica en taller durante seis meses. Las empresas participantes valoraron la tutoría compartida y pidieron simplificar los registros administrativos.',
    },
  },
  {
    section: 'labour-training',
    type: 'manual',
    country: null,
    institution: null,
    access: 'public',
    orig: 'en',
    title: { en: 'Guide to assessing prior learning', es: 'Guía para reconocer aprendizajes previos' },
    summary: { en: 'A short demonstration guide on recognising skills acquired at work.' },
    themes: ['labour-training'],
    date: '2024-11-15',
    authors: 'Pro Tempore Secretariat',
    keywords: 'skills recognition, certification',
    file: {
      name: 'prior-learning-guide.html',
      text: '<!doctype html><html><body><h1>Assessing prior learning</h1><p>Demonstration text: describe the occupation, collect evidence of work done, and let an assessor compare it with the occupational standard.</p></body></html>',
    },
  },
  {
    section: 'labour-legislation',
    type: 'law',
    country: 'CHL',
    institution: 'MINTRAB',
    access: 'public',
    orig: 'es',
    title: { es: 'Resumen de la reforma de la jornada laboral', en: 'Summary of the working-hours reform' },
    summary: { es: 'Nota de demostración sobre la reducción gradual de la jornada semanal.' },
    themes: ['labour-legislation'],
    date: '2024-04-26',
    authors: 'Ministerio del Trabajo y Previsión Social',
    keywords: 'jornada laboral, reforma, 40 horas',
    file: {
      name: 'reforma-jornada.txt',
      text: 'Resumen de la reforma de la jornada laboral.\n\nTexto de demostración: la jornada semanal se reduce de forma gradual, con flexibilidad pactada y protección de la remuneración.',
    },
  },
  {
    section: 'labour-legislation',
    type: 'study',
    country: 'URY',
    institution: 'MTSS',
    access: 'members',
    orig: 'es',
    title: { es: 'Estudio comparado sobre teletrabajo' },
    summary: { es: 'Comparación de demostración de normas sobre teletrabajo, para los miembros de la red.' },
    themes: ['labour-legislation', 'fundamental-rights'],
    date: '2025-02-10',
    authors: 'Lucía Pereira',
    keywords: 'teletrabajo, derecho a la desconexión',
    file: {
      name: 'teletrabajo-comparado.txt',
      text: 'Estudio comparado sobre teletrabajo.\n\nTexto de demostración: las normas revisadas coinciden en exigir acuerdo escrito, reconocer el derecho a la desconexión y asignar los costos del equipo.',
    },
  },
  {
    section: 'work-scholarships',
    type: 'report',
    country: 'MEX',
    institution: 'STPS',
    access: 'public',
    orig: 'es',
    title: {
      es: 'Becas de trabajo para jóvenes: seguimiento anual',
      en: 'Work scholarships for young people: annual follow-up',
    },
    summary: { es: 'Informe de demostración sobre becarios, tutores y permanencia en el empleo.' },
    themes: ['youth-employment'],
    date: '2025-01-20',
    authors: 'Secretaría del Trabajo y Previsión Social',
    keywords: 'becas, jóvenes, tutoría',
    file: {
      name: 'becas-seguimiento.txt',
      text: 'Becas de trabajo para jóvenes.\n\nTexto de demostración: el seguimiento anual registra la permanencia de los becarios en los centros de trabajo y el papel de los tutores.',
    },
  },
  {
    section: 'work-scholarships',
    type: 'presentation',
    country: 'BRA',
    institution: 'MTE',
    access: 'public',
    orig: 'pt',
    title: {
      pt: 'Aprendizagem profissional: resultados e desafios',
      es: 'Aprendizaje profesional: resultados y desafíos',
    },
    summary: { pt: 'Apresentação de demonstração sobre contratos de aprendizagem.' },
    themes: ['youth-employment', 'labour-training'],
    date: '2024-09-05',
    authors: 'Ministério do Trabalho e Emprego',
    keywords: 'aprendizagem, jovens',
    file: {
      name: 'aprendizagem-resultados.txt',
      text: 'Aprendizagem profissional.\n\nTexto de demonstração: os contratos de aprendizagem combinam formação teórica e prática e aumentam a contratação posterior dos jovens.',
    },
  },
  {
    section: 'employment-services',
    type: 'manual',
    country: 'CAN',
    institution: 'ESDC',
    access: 'public',
    orig: 'en',
    title: {
      en: 'Running a job-matching desk: a practical manual',
      fr: 'Gérer un guichet de placement : manuel pratique',
    },
    summary: { en: 'Demonstration manual on intake interviews, vacancy records and follow-up calls.' },
    themes: ['employment-services'],
    date: '2024-03-12',
    authors: 'Employment and Social Development Canada',
    keywords: 'job matching, vacancies, counselling',
    file: {
      name: 'job-matching-manual.txt',
      text: 'Running a job-matching desk.\n\nDemonstration text: record each vacancy with the skills it requires, interview job seekers on arrival, and call both sides after a placement.',
    },
  },
  {
    section: 'employment-services',
    type: 'statistical',
    country: 'URY',
    institution: 'MTSS',
    access: 'country',
    orig: 'es',
    title: { es: 'Registro interno de vacantes del servicio público de empleo' },
    summary: { es: 'Cuadro interno de demostración, reservado a las instituciones de Uruguay.' },
    themes: ['employment-services', 'labour-market-information'],
    date: '2025-05-31',
    authors: 'MTSS',
    keywords: 'vacantes, registro',
    file: {
      name: 'vacantes-internas.txt',
      text: 'Registro interno de vacantes.\n\nTexto de demostración: número de vacantes por departamento y ocupación, para uso interno.',
    },
  },
  {
    section: 'horizontal-cooperation',
    type: 'report',
    country: 'HTI',
    institution: 'MAST',
    access: 'public',
    orig: 'fr',
    title: {
      fr: "Mission d'échange sur l'inspection du travail",
      es: 'Misión de intercambio sobre inspección del trabajo',
    },
    summary: { fr: "Compte rendu de démonstration d'une mission entre deux ministères du Travail." },
    themes: ['labour-inspection'],
    date: '2025-03-18',
    authors: 'Ministère des Affaires Sociales et du Travail',
    keywords: 'coopération, inspection',
    file: {
      name: 'mission-echange.txt',
      text: "Mission d'échange sur l'inspection du travail.\n\nTexte de démonstration : les inspecteurs ont comparé leurs listes de contrôle et convenu de partager leurs guides de visite.",
    },
  },
  {
    section: 'horizontal-cooperation',
    type: 'other',
    country: null,
    institution: null,
    access: 'members',
    orig: 'en',
    title: {
      en: 'Cooperation requests received in 2025',
      es: 'Solicitudes de cooperación recibidas en 2025',
    },
    summary: { en: 'Demonstration list of requests for horizontal cooperation, for members.' },
    themes: ['social-dialogue'],
    date: '2025-07-01',
    authors: 'Pro Tempore Secretariat',
    keywords: 'RIAL, cooperation requests',
    file: {
      name: 'cooperation-requests.txt',
      text: 'Cooperation requests received in 2025.\n\nDemonstration text: requests concerned employment services, labour inspection and social dialogue.',
    },
  },
  {
    section: 'sismel-training',
    type: 'manual',
    country: null,
    institution: null,
    access: 'public',
    orig: 'en',
    title: {
      en: 'Getting started with SISMEL',
      es: 'Primeros pasos en SISMEL',
      fr: 'Premiers pas dans SISMEL',
      pt: 'Primeiros passos no SISMEL',
    },
    summary: { en: 'How to sign in, find documents and statistics, and publish for your institution.' },
    themes: ['labour-market-information'],
    date: '2026-01-15',
    authors: 'Pro Tempore Secretariat',
    keywords: 'SISMEL, guide',
    file: {
      name: 'getting-started.txt',
      text: 'Getting started with SISMEL.\n\nSign in with the account your National Coordinator created, choose your language, and use the Documents section to publish for your institution.',
    },
  },
  {
    section: 'sismel-training',
    type: 'presentation',
    country: null,
    institution: null,
    access: 'public',
    orig: 'es',
    title: { es: 'Cómo publicar un documento en SISMEL', en: 'How to publish a document in SISMEL' },
    summary: { es: 'Los pasos para subir archivos, elegir quién puede verlos y publicar.' },
    themes: [],
    date: '2026-01-15',
    authors: 'Secretaría Pro Tempore',
    keywords: 'publicar, archivos',
    file: {
      name: 'como-publicar.txt',
      text: 'Cómo publicar un documento.\n\nElija el idioma original, escriba el título, adjunte los archivos, indique quién puede abrirlos y guarde como borrador o publicado.',
    },
  },
];

/** A few documents per section, with small text files, for the demonstration site. */
export async function seedDocumentsDemo(db: Db, filesDir = loadConfig().filesDir): Promise<void> {
  const store = fileStore(filesDir);
  const institutions = new Map(
    (await db.selectFrom('institutions').select(['id', 'acronym']).execute()).map((i) => [
      i.acronym ?? '',
      i.id,
    ]),
  );
  const themes = new Map(
    (await db.selectFrom('themes').select(['id', 'code']).execute()).map((t) => [t.code, t.id]),
  );
  const author = await db
    .selectFrom('users')
    .select('id')
    .where('role', '=', 'secretariat')
    .executeTakeFirst();
  for (const d of DOCS) {
    const kind = d.file.name.endsWith('.html') ? 'html' : 'txt';
    const blob = await store.put(Buffer.from(d.file.text, 'utf8'));
    await db.transaction().execute(async (trx) => {
      const now = nowIso();
      const doc = await trx
        .insertInto('documents')
        .values({
          title: JSON.stringify(d.title),
          summary: JSON.stringify(d.summary),
          orig_locale: d.orig,
          doc_type: d.type,
          section: d.section,
          country_iso3: d.country,
          institution_id: d.institution ? (institutions.get(d.institution) ?? null) : null,
          authors: d.authors,
          publication_date: d.date,
          keywords: d.keywords,
          external_url: null,
          access: d.access,
          status: 'published',
          published_at: `${d.date}T12:00:00.000Z`,
          current_version: 1,
          created_by: author?.id ?? null,
          updated_by: author?.id ?? null,
          created_at: now,
          updated_at: now,
          deleted_at: null,
          deleted_by: null,
        })
        .returning('id')
        .executeTakeFirstOrThrow();
      const ids = d.themes.map((c) => themes.get(c)).filter((x): x is number => x !== undefined);
      if (ids.length)
        await trx
          .insertInto('document_themes')
          .values(ids.map((theme_id) => ({ document_id: doc.id, theme_id })))
          .execute();
      const file = await trx
        .insertInto('document_files')
        .values({
          document_id: doc.id,
          version: 1,
          original_name: d.file.name,
          kind,
          content_type: CONTENT_TYPES[kind],
          size_bytes: blob.size,
          sha256: blob.sha256,
          extraction_error: null,
          extracted_text: null,
          extracted_at: null,
          uploaded_by: author?.id ?? null,
          created_at: now,
        })
        .returning('id')
        .executeTakeFirstOrThrow();
      await enqueue(trx, 'documents.extract', { fileId: file.id });
      await reindexDocument(trx, doc.id);
    });
  }
}
