/** The "Getting started with SISMEL" manual and the About page, in the four languages. */

type L4 = { en: string; es: string; fr: string; pt: string };

export const ABOUT: { title: L4; body: L4 } = {
  title: { en: 'About SISMEL', es: 'Acerca de SISMEL', fr: 'À propos de SISMEL', pt: 'Sobre o SISMEL' },
  body: {
    en: `SISMEL is the Labour Market Information System of the Inter-American Conference of Ministers of Labour (IACML) of the Organization of American States (OAS).

It gives the Ministries of Labour of the 35 OAS member states one shared place to:

- publish and compare **labour statistics**, using the indicators and classifications of ILOSTAT;
- share **technical documents**, laws, studies and good practices;
- ask each other questions in **consultations** and work in **study groups** that meet at a distance;
- offer and request **horizontal technical cooperation**.

## Who does what

- The **Pro Tempore Secretariat** of the Conference runs the site, its reference data and this content.
- In each country, a **National Coordinator** decides which national institutions may publish and invites their editors.
- **Editors** publish for their own institution; everything they publish is marked with the institution and the country.
- Everyone can read what is public. Some consultations and study-group work are open to registered members only.

## Languages

SISMEL works in English, Spanish, French and Portuguese, the official languages of the OAS. When a text has not been translated yet, you see it in its original language, with a note saying so.

Questions about SISMEL? See [Help](/en/help) or write to the Secretariat.`,
    es: `SISMEL es el Sistema de Información del Mercado Laboral de la Conferencia Interamericana de Ministros de Trabajo (CIMT) de la Organización de los Estados Americanos (OEA).

Ofrece a los Ministerios de Trabajo de los 35 Estados miembros de la OEA un espacio común para:

- publicar y comparar **estadísticas laborales**, con los indicadores y las clasificaciones de ILOSTAT;
- compartir **documentos técnicos**, leyes, estudios y buenas prácticas;
- hacerse preguntas en **consultas** y trabajar en **grupos de estudio** que se reúnen a distancia;
- ofrecer y solicitar **cooperación técnica horizontal**.

## Quién hace qué

- La **Secretaría Pro Tempore** de la Conferencia administra el sitio, sus datos de referencia y este contenido.
- En cada país, un **Coordinador Nacional** decide qué instituciones nacionales pueden publicar e invita a sus editores.
- Los **editores** publican en nombre de su propia institución; todo lo que publican lleva el nombre de la institución y del país.
- Cualquier persona puede leer lo que es público. Algunas consultas y trabajos de los grupos de estudio están reservados a los miembros registrados.

## Idiomas

SISMEL funciona en español, inglés, francés y portugués, los idiomas oficiales de la OEA. Cuando un texto aún no se ha traducido, se muestra en su idioma original, con una nota que lo indica.

¿Tiene preguntas sobre SISMEL? Consulte la [Ayuda](/es/help) o escriba a la Secretaría.`,
    fr: `SISMEL est le Système d'information sur le marché du travail de la Conférence interaméricaine des ministres du Travail (CIMT) de l'Organisation des États américains (OEA).

Il offre aux ministères du Travail des 35 États membres de l'OEA un espace commun pour :

- publier et comparer des **statistiques du travail**, avec les indicateurs et les classifications d'ILOSTAT ;
- partager des **documents techniques**, des lois, des études et des bonnes pratiques ;
- se poser des questions dans des **consultations** et travailler dans des **groupes d'étude** qui se réunissent à distance ;
- offrir et demander une **coopération technique horizontale**.

## Qui fait quoi

- Le **Secrétariat pro tempore** de la Conférence gère le site, ses données de référence et ce contenu.
- Dans chaque pays, un **coordonnateur national** décide quelles institutions nationales peuvent publier et invite leurs rédacteurs.
- Les **rédacteurs** publient au nom de leur propre institution ; tout ce qu'ils publient porte le nom de l'institution et du pays.
- Chacun peut lire ce qui est public. Certaines consultations et certains travaux des groupes d'étude sont réservés aux membres inscrits.

## Langues

SISMEL fonctionne en français, anglais, espagnol et portugais, les langues officielles de l'OEA. Lorsqu'un texte n'a pas encore été traduit, il s'affiche dans sa langue d'origine, avec une note qui l'indique.

Des questions sur SISMEL ? Consultez l'[Aide](/fr/help) ou écrivez au Secrétariat.`,
    pt: `O SISMEL é o Sistema de Informação sobre o Mercado de Trabalho da Conferência Interamericana de Ministros do Trabalho (CIMT) da Organização dos Estados Americanos (OEA).

Ele oferece aos Ministérios do Trabalho dos 35 Estados membros da OEA um espaço comum para:

- publicar e comparar **estatísticas do trabalho**, com os indicadores e as classificações do ILOSTAT;
- compartilhar **documentos técnicos**, leis, estudos e boas práticas;
- fazer perguntas uns aos outros em **consultas** e trabalhar em **grupos de estudo** que se reúnem a distância;
- oferecer e solicitar **cooperação técnica horizontal**.

## Quem faz o quê

- A **Secretaria Pro Tempore** da Conferência administra o site, seus dados de referência e este conteúdo.
- Em cada país, um **Coordenador Nacional** decide quais instituições nacionais podem publicar e convida seus editores.
- Os **editores** publicam em nome de sua própria instituição; tudo o que publicam leva o nome da instituição e do país.
- Qualquer pessoa pode ler o que é público. Algumas consultas e trabalhos dos grupos de estudo são reservados aos membros registrados.

## Idiomas

O SISMEL funciona em português, inglês, espanhol e francês, os idiomas oficiais da OEA. Quando um texto ainda não foi traduzido, ele aparece no idioma original, com uma nota que o indica.

Dúvidas sobre o SISMEL? Consulte a [Ajuda](/pt/help) ou escreva à Secretaria.`,
  },
};

export interface ManualPage {
  slug: string;
  title: L4;
  body: L4;
}

export const MANUAL: ManualPage = {
  slug: 'getting-started',
  title: {
    en: 'Getting started with SISMEL',
    es: 'Primeros pasos en SISMEL',
    fr: 'Premiers pas dans SISMEL',
    pt: 'Primeiros passos no SISMEL',
  },
  body: {
    en: `This short manual is for officials and statisticians of the Ministries of Labour who use SISMEL for the first time. Read it in order, or go straight to the chapter you need from the contents.

You do not need an account to read public statistics, documents and news. You need one to publish for your institution or to take part in consultations and study groups.`,
    es: `Este breve manual está dirigido a los funcionarios y estadísticos de los Ministerios de Trabajo que usan SISMEL por primera vez. Léalo en orden o vaya directamente al capítulo que necesita desde el índice.

No necesita una cuenta para consultar las estadísticas, los documentos y las noticias públicas. La necesita para publicar en nombre de su institución o para participar en consultas y grupos de estudio.`,
    fr: `Ce court manuel s'adresse aux fonctionnaires et statisticiens des ministères du Travail qui utilisent SISMEL pour la première fois. Lisez-le dans l'ordre, ou allez directement au chapitre qui vous intéresse depuis le sommaire.

Vous n'avez pas besoin de compte pour consulter les statistiques, documents et actualités publics. Il vous en faut un pour publier au nom de votre institution ou pour participer aux consultations et aux groupes d'étude.`,
    pt: `Este breve manual destina-se aos funcionários e estatísticos dos Ministérios do Trabalho que usam o SISMEL pela primeira vez. Leia-o na ordem ou vá diretamente ao capítulo de que precisa a partir do sumário.

Você não precisa de uma conta para consultar as estatísticas, os documentos e as notícias públicas. Precisa de uma para publicar em nome da sua instituição ou para participar de consultas e grupos de estudo.`,
  },
};

export const CHAPTERS: ManualPage[] = [
  {
    slug: 'what-is-sismel',
    title: { en: 'What SISMEL is', es: 'Qué es SISMEL', fr: "Ce qu'est SISMEL", pt: 'O que é o SISMEL' },
    body: {
      en: `SISMEL is where the Ministries of Labour of the Americas share what they know about the labour market. It has five main parts, all reachable from the menu at the top of every page:

1. **Statistics**: labour indicators by country and year (employment, unemployment, informality, wages…), with tables, charts and downloads.
2. **Documents**: laws, studies, reports and good practices, searchable by their full text.
3. **Consultations** and **study groups**: questions to the other Ministries, and groups that work on a theme and meet at a distance.
4. **Cooperation**: offers and requests of technical assistance between countries.
5. **News** and the **priority themes** of the Conference.

Each country's information is published by its own institutions, under the responsibility of its National Coordinator.`,
      es: `SISMEL es el lugar donde los Ministerios de Trabajo de las Américas comparten lo que saben del mercado laboral. Tiene cinco partes principales, a las que se llega desde el menú de la parte superior de cada página:

1. **Estadísticas**: indicadores laborales por país y año (empleo, desempleo, informalidad, salarios…), con tablas, gráficos y descargas.
2. **Documentos**: leyes, estudios, informes y buenas prácticas, que se pueden buscar por su texto completo.
3. **Consultas** y **grupos de estudio**: preguntas a los demás Ministerios, y grupos que trabajan sobre un tema y se reúnen a distancia.
4. **Cooperación**: ofertas y solicitudes de asistencia técnica entre países.
5. **Noticias** y los **temas prioritarios** de la Conferencia.

La información de cada país la publican sus propias instituciones, bajo la responsabilidad de su Coordinador Nacional.`,
      fr: `SISMEL est l'endroit où les ministères du Travail des Amériques partagent ce qu'ils savent du marché du travail. Il comporte cinq grandes parties, accessibles depuis le menu en haut de chaque page :

1. **Statistiques** : indicateurs du travail par pays et par année (emploi, chômage, informalité, salaires…), avec tableaux, graphiques et téléchargements.
2. **Documents** : lois, études, rapports et bonnes pratiques, que l'on peut rechercher sur leur texte intégral.
3. **Consultations** et **groupes d'étude** : questions posées aux autres ministères, et groupes qui travaillent sur un thème et se réunissent à distance.
4. **Coopération** : offres et demandes d'assistance technique entre pays.
5. Les **actualités** et les **thèmes prioritaires** de la Conférence.

Les informations de chaque pays sont publiées par ses propres institutions, sous la responsabilité de son coordonnateur national.`,
      pt: `O SISMEL é o lugar onde os Ministérios do Trabalho das Américas compartilham o que sabem sobre o mercado de trabalho. Ele tem cinco partes principais, acessíveis pelo menu no alto de cada página:

1. **Estatísticas**: indicadores do trabalho por país e ano (emprego, desemprego, informalidade, salários…), com tabelas, gráficos e downloads.
2. **Documentos**: leis, estudos, relatórios e boas práticas, pesquisáveis pelo texto completo.
3. **Consultas** e **grupos de estudo**: perguntas aos outros Ministérios e grupos que trabalham sobre um tema e se reúnem a distância.
4. **Cooperação**: ofertas e pedidos de assistência técnica entre países.
5. **Notícias** e os **temas prioritários** da Conferência.

As informações de cada país são publicadas por suas próprias instituições, sob a responsabilidade do seu Coordenador Nacional.`,
    },
  },
  {
    slug: 'signing-in',
    title: {
      en: 'Signing in and two-step verification',
      es: 'Iniciar sesión y verificación en dos pasos',
      fr: 'Se connecter et vérification en deux étapes',
      pt: 'Entrar e verificação em duas etapas',
    },
    body: {
      en: `Accounts are not open to self-registration. Your **National Coordinator** invites you by e-mail; the Secretariat invites the coordinators.

1. Open the link in the invitation e-mail and choose a password of at least 10 characters. The link works once and expires after a few days; if it has expired, ask for a new invitation.
2. Afterwards, sign in with **Sign in** at the top right of any page, with your e-mail address and password.
3. If you forget your password, use **Forgot your password?** on the sign-in page: you receive a link to choose a new one.

## Two-step verification

Two-step verification protects your account even if someone learns your password. It is **required** for Secretariat and administrator accounts and recommended for everyone.

1. Install an authenticator app on your phone (any app that supports TOTP codes).
2. In your account page, choose **Two-step verification** and scan the QR code with the app.
3. Type the six-digit code the app shows, and keep the **recovery codes** somewhere safe: each one lets you sign in once if you lose your phone.

After five wrong passwords in a row the account is locked for a few minutes. Sessions end after an hour without activity; sign out when you use a shared computer.`,
      es: `Las cuentas no se crean por autorregistro. Su **Coordinador Nacional** le invita por correo electrónico; la Secretaría invita a los coordinadores.

1. Abra el enlace del correo de invitación y elija una contraseña de al menos 10 caracteres. El enlace funciona una sola vez y caduca a los pocos días; si ha caducado, pida una nueva invitación.
2. Después, inicie sesión con **Iniciar sesión**, arriba a la derecha de cualquier página, con su dirección de correo y su contraseña.
3. Si olvida su contraseña, use **¿Olvidó su contraseña?** en la página de inicio de sesión: recibirá un enlace para elegir una nueva.

## Verificación en dos pasos

La verificación en dos pasos protege su cuenta aunque alguien conozca su contraseña. Es **obligatoria** para las cuentas de la Secretaría y de los administradores, y recomendable para todos.

1. Instale en su teléfono una aplicación de autenticación (cualquiera que admita códigos TOTP).
2. En la página de su cuenta, elija **Verificación en dos pasos** y escanee el código QR con la aplicación.
3. Escriba el código de seis cifras que muestra la aplicación y guarde los **códigos de recuperación** en un lugar seguro: cada uno le permite entrar una vez si pierde el teléfono.

Tras cinco contraseñas incorrectas seguidas, la cuenta se bloquea durante unos minutos. Las sesiones terminan tras una hora sin actividad; cierre la sesión si usa un ordenador compartido.`,
      fr: `Les comptes ne sont pas ouverts à l'inscription libre. Votre **coordonnateur national** vous invite par courriel ; le Secrétariat invite les coordonnateurs.

1. Ouvrez le lien du courriel d'invitation et choisissez un mot de passe d'au moins 10 caractères. Le lien ne fonctionne qu'une fois et expire au bout de quelques jours ; s'il a expiré, demandez une nouvelle invitation.
2. Ensuite, connectez-vous avec **Se connecter**, en haut à droite de n'importe quelle page, avec votre adresse électronique et votre mot de passe.
3. Si vous oubliez votre mot de passe, utilisez **Mot de passe oublié ?** sur la page de connexion : vous recevrez un lien pour en choisir un nouveau.

## Vérification en deux étapes

La vérification en deux étapes protège votre compte même si quelqu'un connaît votre mot de passe. Elle est **obligatoire** pour les comptes du Secrétariat et des administrateurs, et recommandée pour tous.

1. Installez sur votre téléphone une application d'authentification (toute application compatible avec les codes TOTP).
2. Sur la page de votre compte, choisissez **Vérification en deux étapes** et scannez le code QR avec l'application.
3. Saisissez le code à six chiffres affiché par l'application et conservez les **codes de secours** en lieu sûr : chacun permet de se connecter une fois si vous perdez votre téléphone.

Après cinq mots de passe erronés de suite, le compte est bloqué quelques minutes. Les sessions se terminent après une heure d'inactivité ; déconnectez-vous si vous utilisez un ordinateur partagé.`,
      pt: `As contas não são abertas por autocadastro. O seu **Coordenador Nacional** convida você por e-mail; a Secretaria convida os coordenadores.

1. Abra o link do e-mail de convite e escolha uma senha de pelo menos 10 caracteres. O link funciona uma única vez e expira após alguns dias; se tiver expirado, peça um novo convite.
2. Depois, entre com **Entrar**, no canto superior direito de qualquer página, com seu endereço de e-mail e sua senha.
3. Se esquecer a senha, use **Esqueceu a senha?** na página de entrada: você receberá um link para escolher uma nova.

## Verificação em duas etapas

A verificação em duas etapas protege a sua conta mesmo que alguém descubra a sua senha. Ela é **obrigatória** para as contas da Secretaria e dos administradores, e recomendada para todos.

1. Instale no seu celular um aplicativo autenticador (qualquer um que aceite códigos TOTP).
2. Na página da sua conta, escolha **Verificação em duas etapas** e leia o código QR com o aplicativo.
3. Digite o código de seis algarismos mostrado pelo aplicativo e guarde os **códigos de recuperação** em lugar seguro: cada um permite entrar uma vez se você perder o celular.

Depois de cinco senhas erradas seguidas, a conta fica bloqueada por alguns minutos. As sessões terminam após uma hora sem atividade; saia da conta se usar um computador compartilhado.`,
    },
  },
  {
    slug: 'changing-language',
    title: {
      en: 'Changing the language',
      es: 'Cambiar el idioma',
      fr: 'Changer de langue',
      pt: 'Mudar o idioma',
    },
    body: {
      en: `SISMEL speaks English, Spanish, French and Portuguese.

- Choose a language with the links **English · Español · Français · Português** at the top of every page. You stay on the same page, in the new language.
- The language is part of the address (\`/en/…\`, \`/es/…\`), so a link you send to a colleague opens in the language you chose.
- Once signed in, set your preferred language in your account page: SISMEL then opens in it, and its e-mails to you are written in it.

Content is written by people in one language and translated when possible. When a page, a document or a theme has no text in your language, you see the original, with a note such as *(original in Spanish)*.`,
      es: `SISMEL funciona en español, inglés, francés y portugués.

- Elija un idioma con los enlaces **English · Español · Français · Português** de la parte superior de cada página. Se queda en la misma página, en el nuevo idioma.
- El idioma forma parte de la dirección (\`/es/…\`, \`/en/…\`), de modo que un enlace que envíe a un colega se abre en el idioma que eligió.
- Una vez iniciada la sesión, indique su idioma preferido en la página de su cuenta: SISMEL se abrirá en ese idioma y los correos que le envíe estarán redactados en él.

El contenido lo escriben personas en un idioma y se traduce cuando es posible. Cuando una página, un documento o un tema no tiene texto en su idioma, verá el original, con una nota como *(original en inglés)*.`,
      fr: `SISMEL parle français, anglais, espagnol et portugais.

- Choisissez une langue avec les liens **English · Español · Français · Português** en haut de chaque page. Vous restez sur la même page, dans la nouvelle langue.
- La langue fait partie de l'adresse (\`/fr/…\`, \`/en/…\`) : un lien envoyé à un collègue s'ouvre dans la langue que vous avez choisie.
- Une fois connecté, indiquez votre langue préférée sur la page de votre compte : SISMEL s'ouvrira dans cette langue et les courriels qu'il vous envoie y seront rédigés.

Le contenu est rédigé dans une langue et traduit quand c'est possible. Lorsqu'une page, un document ou un thème n'a pas de texte dans votre langue, vous voyez l'original, avec une note comme *(original en espagnol)*.`,
      pt: `O SISMEL funciona em português, inglês, espanhol e francês.

- Escolha um idioma com os links **English · Español · Français · Português** no alto de cada página. Você continua na mesma página, no novo idioma.
- O idioma faz parte do endereço (\`/pt/…\`, \`/en/…\`), então um link enviado a um colega abre no idioma que você escolheu.
- Depois de entrar, defina o seu idioma preferido na página da sua conta: o SISMEL passa a abrir nesse idioma e os e-mails que envia a você são redigidos nele.

O conteúdo é escrito por pessoas em um idioma e traduzido quando possível. Quando uma página, um documento ou um tema não tem texto no seu idioma, você vê o original, com uma nota como *(original em espanhol)*.`,
    },
  },
  {
    slug: 'finding-information',
    title: {
      en: 'Finding statistics and documents',
      es: 'Encontrar estadísticas y documentos',
      fr: 'Trouver des statistiques et des documents',
      pt: 'Encontrar estatísticas e documentos',
    },
    body: {
      en: `## Statistics

Open **Statistics** in the menu. Choose an indicator, then the countries and years you want: the table and the chart update together, and the address of the page keeps your choice, so you can bookmark it or send it. Every table can be downloaded as CSV or Excel, and the notes under it tell you the source and any break in the series.

## Documents

Open **Documents** in the menu, or type words in the **search box** at the top of every page. Narrow the results by country, theme, type of document or year. Search finds words inside the documents themselves (PDF, Word), not only in their titles, and it ignores accents and word endings, so *empleo* also finds *empleos*.

## Themes

Each **priority theme** of the Conference has its own page listing the statistics, documents and activities tagged with it: it is a good starting point when you work on one subject.

SISMEL is built for slow connections: pages are light and every page works without JavaScript.`,
      es: `## Estadísticas

Abra **Estadísticas** en el menú. Elija un indicador y luego los países y años que desea: la tabla y el gráfico se actualizan juntos, y la dirección de la página conserva su selección, por lo que puede guardarla en favoritos o enviarla. Cada tabla se puede descargar en CSV o Excel, y las notas al pie indican la fuente y cualquier ruptura de la serie.

## Documentos

Abra **Documentos** en el menú o escriba palabras en el **cuadro de búsqueda** de la parte superior de cada página. Acote los resultados por país, tema, tipo de documento o año. La búsqueda encuentra palabras dentro de los propios documentos (PDF, Word), no solo en sus títulos, e ignora los acentos y las terminaciones, de modo que *empleo* también encuentra *empleos*.

## Temas

Cada **tema prioritario** de la Conferencia tiene su propia página, que reúne las estadísticas, los documentos y las actividades asociados a él: es un buen punto de partida cuando trabaja en un asunto.

SISMEL está pensado para conexiones lentas: las páginas son ligeras y todas funcionan sin JavaScript.`,
      fr: `## Statistiques

Ouvrez **Statistiques** dans le menu. Choisissez un indicateur, puis les pays et les années voulus : le tableau et le graphique se mettent à jour ensemble, et l'adresse de la page garde votre sélection, que vous pouvez donc mettre en favori ou envoyer. Chaque tableau se télécharge en CSV ou en Excel, et les notes en dessous indiquent la source et toute rupture de série.

## Documents

Ouvrez **Documents** dans le menu, ou tapez des mots dans le **champ de recherche** en haut de chaque page. Affinez les résultats par pays, thème, type de document ou année. La recherche trouve les mots à l'intérieur des documents eux-mêmes (PDF, Word), pas seulement dans leurs titres, et ne tient compte ni des accents ni des terminaisons : *emploi* trouve aussi *emplois*.

## Thèmes

Chaque **thème prioritaire** de la Conférence a sa propre page, qui rassemble les statistiques, documents et activités qui s'y rapportent : c'est un bon point de départ quand vous travaillez sur un sujet.

SISMEL est conçu pour les connexions lentes : les pages sont légères et toutes fonctionnent sans JavaScript.`,
      pt: `## Estatísticas

Abra **Estatísticas** no menu. Escolha um indicador e depois os países e anos desejados: a tabela e o gráfico são atualizados juntos, e o endereço da página guarda a sua seleção, então você pode salvá-la nos favoritos ou enviá-la. Cada tabela pode ser baixada em CSV ou Excel, e as notas abaixo dela indicam a fonte e qualquer quebra na série.

## Documentos

Abra **Documentos** no menu ou digite palavras na **caixa de busca** no alto de cada página. Refine os resultados por país, tema, tipo de documento ou ano. A busca encontra palavras dentro dos próprios documentos (PDF, Word), não apenas nos títulos, e ignora acentos e terminações, de modo que *emprego* também encontra *empregos*.

## Temas

Cada **tema prioritário** da Conferência tem sua própria página, que reúne as estatísticas, os documentos e as atividades ligados a ele: é um bom ponto de partida quando você trabalha em um assunto.

O SISMEL foi pensado para conexões lentas: as páginas são leves e todas funcionam sem JavaScript.`,
    },
  },
  {
    slug: 'contact',
    title: { en: 'Who to contact', es: 'A quién contactar', fr: 'Qui contacter', pt: 'Quem contatar' },
    body: {
      en: `- **To get an account, or to publish for your institution:** the National Coordinator of your country. Their name appears on your country's page, under **Countries**.
- **For a mistake in your country's figures or documents:** the institution that published them, or your National Coordinator.
- **For questions about SISMEL itself, the priority themes or this manual:** the Pro Tempore Secretariat of the Conference, which runs the site.
- **If you think your account has been misused:** change your password at once, then tell the Secretariat, who can see the record of every change.

When you report a problem, say which page you were on, what you did and what you saw. Add the date and time: they let the Secretariat find the problem quickly in its records.`,
      es: `- **Para obtener una cuenta o publicar en nombre de su institución:** el Coordinador Nacional de su país. Su nombre figura en la página de su país, en **Países**.
- **Para un error en las cifras o los documentos de su país:** la institución que los publicó, o su Coordinador Nacional.
- **Para preguntas sobre el propio SISMEL, los temas prioritarios o este manual:** la Secretaría Pro Tempore de la Conferencia, que administra el sitio.
- **Si cree que alguien ha usado su cuenta indebidamente:** cambie su contraseña de inmediato y avise a la Secretaría, que puede ver el registro de cada cambio.

Al informar de un problema, indique en qué página estaba, qué hizo y qué vio. Añada la fecha y la hora: permiten a la Secretaría encontrar el problema rápidamente en sus registros.`,
      fr: `- **Pour obtenir un compte ou publier au nom de votre institution :** le coordonnateur national de votre pays. Son nom figure sur la page de votre pays, sous **Pays**.
- **Pour une erreur dans les chiffres ou les documents de votre pays :** l'institution qui les a publiés, ou votre coordonnateur national.
- **Pour des questions sur SISMEL lui-même, les thèmes prioritaires ou ce manuel :** le Secrétariat pro tempore de la Conférence, qui gère le site.
- **Si vous pensez que votre compte a été utilisé à votre insu :** changez immédiatement votre mot de passe, puis prévenez le Secrétariat, qui peut consulter l'historique de chaque modification.

Pour signaler un problème, indiquez la page où vous étiez, ce que vous avez fait et ce que vous avez vu. Ajoutez la date et l'heure : elles permettent au Secrétariat de retrouver rapidement le problème dans ses journaux.`,
      pt: `- **Para obter uma conta ou publicar em nome da sua instituição:** o Coordenador Nacional do seu país. O nome dele aparece na página do seu país, em **Países**.
- **Para um erro nos números ou documentos do seu país:** a instituição que os publicou, ou o seu Coordenador Nacional.
- **Para perguntas sobre o próprio SISMEL, os temas prioritários ou este manual:** a Secretaria Pro Tempore da Conferência, que administra o site.
- **Se achar que sua conta foi usada indevidamente:** troque a senha imediatamente e avise a Secretaria, que pode consultar o registro de cada alteração.

Ao relatar um problema, diga em que página estava, o que fez e o que viu. Inclua a data e a hora: elas permitem à Secretaria encontrar o problema rapidamente nos seus registros.`,
    },
  },
];
