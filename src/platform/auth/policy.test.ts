import { describe, expect, it } from 'vitest';
import type { Role } from '../../db/schema.ts';
import type { Actor } from './actor.ts';
import { type Action, actsForCountry, assertCan, can, ForbiddenError, type Subject } from './policy.ts';

/**
 * The rule book as a table. Each cell is two letters: the answer for the actor's own country
 * (URY) and for another country (CHL). Y = allowed, N = refused. The Secretariat and the
 * administrator have no country, so for them both letters say whether the action is allowed at
 * all. A reader here belongs to URY, to show that belonging to a country gives no rights.
 *
 * `Record<Action, …>` makes the type-check fail when an action is added without its row.
 */
type Cell = 'YY' | 'YN' | 'NY' | 'NN';
type Row = [secretariat: Cell, admin: Cell, coordinator: Cell, editor: Cell, reader: Cell, anonymous: Cell];

// biome-ignore format: the rule book reads as a table
const MATRIX: Record<Action, Row> = {
  //                        secretariat admin coordinator editor reader anonymous
  'country.update':          ['YY', 'NN', 'NN', 'NN', 'NN', 'NN'],
  'theme.manage':            ['YY', 'NN', 'NN', 'NN', 'NN', 'NN'],
  'link.manage':             ['YY', 'NN', 'NN', 'NN', 'NN', 'NN'],
  'page.manage':             ['YY', 'NN', 'NN', 'NN', 'NN', 'NN'],
  'news.manage':             ['YY', 'NN', 'NN', 'NN', 'NN', 'NN'],
  'audit.read':              ['YY', 'YY', 'NN', 'NN', 'NN', 'NN'],
  'outbox.read':             ['YY', 'YY', 'NN', 'NN', 'NN', 'NN'],
  'coordinator.designate':   ['YY', 'NN', 'NN', 'NN', 'NN', 'NN'],
  'institution.create':      ['YY', 'NN', 'YN', 'NN', 'NN', 'NN'],
  'institution.update':      ['YY', 'NN', 'YN', 'NN', 'NN', 'NN'],
  'institution.delete':      ['YY', 'NN', 'YN', 'NN', 'NN', 'NN'],
  'institution.restore':     ['YY', 'NN', 'NN', 'NN', 'NN', 'NN'],
  'user.invite':             ['YY', 'YY', 'YN', 'NN', 'NN', 'NN'],
  'user.list':               ['YY', 'YY', 'YN', 'NN', 'NN', 'NN'],
  'user.disable':            ['YY', 'NN', 'YN', 'NN', 'NN', 'NN'],
  'user.restore':            ['YY', 'NN', 'NN', 'NN', 'NN', 'NN'],
  'observation.write':       ['YY', 'NN', 'YN', 'YN', 'NN', 'NN'],
  'observation.readUnpublished': ['YY', 'NN', 'YN', 'YN', 'NN', 'NN'],
  'import.write':            ['YY', 'NN', 'YN', 'YN', 'NN', 'NN'],
  'indicator.manage':        ['YY', 'NN', 'NN', 'NN', 'NN', 'NN'],
  'document.create':         ['YY', 'NN', 'YN', 'YN', 'NN', 'NN'],
  'document.update':         ['YY', 'NN', 'YN', 'YN', 'NN', 'NN'],
  'document.restore':        ['YY', 'NN', 'NN', 'NN', 'NN', 'NN'],
  'consultation.create':     ['YY', 'NN', 'YN', 'YN', 'NN', 'NN'],
  // Answering needs the asking and addressed countries too: without them it is refused (see below).
  'consultation.answer':     ['NN', 'NN', 'NN', 'NN', 'NN', 'NN'],
  'consultation.manage':     ['YY', 'NN', 'YN', 'NN', 'NN', 'NN'],
  'consultation.helpful':    ['YY', 'YY', 'YY', 'YY', 'YY', 'NN'],
  // The author edits their own answer: passed as ownerId (see below).
  'consultation.editAnswer': ['YY', 'NN', 'NN', 'NN', 'NN', 'NN'],
  'proposal.create':         ['YY', 'NN', 'YN', 'YN', 'NN', 'NN'],
  'proposal.decide':         ['YY', 'NN', 'NN', 'NN', 'NN', 'NN'],
  'proposal.support':        ['NN', 'NN', 'YN', 'YN', 'NN', 'NN'],
  'proposal.comment':        ['YY', 'YY', 'YY', 'YY', 'YY', 'NN'],
  'group.create':            ['YY', 'NN', 'NN', 'NN', 'NN', 'NN'],
  'group.join':              ['NN', 'NN', 'YN', 'YN', 'NN', 'NN'],
  'group.moderate':          ['YY', 'NN', 'NN', 'NN', 'NN', 'NN'],
  'group.participate':       ['YY', 'NN', 'YY', 'YY', 'NN', 'NN'],
  // The group's moderator schedules too: passed as ownerId (see the meetings tests).
  'meeting.schedule':        ['YY', 'NN', 'NN', 'NN', 'NN', 'NN'],
  // Deleting too: the group's moderator (ownerId, below) and the Secretariat; restoring is the Secretariat's.
  'meeting.delete':          ['YY', 'NN', 'NN', 'NN', 'NN', 'NN'],
  'meeting.restore':         ['YY', 'NN', 'NN', 'NN', 'NN', 'NN'],
  'meeting.attend':          ['YY', 'NN', 'YY', 'YY', 'NN', 'NN'],
  'cooperation.write':       ['YY', 'NN', 'YN', 'YN', 'NN', 'NN'],
};

const OWN = 'URY';
const OTHER = 'CHL';
const OWN_INSTITUTION = 10;

function actor(role: Role, id: number): Actor {
  const national = role === 'coordinator' || role === 'editor' || role === 'reader';
  return {
    id,
    email: `${role}@example.org`,
    name: role,
    role,
    countryIso3: national ? OWN : null,
    institutionId: role === 'coordinator' || role === 'editor' ? OWN_INSTITUTION : null,
    locale: 'en',
    timezone: 'UTC',
    totpEnabled: false,
  };
}

const ACTORS: [string, Actor | null][] = [
  ['secretariat', actor('secretariat', 1)],
  ['admin', actor('admin', 2)],
  ['coordinator', actor('coordinator', 3)],
  ['editor', actor('editor', 4)],
  ['reader', actor('reader', 5)],
  ['anonymous', null],
];

const cases = (Object.entries(MATRIX) as [Action, Row][]).flatMap(([action, row]) =>
  ACTORS.flatMap(([label, who], i) => [
    { action, label, who, where: 'own country', country: OWN, expected: row[i]![0] === 'Y' },
    { action, label, who, where: 'another country', country: OTHER, expected: row[i]![1] === 'Y' },
  ]),
);

describe('policy matrix', () => {
  it.each(cases)('$action by $label in $where → $expected', ({ action, who, country, expected }) => {
    expect(can(who, action, { countryIso3: country })).toBe(expected);
  });

  it('covers every action in the rule book', () => {
    // Every action the policy answers for appears in the table (and the table has 6 roles × 2 places).
    expect(cases).toHaveLength(Object.keys(MATRIX).length * 12);
  });
});

describe('rules that depend on more than the country', () => {
  const [, secretariat] = ACTORS[0]!;
  const [, admin] = ACTORS[1]!;
  const [, coordinator] = ACTORS[2]!;
  const [, editor] = ACTORS[3]!;
  const [, readerActor] = ACTORS[4]!;

  const rows: [string, Actor | null, Action, Subject, boolean][] = [
    // Invitations: the role to be given matters.
    ['secretariat invites a secretariat member', secretariat, 'user.invite', { role: 'secretariat' }, true],
    ['admin invites an admin', admin, 'user.invite', { role: 'admin' }, false],
    ['admin invites a secretariat member', admin, 'user.invite', { role: 'secretariat' }, false],
    ['admin invites a coordinator', admin, 'user.invite', { countryIso3: OWN, role: 'coordinator' }, true],
    [
      'coordinator invites an editor of own country',
      coordinator,
      'user.invite',
      { countryIso3: OWN, role: 'editor' },
      true,
    ],
    [
      'coordinator invites a reader of own country',
      coordinator,
      'user.invite',
      { countryIso3: OWN, role: 'reader' },
      true,
    ],
    [
      'coordinator invites a coordinator',
      coordinator,
      'user.invite',
      { countryIso3: OWN, role: 'coordinator' },
      false,
    ],
    [
      'coordinator invites a secretariat member',
      coordinator,
      'user.invite',
      { countryIso3: OWN, role: 'secretariat' },
      false,
    ],
    [
      'coordinator invites an editor of another country',
      coordinator,
      'user.invite',
      { countryIso3: OTHER, role: 'editor' },
      false,
    ],
    ['editor invites a reader', editor, 'user.invite', { countryIso3: OWN, role: 'reader' }, false],
    // Documents: an editor publishes for their own institution only; the coordinator for any of the country's.
    [
      'editor, own institution',
      editor,
      'document.create',
      { countryIso3: OWN, institutionId: OWN_INSTITUTION },
      true,
    ],
    [
      'editor, another institution',
      editor,
      'document.create',
      { countryIso3: OWN, institutionId: 11 },
      false,
    ],
    [
      'editor updates for another institution',
      editor,
      'document.update',
      { countryIso3: OWN, institutionId: 11 },
      false,
    ],
    [
      'coordinator, another institution of the country',
      coordinator,
      'document.update',
      { countryIso3: OWN, institutionId: 11 },
      true,
    ],
    [
      'coordinator, institution of another country',
      coordinator,
      'document.update',
      { countryIso3: OTHER, institutionId: 11 },
      false,
    ],
    // Country-scoped actions with no country named are refused to national roles.
    ['coordinator, no country named', coordinator, 'institution.create', {}, false],
    ['editor, no country named', editor, 'observation.write', { countryIso3: null }, false],
    ['secretariat, no country named', secretariat, 'institution.create', {}, true],
    // Consultations: answers come from other countries than the asker's, and only addressed ones.
    [
      'editor answers a consultation of another country addressed to all',
      editor,
      'consultation.answer',
      { countryIso3: OWN, askingCountryIso3: OTHER, addressedTo: 'all' },
      true,
    ],
    [
      'editor answers a consultation of their own country',
      editor,
      'consultation.answer',
      { countryIso3: OWN, askingCountryIso3: OWN, addressedTo: 'all' },
      false,
    ],
    [
      'coordinator answers a consultation addressed to their country',
      coordinator,
      'consultation.answer',
      { countryIso3: OWN, askingCountryIso3: OTHER, addressedTo: [OWN] },
      true,
    ],
    [
      'coordinator answers a consultation not addressed to their country',
      coordinator,
      'consultation.answer',
      { countryIso3: OWN, askingCountryIso3: OTHER, addressedTo: ['MEX'] },
      false,
    ],
    [
      'editor answers for another country',
      editor,
      'consultation.answer',
      { countryIso3: 'MEX', askingCountryIso3: OTHER, addressedTo: 'all' },
      false,
    ],
    [
      'secretariat answers a consultation',
      secretariat,
      'consultation.answer',
      { countryIso3: OWN, askingCountryIso3: OTHER, addressedTo: 'all' },
      false,
    ],
    [
      'the asker manages their consultation',
      editor,
      'consultation.manage',
      { countryIso3: OWN, ownerId: 4 },
      true,
    ],
    [
      "another editor of the country manages someone else's consultation",
      editor,
      'consultation.manage',
      { countryIso3: OWN, ownerId: 99 },
      false,
    ],
    ['the author finds their own answer helpful', editor, 'consultation.helpful', { ownerId: 4 }, false],
    ['a coordinator finds an answer helpful', coordinator, 'consultation.helpful', { ownerId: 4 }, true],
    [
      'the author edits their answer',
      editor,
      'consultation.editAnswer',
      { countryIso3: OWN, ownerId: 4 },
      true,
    ],
    [
      "an editor edits another editor's answer of the same country",
      editor,
      'consultation.editAnswer',
      { countryIso3: OWN, ownerId: 99 },
      false,
    ],
    [
      "a coordinator edits an answer of their country's editor",
      coordinator,
      'consultation.editAnswer',
      { countryIso3: OWN, ownerId: 4 },
      false,
    ],
    [
      'the author edits an answer given for another country',
      editor,
      'consultation.editAnswer',
      { countryIso3: OTHER, ownerId: 4 },
      false,
    ],
    [
      'a reader edits an answer in their name',
      readerActor,
      'consultation.editAnswer',
      { countryIso3: OWN, ownerId: 5 },
      false,
    ],
    [
      'the Secretariat edits an answer',
      secretariat,
      'consultation.editAnswer',
      { countryIso3: OTHER, ownerId: 4 },
      true,
    ],
    // Meetings: the group's moderator deletes the group's meetings; nobody else but the Secretariat.
    ['the group’s moderator deletes a meeting', editor, 'meeting.delete', { ownerId: 4 }, true],
    ['another group’s moderator deletes a meeting', coordinator, 'meeting.delete', { ownerId: 4 }, false],
    ['the Secretariat deletes a meeting', secretariat, 'meeting.delete', { ownerId: 4 }, true],
    ['the group’s moderator restores a meeting', editor, 'meeting.restore', { ownerId: 4 }, false],
  ];

  it.each(rows)('%s → %s', (_label, who, action, subject, expected) => {
    expect(can(who, action, subject)).toBe(expected);
  });

  it('lets a coordinator or editor act only for the country they belong to', () => {
    expect(actsForCountry(coordinator, OWN)).toBe(true);
    expect(actsForCountry(coordinator, OTHER)).toBe(false);
    expect(actsForCountry(editor, OWN)).toBe(true);
    expect(actsForCountry(secretariat, OWN)).toBe(false);
    expect(actsForCountry(null, OWN)).toBe(false);
    const stateless: Actor = { ...coordinator!, countryIso3: null };
    expect(actsForCountry(stateless, null)).toBe(false);
    expect(can(stateless, 'institution.create', { countryIso3: null })).toBe(false);
  });

  it('throws a 403 error from assertCan when the answer is no', () => {
    expect(() => assertCan(coordinator, 'institution.create', { countryIso3: OTHER })).toThrow(
      ForbiddenError,
    );
    try {
      assertCan(null, 'audit.read');
    } catch (err) {
      expect((err as ForbiddenError).statusCode).toBe(403);
      expect((err as ForbiddenError).action).toBe('audit.read');
    }
    expect(() => assertCan(coordinator, 'institution.create', { countryIso3: OWN })).not.toThrow();
  });
});
