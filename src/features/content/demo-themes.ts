/** Short descriptions of the priority themes, written for the demonstration, in the four languages. */
export const THEME_DESCRIPTIONS: Record<string, { en: string; es: string; fr: string; pt: string }> = {
  'labour-training': {
    en: 'Vocational training and lifelong learning that match the skills employers need, including the certification of skills gained at work.',
    es: 'Formación profesional y aprendizaje a lo largo de la vida acordes con las competencias que demandan los empleadores, incluida la certificación de las competencias adquiridas en el trabajo.',
    fr: 'Formation professionnelle et apprentissage tout au long de la vie adaptés aux compétences recherchées par les employeurs, y compris la certification des compétences acquises au travail.',
    pt: 'Formação profissional e aprendizagem ao longo da vida alinhadas às competências que os empregadores procuram, incluindo a certificação de competências adquiridas no trabalho.',
  },
  'labour-legislation': {
    en: 'Labour codes, regulations and their reform: how the countries of the Americas update the rules of employment and make them known.',
    es: 'Códigos de trabajo, reglamentos y sus reformas: cómo los países de las Américas actualizan las normas del empleo y las dan a conocer.',
    fr: "Codes du travail, règlements et leurs réformes : comment les pays des Amériques mettent à jour les règles de l'emploi et les font connaître.",
    pt: 'Códigos do trabalho, regulamentos e suas reformas: como os países das Américas atualizam as regras do emprego e as tornam conhecidas.',
  },
  'employment-services': {
    en: 'Public employment services that match jobseekers with vacancies, guide careers and manage active labour market programmes.',
    es: 'Servicios públicos de empleo que vinculan a quienes buscan trabajo con las vacantes, orientan las trayectorias laborales y gestionan las políticas activas del mercado de trabajo.',
    fr: "Services publics de l'emploi qui rapprochent demandeurs d'emploi et offres, orientent les parcours professionnels et gèrent les programmes actifs du marché du travail.",
    pt: 'Serviços públicos de emprego que aproximam quem procura trabalho das vagas, orientam trajetórias profissionais e gerem as políticas ativas do mercado de trabalho.',
  },
  'youth-employment': {
    en: 'Work scholarships, apprenticeships and first-job programmes that help young people move from school to decent work.',
    es: 'Becas de trabajo, aprendizajes y programas de primer empleo que ayudan a los jóvenes a pasar de la escuela a un trabajo decente.',
    fr: "Bourses de travail, apprentissages et programmes de premier emploi qui aident les jeunes à passer de l'école à un travail décent.",
    pt: 'Bolsas de trabalho, aprendizagem e programas de primeiro emprego que ajudam os jovens a passar da escola para um trabalho decente.',
  },
  'social-dialogue': {
    en: 'Tripartite dialogue between governments, employers and workers, and the institutions that make collective bargaining work.',
    es: 'Diálogo tripartito entre gobiernos, empleadores y trabajadores, y las instituciones que hacen posible la negociación colectiva.',
    fr: 'Dialogue tripartite entre gouvernements, employeurs et travailleurs, et institutions qui font vivre la négociation collective.',
    pt: 'Diálogo tripartite entre governos, empregadores e trabalhadores, e as instituições que tornam possível a negociação coletiva.',
  },
  'occupational-safety-health': {
    en: 'Preventing accidents and diseases at work: national policies, risk assessment and the recording of occupational injuries.',
    es: 'Prevención de accidentes y enfermedades en el trabajo: políticas nacionales, evaluación de riesgos y registro de las lesiones profesionales.',
    fr: 'Prévenir les accidents et les maladies au travail : politiques nationales, évaluation des risques et enregistrement des lésions professionnelles.',
    pt: 'Prevenção de acidentes e doenças no trabalho: políticas nacionais, avaliação de riscos e registro das lesões profissionais.',
  },
  'fundamental-rights': {
    en: 'Freedom of association, the elimination of forced labour and discrimination, the abolition of child labour and a safe and healthy working environment.',
    es: 'Libertad sindical, eliminación del trabajo forzoso y de la discriminación, abolición del trabajo infantil y un entorno de trabajo seguro y saludable.',
    fr: 'Liberté syndicale, élimination du travail forcé et de la discrimination, abolition du travail des enfants et milieu de travail sûr et salubre.',
    pt: 'Liberdade sindical, eliminação do trabalho forçado e da discriminação, abolição do trabalho infantil e um ambiente de trabalho seguro e saudável.',
  },
  'child-labour': {
    en: 'Measuring child labour and the policies that keep children in school and out of work that harms them.',
    es: 'La medición del trabajo infantil y las políticas que mantienen a niñas y niños en la escuela y lejos del trabajo que los perjudica.',
    fr: 'Mesurer le travail des enfants et les politiques qui maintiennent les enfants à l’école, loin du travail qui leur nuit.',
    pt: 'A medição do trabalho infantil e as políticas que mantêm crianças na escola e longe do trabalho que as prejudica.',
  },
  'labour-migration': {
    en: 'Fair recruitment, the protection of migrant workers and the recognition of their skills across the countries of the region.',
    es: 'Contratación equitativa, protección de las personas trabajadoras migrantes y reconocimiento de sus competencias entre los países de la región.',
    fr: 'Recrutement équitable, protection des travailleurs migrants et reconnaissance de leurs compétences entre les pays de la région.',
    pt: 'Recrutamento equitativo, proteção dos trabalhadores migrantes e reconhecimento de suas competências entre os países da região.',
  },
  'gender-equality': {
    en: 'Closing the gaps between women and men in participation, pay and working conditions, and sharing the care of families more fairly.',
    es: 'Cerrar las brechas entre mujeres y hombres en participación, remuneración y condiciones de trabajo, y repartir de forma más justa los cuidados familiares.',
    fr: 'Réduire les écarts entre femmes et hommes en matière de participation, de rémunération et de conditions de travail, et mieux partager les soins aux familles.',
    pt: 'Reduzir as diferenças entre mulheres e homens na participação, na remuneração e nas condições de trabalho, e dividir de forma mais justa o cuidado com a família.',
  },
  'labour-market-information': {
    en: 'Labour force surveys, administrative records and the indicators built from them, following the standards of the International Conference of Labour Statisticians.',
    es: 'Encuestas de fuerza de trabajo, registros administrativos y los indicadores que se elaboran con ellos, según las normas de la Conferencia Internacional de Estadísticos del Trabajo.',
    fr: "Enquêtes sur la main-d'œuvre, registres administratifs et indicateurs qui en sont tirés, selon les normes de la Conférence internationale des statisticiens du travail.",
    pt: 'Pesquisas de força de trabalho, registros administrativos e os indicadores construídos a partir deles, segundo as normas da Conferência Internacional de Estatísticos do Trabalho.',
  },
  'labour-inspection': {
    en: 'Inspection services that check compliance with labour law, and how they plan visits, train inspectors and use data.',
    es: 'Servicios de inspección que verifican el cumplimiento de la legislación laboral, y cómo planifican las visitas, forman a los inspectores y usan los datos.',
    fr: "Services d'inspection qui contrôlent le respect du droit du travail, et la façon dont ils planifient les visites, forment les inspecteurs et utilisent les données.",
    pt: 'Serviços de inspeção que verificam o cumprimento da legislação trabalhista, e como planejam as visitas, formam os inspetores e usam os dados.',
  },
  'social-protection': {
    en: 'Unemployment insurance, pensions and the extension of social security to workers who are not yet covered.',
    es: 'Seguro de desempleo, pensiones y extensión de la seguridad social a los trabajadores que aún no están cubiertos.',
    fr: 'Assurance chômage, retraites et extension de la sécurité sociale aux travailleurs qui ne sont pas encore couverts.',
    pt: 'Seguro-desemprego, aposentadorias e extensão da seguridade social aos trabalhadores que ainda não estão cobertos.',
  },
  informality: {
    en: 'Policies that help workers and small enterprises move from the informal to the formal economy, and how informality is measured.',
    es: 'Políticas que ayudan a trabajadores y pequeñas empresas a pasar de la economía informal a la formal, y cómo se mide la informalidad.',
    fr: "Politiques qui aident les travailleurs et les petites entreprises à passer de l'économie informelle à l'économie formelle, et mesure de l'informalité.",
    pt: 'Políticas que ajudam trabalhadores e pequenas empresas a passar da economia informal para a formal, e como a informalidade é medida.',
  },
};
