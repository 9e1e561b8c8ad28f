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

const HELP_CHAPTER = {
  title: {
    en: 'Publishing documents',
    es: 'Publicar documentos',
    fr: 'Publier des documents',
    pt: 'Publicar documentos',
  },
  body: {
    en: `Editors and National Coordinators publish documents for their country from **Documents → Add a document**.

1. Choose the original language and give the title in it; add translations if you have them.
2. Choose the type, the section and the priority themes.
3. Attach one or more files (PDF, Word, Excel, PowerPoint, ODT, text or HTML, up to 50 MB each) or give an external link. Files are checked by their content, not their name.
4. Choose who can open the document: anyone, any signed-in user, or only the people of your country.
5. Save it as a draft, or publish it.

After the upload, SISMEL reads the text of each file so that search finds it. The document page shows whether the text was read, or why not (for example a PDF protected by a password). To replace a file, upload a new version: earlier versions stay available.`,
    es: `Los editores y los Coordinadores Nacionales publican documentos de su país desde **Documentos → Añadir un documento**.

1. Elija el idioma original y escriba el título en ese idioma; añada traducciones si las tiene.
2. Elija el tipo, la sección y los temas prioritarios.
3. Adjunte uno o varios archivos (PDF, Word, Excel, PowerPoint, ODT, texto o HTML, hasta 50 MB cada uno) o indique un enlace externo. Los archivos se comprueban por su contenido, no por su nombre.
4. Elija quién puede abrir el documento: cualquier persona, cualquier usuario con sesión iniciada o solo las personas de su país.
5. Guárdelo como borrador o publíquelo.

Después de la subida, SISMEL lee el texto de cada archivo para que la búsqueda lo encuentre. La página del documento indica si el texto se leyó o por qué no (por ejemplo, un PDF protegido con contraseña). Para reemplazar un archivo, suba una nueva versión: las anteriores siguen disponibles.`,
    fr: `Les rédacteurs et les coordonnateurs nationaux publient les documents de leur pays depuis **Documents → Ajouter un document**.

1. Choisissez la langue originale et saisissez le titre dans cette langue ; ajoutez des traductions si vous en avez.
2. Choisissez le type, la section et les thèmes prioritaires.
3. Joignez un ou plusieurs fichiers (PDF, Word, Excel, PowerPoint, ODT, texte ou HTML, jusqu'à 50 Mo chacun) ou indiquez un lien externe. Les fichiers sont vérifiés d'après leur contenu, pas leur nom.
4. Choisissez qui peut ouvrir le document : tout le monde, tout utilisateur connecté ou seulement les personnes de votre pays.
5. Enregistrez-le comme brouillon ou publiez-le.

Après l'envoi, SISMEL lit le texte de chaque fichier pour que la recherche le trouve. La page du document indique si le texte a été lu, ou pourquoi il ne l'a pas été (par exemple un PDF protégé par un mot de passe). Pour remplacer un fichier, déposez une nouvelle version : les versions précédentes restent disponibles.`,
    pt: `Os editores e os Coordenadores Nacionais publicam documentos do seu país em **Documentos → Adicionar um documento**.

1. Escolha o idioma original e escreva o título nesse idioma; acrescente traduções se as tiver.
2. Escolha o tipo, a seção e os temas prioritários.
3. Anexe um ou mais arquivos (PDF, Word, Excel, PowerPoint, ODT, texto ou HTML, até 50 MB cada) ou informe um link externo. Os arquivos são verificados pelo conteúdo, não pelo nome.
4. Escolha quem pode abrir o documento: qualquer pessoa, qualquer usuário conectado ou somente as pessoas do seu país.
5. Salve-o como rascunho ou publique-o.

Depois do envio, o SISMEL lê o texto de cada arquivo para que a busca o encontre. A página do documento mostra se o texto foi lido ou por que não (por exemplo, um PDF protegido por senha). Para substituir um arquivo, envie uma nova versão: as anteriores continuam disponíveis.`,
  },
};

/** A few documents per section, with small text files, for the demonstration site. */
export async function seedDocumentsDemo(db: Db, filesDir = loadConfig().filesDir): Promise<void> {
  const store = fileStore(filesDir);
  const manual = await db
    .selectFrom('content_pages')
    .select('slug')
    .where('slug', '=', 'getting-started')
    .executeTakeFirst();
  if (manual) {
    const now = nowIso();
    await db
      .insertInto('content_pages')
      .values({
        slug: 'publishing-documents',
        section: 'help',
        parent_slug: manual.slug,
        title: JSON.stringify(HELP_CHAPTER.title),
        body: JSON.stringify(HELP_CHAPTER.body),
        sort_order: 45,
        created_at: now,
        updated_at: now,
      })
      .execute();
  }
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
