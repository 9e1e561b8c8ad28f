import type { Db } from '../../db/connection.ts';
import { nowIso } from '../../db/dialect.ts';
import { actorFromUser } from '../../platform/auth/actor.ts';
import { RealtimeHub } from '../../platform/realtime/hub.ts';
import { reindexMeeting } from './indexing.ts';
import { newRoomName } from './model.ts';
import { meetingService } from './service.ts';
import { utcToLocalInput } from './time.ts';

const DAY = 86400_000;

/** The next weekday `days` from now at 10:00 in the zone. */
function localDay(days: number, zone: string, hour = '10:00'): string {
  const d = new Date(Date.now() + days * DAY);
  while (d.getUTCDay() === 0 || d.getUTCDay() === 6) d.setUTCDate(d.getUTCDate() + 1);
  return `${utcToLocalInput(d.toISOString(), zone).slice(0, 10)}T${hour}`;
}

/**
 * Meetings of the demo study groups (seeded by the study groups demo, which runs first): for
 * each active group, a past meeting with its minutes, attendance and conversation, and an
 * upcoming one its members registered for.
 */
export async function seedMeetingsDemo(db: Db): Promise<void> {
  const groups = await db
    .selectFrom('study_groups')
    .innerJoin('users as u', 'u.id', 'study_groups.moderator_id')
    .select([
      'study_groups.id',
      'study_groups.title',
      'study_groups.orig_locale',
      'u.timezone',
      'study_groups.moderator_id',
    ])
    .where('study_groups.status', '=', 'active')
    .where('study_groups.deleted_at', 'is', null)
    .orderBy('study_groups.id')
    .limit(3)
    .execute();
  if (groups.length === 0) return;
  // Seeding runs before the app: nobody listens yet, so live updates go nowhere.
  const realtime = new RealtimeHub({ db });
  const service = meetingService({ db, realtime });
  try {
    for (const [i, g] of groups.entries()) {
      const moderator = await db
        .selectFrom('users')
        .selectAll()
        .where('id', '=', g.moderator_id)
        .executeTakeFirstOrThrow();
      const members = await db
        .selectFrom('study_group_members as m')
        .innerJoin('users as u', 'u.id', 'm.user_id')
        .selectAll('u')
        .where('m.group_id', '=', g.id)
        .where('m.status', '=', 'member')
        .where('u.id', '!=', g.moderator_id)
        .orderBy('u.id')
        .execute();
      const zone =
        moderator.timezone && moderator.timezone !== 'UTC' ? moderator.timezone : 'America/Montevideo';
      const lang =
        g.orig_locale === 'en' || g.orig_locale === 'fr' || g.orig_locale === 'pt' ? g.orig_locale : 'es';
      const texts = DEMO_TEXTS[lang];

      // The upcoming meeting, scheduled by the moderator through the service (notices, reminder).
      const upcomingId = await service.schedule(actorFromUser(moderator), g.id, {
        title: texts.upcomingTitle,
        agenda: texts.upcomingAgenda,
        origLocale: lang,
        start: localDay(9 + i * 7, zone),
        timezone: zone,
        duration: '90',
        capacity: '25',
        embedVideo: true,
      });
      for (const member of members) await service.register(actorFromUser(member), upcomingId);

      // The past meeting, with what happened in it.
      const start = new Date(Date.now() - (20 + i * 7) * DAY);
      start.setUTCHours(13, 0, 0, 0);
      const now = nowIso();
      const past = await db
        .insertInto('meetings')
        .values({
          group_id: g.id,
          title: JSON.stringify({ [lang]: texts.pastTitle }),
          agenda: JSON.stringify({ [lang]: texts.pastAgenda }),
          orig_locale: lang,
          starts_at: start.toISOString(),
          host_tz: zone,
          duration_minutes: 60,
          capacity: null,
          status: 'scheduled',
          video_room: newRoomName(),
          embed_video: 0,
          minutes: JSON.stringify({ [lang]: texts.minutes }),
          minutes_locale: lang,
          minutes_published_at: new Date(start.getTime() + 2 * DAY).toISOString(),
          minutes_by: moderator.id,
          created_by: moderator.id,
          created_at: new Date(start.getTime() - 14 * DAY).toISOString(),
          updated_at: now,
          deleted_at: null,
          deleted_by: null,
        })
        .returning('id')
        .executeTakeFirstOrThrow();
      const people = [moderator, ...members];
      for (const [j, p] of people.entries()) {
        const at = new Date(start.getTime() - (10 - j) * DAY).toISOString();
        await db
          .insertInto('meeting_registrations')
          .values({
            meeting_id: past.id,
            user_id: p.id,
            status: 'registered',
            created_at: at,
            updated_at: at,
          })
          .execute();
        // Everyone but the last registered came; most were seen in the live room.
        if (j < people.length - 1 || people.length === 1) {
          await db
            .insertInto('meeting_attendance')
            .values({
              meeting_id: past.id,
              user_id: p.id,
              source: j % 2 === 0 ? 'live' : 'moderator',
              recorded_by: j % 2 === 0 ? null : moderator.id,
              recorded_at: new Date(start.getTime() + 5 * 60_000).toISOString(),
            })
            .execute();
        }
      }
      await db.transaction().execute((trx) => reindexMeeting(trx, past.id));
      for (const [j, body] of texts.chat.entries()) {
        const author = people[j % people.length]!;
        await db
          .insertInto('meeting_messages')
          .values({
            meeting_id: past.id,
            user_id: author.id,
            body,
            created_at: new Date(start.getTime() + (2 + j * 3) * 60_000).toISOString(),
            deleted_at: null,
            deleted_by: null,
          })
          .execute();
      }
    }
  } finally {
    await realtime.close();
  }
}

interface DemoTexts {
  upcomingTitle: string;
  upcomingAgenda: string;
  pastTitle: string;
  pastAgenda: string;
  minutes: string;
  chat: string[];
}

const DEMO_TEXTS: Record<'en' | 'es' | 'fr' | 'pt', DemoTexts> = {
  es: {
    upcomingTitle: 'Segunda sesión: comparación de cuestionarios',
    upcomingAgenda:
      '1. Bienvenida y aprobación del acta anterior\n2. Presentación de los cuestionarios de Uruguay y Chile\n3. Puntos comunes y diferencias\n4. Reparto de tareas para la próxima sesión',
    pastTitle: 'Sesión de apertura del grupo',
    pastAgenda:
      '1. Presentación de los participantes\n2. Objetivos y calendario de trabajo\n3. Documentos de referencia',
    minutes:
      '## Acuerdos\n\n- El grupo se reunirá una vez por mes, en horario de la mañana de Montevideo.\n- Cada país comparte su cuestionario de la encuesta de hogares antes de la segunda sesión.\n- La Secretaría reúne las definiciones nacionales en un documento común.\n\n## Participantes\n\nSe registró la asistencia en la página de la reunión.',
    chat: [
      'Buenos días a todos, ¿se escucha bien?',
      'Sí, perfecto desde Santiago.',
      'Comparto el enlace al cuestionario en la biblioteca de documentos del grupo.',
      'Gracias. Propongo revisar primero las preguntas sobre seguridad social.',
    ],
  },
  en: {
    upcomingTitle: 'Second session: comparing questionnaires',
    upcomingAgenda:
      '1. Welcome and approval of the previous minutes\n2. Questionnaires of Jamaica and Canada\n3. Common ground and differences\n4. Tasks for the next session',
    pastTitle: 'Opening session of the group',
    pastAgenda: '1. Introductions\n2. Objectives and work plan\n3. Reference documents',
    minutes:
      '## Agreed\n\n- The group meets once a month.\n- Each country shares its household survey questionnaire before the second session.\n- The Secretariat gathers the national definitions in one document.',
    chat: [
      'Good morning everyone, can you hear me?',
      'Loud and clear from Kingston.',
      'I have shared the questionnaire in the group’s documents.',
      'Thanks. Shall we start with the questions on social security?',
    ],
  },
  fr: {
    upcomingTitle: 'Deuxième séance : comparaison des questionnaires',
    upcomingAgenda:
      '1. Accueil et approbation du compte rendu précédent\n2. Questionnaires d’Haïti et du Canada\n3. Points communs et différences\n4. Répartition des tâches',
    pastTitle: 'Séance d’ouverture du groupe',
    pastAgenda: '1. Présentation des participants\n2. Objectifs et calendrier\n3. Documents de référence',
    minutes:
      '## Décisions\n\n- Le groupe se réunit une fois par mois.\n- Chaque pays partage son questionnaire d’enquête auprès des ménages avant la deuxième séance.',
    chat: [
      'Bonjour à toutes et à tous, vous m’entendez ?',
      'Oui, très bien depuis Port-au-Prince.',
      'J’ai partagé le questionnaire dans les documents du groupe.',
      'Merci. Commençons par les questions sur la protection sociale.',
    ],
  },
  pt: {
    upcomingTitle: 'Segunda sessão: comparação dos questionários',
    upcomingAgenda:
      '1. Boas-vindas e aprovação da ata anterior\n2. Questionários do Brasil e do Uruguai\n3. Pontos comuns e diferenças\n4. Divisão de tarefas',
    pastTitle: 'Sessão de abertura do grupo',
    pastAgenda: '1. Apresentação dos participantes\n2. Objetivos e calendário\n3. Documentos de referência',
    minutes:
      '## Acordos\n\n- O grupo se reúne uma vez por mês.\n- Cada país compartilha o questionário da pesquisa domiciliar antes da segunda sessão.',
    chat: [
      'Bom dia a todos, estão me ouvindo?',
      'Sim, perfeitamente de Brasília.',
      'Compartilhei o questionário nos documentos do grupo.',
      'Obrigado. Vamos começar pelas perguntas sobre previdência social.',
    ],
  },
};
