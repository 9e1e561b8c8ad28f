import type { Db } from '../../db/connection.ts';
import { nowIso } from '../../db/dialect.ts';
import { ABOUT, CHAPTERS, MANUAL } from './demo-manual.ts';
import { THEME_DESCRIPTIONS } from './demo-themes.ts';

const PLAN = {
  en: `The Inter-American Conference of Ministers of Labour (IACML) of the OAS adopts, at each meeting, a Declaration and a **Plan of Action** that guide the cooperation among the Ministries of Labour of the Americas.

*Summary written for this demonstration:* the Plan of Action commits the Ministries to strengthen labour administration, promote decent work and social dialogue, improve labour market information, and share experiences through horizontal cooperation and the Inter-American Network for Labour Administration (RIAL).

The official text is published by the OAS: [IACML documents](https://www.oas.org/en/sedi/dhdee/labor_and_employment/).`,
  es: `La Conferencia Interamericana de Ministros de Trabajo (CIMT) de la OEA adopta, en cada reunión, una Declaración y un **Plan de Acción** que orientan la cooperación entre los Ministerios de Trabajo de las Américas.

*Resumen redactado para esta demostración:* el Plan de Acción compromete a los Ministerios a fortalecer la administración laboral, promover el trabajo decente y el diálogo social, mejorar la información del mercado laboral y compartir experiencias mediante la cooperación horizontal y la Red Interamericana para la Administración Laboral (RIAL).

El texto oficial lo publica la OEA: [documentos de la CIMT](https://www.oas.org/es/sedi/dhdee/labor_and_employment/).`,
  fr: `La Conférence interaméricaine des ministres du Travail (CIMT) de l'OEA adopte, à chaque réunion, une Déclaration et un **Plan d'action** qui orientent la coopération entre les ministères du Travail des Amériques.

*Résumé rédigé pour cette démonstration :* le Plan d'action engage les ministères à renforcer l'administration du travail, à promouvoir le travail décent et le dialogue social, à améliorer l'information sur le marché du travail et à partager leurs expériences par la coopération horizontale et le Réseau interaméricain pour l'administration du travail (RIAL).

Le texte officiel est publié par l'OEA : [documents de la CIMT](https://www.oas.org/en/sedi/dhdee/labor_and_employment/).`,
  pt: `A Conferência Interamericana de Ministros do Trabalho (CIMT) da OEA adota, em cada reunião, uma Declaração e um **Plano de Ação** que orientam a cooperação entre os Ministérios do Trabalho das Américas.

*Resumo escrito para esta demonstração:* o Plano de Ação compromete os Ministérios a fortalecer a administração do trabalho, promover o trabalho decente e o diálogo social, melhorar a informação sobre o mercado de trabalho e compartilhar experiências por meio da cooperação horizontal e da Rede Interamericana para a Administração Trabalhista (RIAL).

O texto oficial é publicado pela OEA: [documentos da CIMT](https://www.oas.org/en/sedi/dhdee/labor_and_employment/).`,
};

const DECLARATION = {
  en: `The **ILO Declaration on Fundamental Principles and Rights at Work** (1998, amended in 2022) commits all member States of the ILO, whether or not they have ratified the corresponding Conventions, to respect and promote five categories of principles and rights:

1. freedom of association and the effective recognition of the right to collective bargaining;
2. the elimination of all forms of forced or compulsory labour;
3. the effective abolition of child labour;
4. the elimination of discrimination in respect of employment and occupation;
5. a safe and healthy working environment.

*Summary written for this demonstration.* Official text: [ILO Declaration](https://www.ilo.org/ilo-declaration-fundamental-principles-and-rights-work).`,
  es: `La **Declaración de la OIT relativa a los principios y derechos fundamentales en el trabajo** (1998, enmendada en 2022) compromete a todos los Estados miembros de la OIT, hayan o no ratificado los convenios correspondientes, a respetar y promover cinco categorías de principios y derechos:

1. la libertad de asociación y el reconocimiento efectivo del derecho de negociación colectiva;
2. la eliminación de todas las formas de trabajo forzoso u obligatorio;
3. la abolición efectiva del trabajo infantil;
4. la eliminación de la discriminación en materia de empleo y ocupación;
5. un entorno de trabajo seguro y saludable.

*Resumen redactado para esta demostración.* Texto oficial: [Declaración de la OIT](https://www.ilo.org/es/declaracion-de-la-oit-relativa-los-principios-y-derechos-fundamentales-en-el-trabajo).`,
  fr: `La **Déclaration de l'OIT relative aux principes et droits fondamentaux au travail** (1998, amendée en 2022) engage tous les États membres de l'OIT, qu'ils aient ou non ratifié les conventions correspondantes, à respecter et promouvoir cinq catégories de principes et droits :

1. la liberté d'association et la reconnaissance effective du droit de négociation collective ;
2. l'élimination de toute forme de travail forcé ou obligatoire ;
3. l'abolition effective du travail des enfants ;
4. l'élimination de la discrimination en matière d'emploi et de profession ;
5. un milieu de travail sûr et salubre.

*Résumé rédigé pour cette démonstration.* Texte officiel : [Déclaration de l'OIT](https://www.ilo.org/fr/declaration-de-loit-relative-aux-principes-et-droits-fondamentaux-au-travail).`,
  pt: `A **Declaração da OIT sobre os Princípios e Direitos Fundamentais no Trabalho** (1998, emendada em 2022) compromete todos os Estados membros da OIT, tenham ou não ratificado as convenções correspondentes, a respeitar e promover cinco categorias de princípios e direitos:

1. a liberdade sindical e o reconhecimento efetivo do direito de negociação coletiva;
2. a eliminação de todas as formas de trabalho forçado ou obrigatório;
3. a abolição efetiva do trabalho infantil;
4. a eliminação da discriminação em matéria de emprego e ocupação;
5. um ambiente de trabalho seguro e saudável.

*Resumo escrito para esta demonstração.* Texto oficial: [Declaração da OIT](https://www.ilo.org/pt-pt/resource/declaracao-da-oit-sobre-os-principios-e-direitos-fundamentais-no-trabalho).`,
};

export async function seedContentDemo(db: Db): Promise<void> {
  const now = nowIso();
  await db
    .insertInto('content_pages')
    .values([
      {
        slug: 'plan-of-action',
        section: 'site',
        title: JSON.stringify({
          en: 'IACML Plan of Action',
          es: 'Plan de Acción de la CIMT',
          fr: "Plan d'action de la CIMT",
          pt: 'Plano de Ação da CIMT',
        }),
        body: JSON.stringify(PLAN),
        created_at: now,
        updated_at: now,
      },
      {
        slug: 'ilo-declaration',
        section: 'site',
        title: JSON.stringify({
          en: 'ILO Declaration on Fundamental Principles and Rights at Work',
          es: 'Declaración de la OIT relativa a los principios y derechos fundamentales en el trabajo',
          fr: "Déclaration de l'OIT relative aux principes et droits fondamentaux au travail",
          pt: 'Declaração da OIT sobre os Princípios e Direitos Fundamentais no Trabalho',
        }),
        body: JSON.stringify(DECLARATION),
        created_at: now,
        updated_at: now,
      },
    ])
    .execute();
  await db
    .insertInto('content_pages')
    .values([
      {
        slug: 'about',
        section: 'site',
        title: JSON.stringify(ABOUT.title),
        body: JSON.stringify(ABOUT.body),
        sort_order: 0,
        created_at: now,
        updated_at: now,
      },
      {
        slug: MANUAL.slug,
        section: 'help',
        title: JSON.stringify(MANUAL.title),
        body: JSON.stringify(MANUAL.body),
        sort_order: 10,
        created_at: now,
        updated_at: now,
      },
      ...CHAPTERS.map((c, i) => ({
        slug: c.slug,
        section: 'help',
        parent_slug: MANUAL.slug,
        title: JSON.stringify(c.title),
        body: JSON.stringify(c.body),
        sort_order: (i + 1) * 10,
        created_at: now,
        updated_at: now,
      })),
    ])
    .execute();

  for (const [code, description] of Object.entries(THEME_DESCRIPTIONS)) {
    await db
      .updateTable('themes')
      .set({ description: JSON.stringify(description), updated_at: now })
      .where('code', '=', code)
      .execute();
  }

  const day = 24 * 60 * 60 * 1000;
  const daysAgo = (n: number) => new Date(Date.now() - n * day).toISOString();
  await db
    .insertInto('news')
    .values([
      {
        title: JSON.stringify({
          en: 'Call for labour force survey metadata',
          es: 'Convocatoria: metadatos de las encuestas de fuerza de trabajo',
          fr: "Appel : métadonnées des enquêtes sur la main-d'œuvre",
          pt: 'Chamada: metadados das pesquisas de força de trabalho',
        }),
        body: JSON.stringify({
          en: 'The Secretariat invites the statistical units of the Ministries to describe their **labour force survey** (frequency, sample size, reference period, main changes since 2015), so that users can read the indicators of each country correctly. Coordinators will receive the form by e-mail. (Demo announcement.)',
          es: 'La Secretaría invita a las unidades de estadística de los Ministerios a describir su **encuesta de fuerza de trabajo** (periodicidad, tamaño de la muestra, período de referencia, principales cambios desde 2015), para que los usuarios interpreten correctamente los indicadores de cada país. Los coordinadores recibirán el formulario por correo electrónico. (Anuncio de demostración.)',
          fr: "Le Secrétariat invite les services statistiques des ministères à décrire leur **enquête sur la main-d'œuvre** (périodicité, taille de l'échantillon, période de référence, principaux changements depuis 2015), afin que les utilisateurs lisent correctement les indicateurs de chaque pays. Les coordonnateurs recevront le formulaire par courriel. (Annonce de démonstration.)",
          pt: 'A Secretaria convida as unidades de estatística dos Ministérios a descrever sua **pesquisa de força de trabalho** (periodicidade, tamanho da amostra, período de referência, principais mudanças desde 2015), para que os usuários interpretem corretamente os indicadores de cada país. Os coordenadores receberão o formulário por e-mail. (Anúncio de demonstração.)',
        }),
        published_at: daysAgo(3),
        created_at: daysAgo(3),
        updated_at: daysAgo(3),
      },
      {
        title: JSON.stringify({
          en: 'Help manual available in four languages',
          es: 'Manual de ayuda disponible en cuatro idiomas',
          fr: "Manuel d'aide disponible en quatre langues",
          pt: 'Manual de ajuda disponível em quatro idiomas',
        }),
        body: JSON.stringify({
          en: 'The manual [Getting started with SISMEL](/en/help/getting-started) explains how to sign in, change the language and find statistics and documents. (Demo announcement.)',
          es: 'El manual [Primeros pasos en SISMEL](/es/help/getting-started) explica cómo iniciar sesión, cambiar el idioma y encontrar estadísticas y documentos. (Anuncio de demostración.)',
          fr: 'Le manuel [Premiers pas dans SISMEL](/fr/help/getting-started) explique comment se connecter, changer de langue et trouver des statistiques et des documents. (Annonce de démonstration.)',
          pt: 'O manual [Primeiros passos no SISMEL](/pt/help/getting-started) explica como entrar, mudar o idioma e encontrar estatísticas e documentos. (Anúncio de demonstração.)',
        }),
        published_at: daysAgo(1),
        created_at: daysAgo(1),
        updated_at: daysAgo(1),
      },
    ])
    .execute();
  await db
    .insertInto('news')
    .values({
      title: JSON.stringify({
        en: 'SISMEL opens to the Ministries of Labour',
        es: 'SISMEL se abre a los Ministerios de Trabajo',
        fr: 'SISMEL ouvre ses portes aux ministères du Travail',
        pt: 'O SISMEL abre-se aos Ministérios do Trabalho',
      }),
      body: JSON.stringify({
        en: 'National Coordinators can now register their institutions and invite their editors. (Demo announcement.)',
        es: 'Los Coordinadores Nacionales ya pueden registrar sus instituciones e invitar a sus editores. (Anuncio de demostración.)',
        fr: 'Les coordonnateurs nationaux peuvent désormais enregistrer leurs institutions et inviter leurs rédacteurs. (Annonce de démonstration.)',
        pt: 'Os Coordenadores Nacionais já podem registrar suas instituições e convidar seus editores. (Anúncio de demonstração.)',
      }),
      published_at: daysAgo(7),
      created_at: daysAgo(7),
      updated_at: daysAgo(7),
    })
    .execute();
}
