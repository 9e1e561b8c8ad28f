import type { Db } from '../../db/connection.ts';
import { type Actor, actorFromUser } from '../../platform/auth/actor.ts';
import { proposalService } from '../proposals/service.ts';
import { studyGroupService } from './service.ts';

/**
 * Demonstration proposals and a study group between the demo countries, written for the demo
 * (they describe no real programme). Everything goes through the services, so it is audited,
 * indexed for search and notified like anything a user would do:
 * - an accepted proposal on youth employment, whose study group has Uruguay, Chile and Mexico as
 *   members, a discussion with a few posts and a shared library document;
 * - a proposal on heat stress under evaluation, supported by three countries;
 * - a fresh proposal on labour migration waiting for its answer.
 */
export async function seedStudyGroupsDemo(db: Db): Promise<void> {
  const existing = await db.selectFrom('proposals').select('id').limit(1).executeTakeFirst();
  if (existing) return;
  const users = await db.selectFrom('users').selectAll().where('deleted_at', 'is', null).execute();
  const as = (email: string): Actor | null => {
    const u = users.find((x) => x.email === email);
    return u ? actorFromUser(u) : null;
  };
  const secretariat = as('secretariat@sismel.example');
  const ury = as('editor.ury@sismel.example');
  const chl = as('coordinator.chl@sismel.example');
  const chlEditor = as('editor.chl@sismel.example');
  const mex = as('coordinator.mex@sismel.example');
  const bra = as('coordinator.bra@sismel.example');
  const can = as('coordinator.can@sismel.example');
  const hti = as('coordinator.hti@sismel.example');
  if (!secretariat || !ury || !chl || !chlEditor || !mex || !bra || !can || !hti) return;

  const proposals = proposalService({ db });
  const groups = studyGroupService({ db });

  // 1. Accepted, with its study group.
  const youth = await proposals.create(ury, {
    origLocale: 'es',
    theme: 'youth-employment',
    title: {
      es: 'Medir las transiciones de los jóvenes de la escuela al trabajo',
      en: 'Measuring young people’s transitions from school to work',
    },
    rationale: {
      es: `Los ministerios publican tasas de jóvenes que **no estudian ni trabajan** con definiciones distintas, lo que impide comparar.

Proponemos un grupo de estudio que:

- compare las definiciones y las fuentes (encuestas de hogares, registros administrativos);
- acuerde un conjunto mínimo de indicadores de transición;
- publique una nota metodológica común.`,
      en: 'Ministries publish rates of young people **not in employment, education or training** with different definitions, so they cannot be compared. We propose a study group to compare definitions and sources, agree a minimum set of transition indicators and publish a common methodological note.',
    },
  });
  await proposals.support(chlEditor, youth);
  await proposals.support(mex, youth);
  await proposals.comment(chl, youth, {
    locale: 'es',
    body: 'Chile puede aportar la experiencia de la encuesta longitudinal de jóvenes.',
  });
  await proposals.comment(can, youth, {
    locale: 'en',
    body: 'Canada would follow the group’s work with interest; our youth survey uses the 15–29 band.',
  });
  const { groupId } = await proposals.decide(secretariat, youth, {
    status: 'accepted',
    origLocale: 'es',
    reasons: {
      es: 'Tema prioritario del Plan de Acción, con el apoyo de **tres países**. El grupo trabajará a distancia durante 2026.',
      en: 'A priority theme of the Plan of Action, supported by **three countries**. The group will work at a distance during 2026.',
    },
  });
  if (groupId) {
    for (const member of [chl, mex]) {
      const memberId = await groups.requestToJoin(member, groupId);
      await groups.decideJoin(ury, groupId, memberId, true);
    }
    const threadId = await groups.createThread(ury, groupId, {
      locale: 'es',
      title: 'Definiciones de jóvenes que no estudian ni trabajan',
      body: 'Para empezar: ¿qué tramo de edad y qué período de referencia usa cada país? En Uruguay, 15 a 24 años y la semana anterior a la encuesta.',
    });
    await groups.addPost(chl, threadId, {
      locale: 'es',
      body: 'En Chile usamos 15 a 29 años y, además, publicamos el tramo 15 a 24 para comparar con la OIT.',
    });
    await groups.addPost(mex, threadId, {
      locale: 'es',
      body: 'México publica ambos tramos. Propongo que la nota común recomiende **15 a 24** como referencia y 15 a 29 como complemento.',
    });
    const doc = await db
      .selectFrom('documents')
      .select('id')
      .where('status', '=', 'published')
      .where('access', '=', 'public')
      .where('deleted_at', 'is', null)
      .orderBy('id')
      .executeTakeFirst();
    if (doc) await groups.shareDocument(ury, groupId, doc.id);
  }

  // 2. Under evaluation, with supports from three countries.
  const heat = await proposals.create(bra, {
    origLocale: 'pt',
    theme: 'occupational-safety-health',
    title: {
      pt: 'Estresse térmico no trabalho ao ar livre',
      es: 'Estrés térmico en el trabajo al aire libre',
      en: 'Heat stress in outdoor work',
    },
    rationale: {
      pt: `As ondas de calor afetam cada vez mais a agricultura e a construção. Propomos comparar:

- limites de temperatura e pausas obrigatórias;
- a inspeção das medidas de proteção;
- o registro de acidentes ligados ao calor.`,
      en: 'Heat waves increasingly affect agriculture and construction. We propose to compare temperature limits and mandatory breaks, the inspection of protective measures and the recording of heat-related accidents.',
    },
  });
  await proposals.support(can, heat);
  await proposals.support(hti, heat);
  await proposals.support(chlEditor, heat);
  await proposals.decide(secretariat, heat, {
    status: 'under_evaluation',
    origLocale: 'en',
    reasons: {
      en: 'The Secretariat is checking with the Technical Advisory Committee whether the theme fits the current working groups.',
      es: 'La Secretaría consulta con el Comité Técnico Asesor si el tema encaja en los grupos de trabajo actuales.',
    },
  });

  // 3. Waiting for its answer.
  const migration = await proposals.create(hti, {
    origLocale: 'fr',
    theme: 'labour-migration',
    title: {
      fr: 'Reconnaissance des compétences des travailleurs migrants',
      en: 'Recognising the skills of migrant workers',
    },
    rationale: {
      fr: 'Beaucoup de travailleurs migrants exercent en dessous de leur qualification. Un groupe d’étude pourrait comparer les dispositifs de reconnaissance des acquis et proposer des passerelles entre pays.',
    },
  });
  await proposals.support(can, migration);
}
