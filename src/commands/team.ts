import { createHash } from 'node:crypto';
import type { CoreDeps } from '../core/deps.ts';
import { ConfigError, UserError } from '../core/errors.ts';
import type { NeutralMessage } from '../core/messages.ts';
import { formatInstant } from '../i18n/format.ts';
import type { StoreTx } from '../store/types.ts';
import type { StaffMember } from '../team/directory.ts';
import { REGIONS } from '../team/regions.ts';
import { personSchema, ROLES } from '../team/schema.ts';
import { normalizeArgument, normalizeText } from '../text/normalize.ts';

/** Attributes an administrator may set, and how a typed value becomes the stored one. */
const ATTRIBUTES: Record<string, (value: string) => unknown> = {
  name: (v) => v,
  roles: list,
  department: (v) => normalizeArgument(v),
  language: (v) => normalizeArgument(v).replace('zh-cn', 'zh-CN'),
  speaks: (v) => list(v).map((l) => l.replace('zh-cn', 'zh-CN')),
  timezone: (v) => v.trim(),
  hours: (v) => normalizeArgument(v),
  duty: (v) => {
    const word = normalizeArgument(v);
    if (['on', 'yes', 'true'].includes(word)) return true;
    if (['off', 'no', 'false'].includes(word)) return false;
    return v;
  },
  fields: list,
  covers: (v) => list(v).map((c) => (/^[a-z]{2}$/.test(c) ? c.toUpperCase() : c)),
  slack: (v) => v.trim(),
  discord: (v) => v.trim(),
  teams: (v) => v.trim(),
  key: (v) => createHash('sha256').update(v.trim(), 'utf8').digest('hex'),
};
const IDENTITIES = new Set(['slack', 'discord', 'teams']);
const KEYS: Record<string, keyof StaffMember> = {
  timezone: 'timeZone',
  duty: 'onDuty',
};

function list(value: string): string[] {
  return normalizeArgument(value)
    .split(/[\s,、，]+/u)
    .filter(Boolean);
}

/**
 * `/team ...`: anyone on staff may list and show the directory; only administrators change it.
 * Every change is checked as the team file would be, kept in the store (so it survives a restart
 * and is replayed over the file) and shown by `/team history`.
 */
export async function runTeamCommand(
  deps: CoreDeps,
  tx: StoreTx,
  member: StaffMember,
  text: string,
): Promise<NeutralMessage> {
  const t = deps.translators.for(member.language);
  const match = /^\S+\s*(\S*)\s*(\S*)\s*([\s\S]*)$/u.exec(normalizeText(text));
  const sub = normalizeArgument(match?.[1] ?? '') || 'list';
  const id = normalizeArgument(match?.[2] ?? '');
  const rest = (match?.[3] ?? '').trim();

  if (sub === 'list') return list_(deps, member, id);
  if (sub === 'history') return history(deps, tx, member, id);
  const usage = t('team.usage');
  if (sub === 'show') {
    const person = deps.directory.get(id);
    if (!person) throw new UserError('team.errors.no_person', { id: id || '?' });
    return show(deps, member, person);
  }
  if (!['add', 'remove', 'set', 'duty'].includes(sub)) {
    throw new UserError('commands.errors.usage', { usage });
  }
  if (!deps.directory.isAdministrator(member)) throw new UserError('team.errors.admin_only');
  if (!id) throw new UserError('commands.errors.usage', { usage });

  const now = deps.clock.now();
  if (sub === 'remove') {
    if (!deps.directory.get(id)) throw new UserError('team.errors.no_person', { id });
    if (id === member.id) throw new UserError('team.errors.not_yourself');
    await tx.addDirectoryChange({
      at: now,
      actor: member.id,
      action: 'remove',
      personId: id,
      record: null,
    });
    deps.directory.remove(id);
    return { text: t('team.removed', { id }) };
  }

  let record: Record<string, unknown>;
  let patch: Record<string, unknown> | undefined;
  if (sub === 'add') {
    if (deps.directory.get(id)) throw new UserError('team.errors.exists', { id });
    const [department = '', roles = '', language = '', timeZone = '', ...name] = rest.split(/\s+/u);
    record = {
      id,
      name: name.join(' '),
      department: normalizeArgument(department),
      roles: list(roles),
      language: ATTRIBUTES.language?.(language),
      timeZone,
    };
  } else {
    const person = deps.directory.get(id);
    if (!person) throw new UserError('team.errors.no_person', { id });
    const [attributeWord = '', ...value] = sub === 'duty' ? ['duty', rest] : rest.split(/\s+/u);
    const attribute = normalizeArgument(attributeWord);
    const parse = ATTRIBUTES[attribute];
    if (!parse) {
      throw new UserError('team.errors.bad_attribute', {
        given: attribute.slice(0, 30),
        list: Object.keys(ATTRIBUTES).join(', '),
      });
    }
    const parsed = parse(value.join(' '));
    // Only what changed is kept, so later edits to the team file still reach this person.
    patch =
      attribute === 'key'
        ? { identities: { web: { consoleKeySha256: parsed } } }
        : IDENTITIES.has(attribute)
          ? { identities: { [attribute]: parsed } }
          : { [KEYS[attribute] ?? attribute]: parsed };
    record = applyPatch(person, patch);
  }

  const checked = personSchema.safeParse(record);
  if (!checked.success) {
    const field = String(checked.error.issues[0]?.path[0] ?? '');
    throw new UserError('team.errors.invalid', { field, problem: expected(deps, field) });
  }
  try {
    deps.directory.put(checked.data);
  } catch (error) {
    if (error instanceof ConfigError) {
      const field = error.message.slice(0, error.message.indexOf(':')).split('.')[0] ?? id;
      throw new UserError('team.errors.invalid', { field, problem: expected(deps, field) });
    }
    throw error;
  }
  await tx.addDirectoryChange({
    at: now,
    actor: member.id,
    action: patch ? 'patch' : 'put',
    personId: id,
    record: patch ?? (checked.data as unknown as Record<string, unknown>),
  });
  return { text: t(sub === 'add' ? 'team.added' : 'team.changed', { id }) };
}

function list_(deps: CoreDeps, member: StaffMember, department: string): NeutralMessage {
  const t = deps.translators.for(member.language);
  const people = deps.directory
    .all()
    .filter((p) => !department || p.department === department)
    .sort((a, b) => a.department.localeCompare(b.department) || a.id.localeCompare(b.id));
  return {
    text: t('team.list', { count: people.length }),
    fields: people.map((p) => ({
      label: `${p.id} · ${p.name}`,
      value: t('team.line', {
        department: deps.directory.departmentName(p.department),
        roles: p.roles.map((r) => t(`role.${r}`)).join(', '),
        duty: t(p.onDuty ? 'team.on_duty' : 'team.off_duty'),
      }),
    })),
  };
}

function show(deps: CoreDeps, member: StaffMember, person: StaffMember): NeutralMessage {
  const t = deps.translators.for(member.language);
  return {
    text: t('team.person', { name: person.name, id: person.id }),
    fields: [
      {
        label: t('team.attribute.roles'),
        value: person.roles.map((r) => t(`role.${r}`)).join(', '),
      },
      {
        label: t('team.attribute.department'),
        value: deps.directory.departmentName(person.department),
      },
      { label: t('team.attribute.language'), value: t(`language_name.${person.language}`) },
      {
        label: t('team.attribute.speaks'),
        value: person.speaks.map((l) => t(`language_name.${l}`)).join(', ') || '—',
      },
      { label: t('team.attribute.timezone'), value: `${person.timeZone} · ${person.hours}` },
      {
        label: t('team.attribute.duty'),
        value: t(person.onDuty ? 'team.on_duty' : 'team.off_duty'),
      },
      { label: t('team.attribute.fields'), value: person.fields.join(', ') || '—' },
      { label: t('team.attribute.covers'), value: person.covers.join(', ') || '—' },
    ],
  };
}

async function history(
  deps: CoreDeps,
  tx: StoreTx,
  member: StaffMember,
  id: string,
): Promise<NeutralMessage> {
  const t = deps.translators.for(member.language);
  const changes = (await tx.listDirectoryChanges()).filter((c) => !id || c.personId === id);
  if (changes.length === 0) return { text: t('team.no_history') };
  return {
    text: t('team.history'),
    fields: changes.slice(-30).map((c) => ({
      label: formatInstant(c.at, member.language, member.timeZone),
      value: t(c.action === 'remove' ? 'team.history_removed' : 'team.history_put', {
        id: c.personId,
        by: deps.directory.get(c.actor)?.name ?? c.actor,
      }),
    })),
  };
}

/** A person with some attributes changed; identities merge platform by platform. */
export function applyPatch(
  person: StaffMember,
  patch: Record<string, unknown>,
): Record<string, unknown> {
  const identities = patch.identities as Record<string, unknown> | undefined;
  return {
    ...person,
    ...patch,
    ...(identities ? { identities: { ...person.identities, ...identities } } : {}),
  };
}

/** What a directory attribute takes, in the forms an administrator types (the same in any language). */
function expected(deps: CoreDeps, field: string): string {
  switch (field) {
    case 'roles':
      return ROLES.join(', ');
    case 'department':
      return deps.directory.departments().join(', ');
    case 'language':
    case 'speaks':
      return 'en, zh-CN, ja, ko, yue';
    case 'timeZone':
      return 'Asia/Tokyo, Europe/Berlin, America/Sao_Paulo…';
    case 'hours':
      return '09:00-18:00';
    case 'onDuty':
      return 'on | off';
    case 'fields':
      return deps.directory
        .fields()
        .map((f) => f.id)
        .join(', ');
    case 'covers':
      return `${REGIONS.join(', ')}, JP, DE…`;
    case 'identities':
      return 'slack U0123ABCD, discord 123456789012345678';
    case 'id':
      return 'a.b (lower-case letters, digits, . _ -)';
    default:
      return field;
  }
}
