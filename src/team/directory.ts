import { createHash, timingSafeEqual } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { ConfigError } from '../core/errors.ts';
import type { Platform } from '../core/messages.ts';
import { zonedParts } from '../time/zoned.ts';
import { jsonLines } from './json-lines.ts';
import { regionOf } from './regions.ts';
import {
  type Field,
  personSchema,
  ROLES,
  type Role,
  type StaffMember,
  type TeamFile,
  teamSchema,
} from './schema.ts';

export { ROLES, type Role, type StaffMember };

/** Roles that may claim and work tickets. */
const ENGINEERING: readonly Role[] = ['engineer', 'field_lead', 'technical_director'];
/** Roles that steer tickets beyond their own: reassign, reopen, close others' tickets. */
const LEADS: readonly Role[] = [
  'field_lead',
  'service_lead',
  'technical_director',
  'department_head',
];

/**
 * The service organisation: departments, fields, the task force and the people, with what each
 * may do and how to reach them. Administrators change it at run time; the store keeps those
 * changes and replays them over the file at start.
 */
export class Directory {
  readonly #team: Omit<TeamFile, 'people'>;
  readonly #people: Map<string, StaffMember>;

  constructor(team: TeamFile) {
    const { people, ...rest } = team;
    this.#team = rest;
    this.#people = new Map(people.map((p) => [p.id, p]));
  }

  get(id: string): StaffMember | undefined {
    return this.#people.get(id);
  }

  all(): StaffMember[] {
    return [...this.#people.values()];
  }

  withRole(role: Role): StaffMember[] {
    return this.all().filter((p) => p.roles.includes(role));
  }

  /** The person a platform identity belongs to (a Slack, Discord or Teams user id). */
  byIdentity(platform: Exclude<Platform, 'web'>, userId: string): StaffMember | undefined {
    return this.all().find((p) => p.identities[platform] === userId);
  }

  /** Adds or replaces a person; checks them as the file would. */
  put(person: StaffMember): void {
    const problems = checkPerson(this.#team, person, [...this.#people.values()]);
    if (problems.length > 0) throw new ConfigError(problems.join('; '));
    this.#people.set(person.id, personSchema.parse(person));
  }

  remove(id: string): boolean {
    return this.#people.delete(id);
  }

  departments(): string[] {
    return this.#team.departments.map((d) => d.id);
  }

  departmentName(id: string): string {
    return this.#team.departments.find((d) => d.id === id)?.name ?? id;
  }

  fields(): Field[] {
    return this.#team.fields;
  }

  /**
   * The field a ticket belongs to: by the product's model prefix, else by words in the problem,
   * else the first field (someone must always own it).
   */
  fieldOf(product: string, problem: string): string {
    const model = product.toUpperCase();
    const byProduct = this.#team.fields.find((f) =>
      f.products.some((prefix) => model.includes(prefix.toUpperCase())),
    );
    if (byProduct) return byProduct.id;
    const text = `${product} ${problem}`.toLowerCase();
    const byWord = this.#team.fields.find((f) =>
      f.keywords.some((w) => text.includes(w.toLowerCase())),
    );
    return (byWord ?? this.#team.fields[0])?.id ?? 'general';
  }

  /** The people who classify new tickets. */
  triage(): StaffMember[] {
    return this.withRole('customer_service');
  }

  /** Who hears of missed deadlines: the service leads, or the Technical Director if none. */
  serviceLeads(): StaffMember[] {
    const leads = this.withRole('service_lead');
    return leads.length > 0 ? leads : this.withRole('technical_director');
  }

  /** The leads of a field, or every field lead, or the service leads: someone always answers. */
  fieldLeads(field?: string | null): StaffMember[] {
    const leads = this.withRole('field_lead');
    const own = field ? leads.filter((p) => p.fields.includes(field)) : [];
    if (own.length > 0) return own;
    return leads.length > 0 ? leads : this.serviceLeads();
  }

  taskForceName(): string {
    return this.#team.taskForce.name;
  }

  /** The Technical Director and the on-duty task force members, paged together. */
  taskForce(): StaffMember[] {
    const members = this.#team.taskForce.members.flatMap((id) => this.get(id) ?? []);
    const directors = this.withRole('technical_director');
    const all = [...directors, ...members.filter((p) => p.onDuty)];
    return [...new Map(all.map((p) => [p.id, p])).values()];
  }

  engineers(): StaffMember[] {
    return this.all().filter((p) => this.canClaim(p));
  }

  /** A department's on-duty members. */
  members(department: string): StaffMember[] {
    return this.all().filter((p) => p.department === department && p.onDuty);
  }

  /** A department's head, or the service leads when it has none. */
  departmentHeads(department: string): StaffMember[] {
    const heads = this.all().filter(
      (p) => p.department === department && p.roles.includes('department_head'),
    );
    return heads.length > 0 ? heads : this.serviceLeads();
  }

  isLead(member: StaffMember): boolean {
    return member.roles.some((role) => LEADS.includes(role));
  }

  /** Leads of the ticket's field, the service leads and the Technical Director steer it. */
  leadsTicket(member: StaffMember, field: string | null): boolean {
    if (member.roles.some((r) => r === 'service_lead' || r === 'technical_director')) return true;
    return member.roles.includes('field_lead') && (field === null || member.fields.includes(field));
  }

  isAdministrator(member: StaffMember): boolean {
    return member.roles.includes('administrator');
  }

  canClaim(member: StaffMember): boolean {
    return member.roles.some((role) => ENGINEERING.includes(role));
  }

  /** Whether the person covers a customer's country, directly or through its region. */
  covers(member: StaffMember, country: string, how: 'country' | 'region'): boolean {
    return how === 'country'
      ? member.covers.includes(country)
      : (member.covers as string[]).includes(regionOf(country));
  }

  /** Whether `at` falls in the person's working days and hours, in their own time zone. */
  atWork(member: StaffMember, at: number): boolean {
    const parts = zonedParts(at, member.timeZone);
    const [from = '09:00', to = '18:00'] = member.hours.split('-');
    const minute = parts.hour * 60 + parts.minute;
    const start = toMinutes(from);
    const end = toMinutes(to);
    // A shift past midnight belongs to the day it started.
    if (start <= end) return member.days.includes(parts.weekday) && minute >= start && minute < end;
    const yesterday = (parts.weekday + 6) % 7;
    return (
      (member.days.includes(parts.weekday) && minute >= start) ||
      (member.days.includes(yesterday) && minute < end)
    );
  }

  /** Checks a console key in constant time; false for unknown people or no key. */
  verifyConsoleKey(id: string, key: string): boolean {
    const expected = this.#people.get(id)?.identities.web?.consoleKeySha256;
    if (!expected) return false;
    const given = createHash('sha256').update(key, 'utf8').digest();
    return timingSafeEqual(given, Buffer.from(expected, 'hex'));
  }
}

function toMinutes(hhmm: string): number {
  const [h = 0, m = 0] = hhmm.split(':').map(Number);
  return h * 60 + m;
}

/** What is wrong with a person against the rest of the team (references and identities). */
function checkPerson(
  team: Omit<TeamFile, 'people'>,
  person: StaffMember,
  others: StaffMember[],
): string[] {
  const problems: string[] = [];
  const departments = team.departments.map((d) => d.id);
  const fields = team.fields.map((f) => f.id);
  if (!departments.includes(person.department)) {
    problems.push(`department: "${person.department}" is not one of ${departments.join(', ')}`);
  }
  for (const field of person.fields) {
    if (!fields.includes(field))
      problems.push(`fields: "${field}" is not one of ${fields.join(', ')}`);
  }
  for (const [platform, value] of Object.entries(person.identities)) {
    if (platform === 'web') continue;
    const clash = others.find(
      (o) =>
        o.id !== person.id &&
        (o.identities as Record<string, unknown> | undefined)?.[platform] === value,
    );
    if (clash) problems.push(`identities.${platform}: "${String(value)}" is also ${clash.id}'s`);
  }
  return problems;
}

/**
 * Parses and checks a team file's text. Every mistake is reported at once, each with its line and
 * field, and the bot does not start with a half-valid team.
 */
export function parseTeam(text: string, source: string): Directory {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    const message = (error as Error).message;
    const position = /position (\d+)/.exec(message)?.[1];
    const line =
      position === undefined
        ? ''
        : ` at line ${text.slice(0, Number(position)).split('\n').length}`;
    throw new ConfigError(`${source}: not valid JSON${line} (${message})`);
  }
  const lines = jsonLines(text);
  const where = (path: readonly PropertyKey[]) => {
    for (let n = path.length; n >= 0; n -= 1) {
      const line = lines.get(path.slice(0, n).map(String).join('.'));
      if (line !== undefined) return `line ${line}`;
    }
    return 'line 1';
  };
  const who = (index: unknown) => {
    const person = (json as { people?: { id?: unknown }[] }).people?.[Number(index)];
    return typeof person?.id === 'string' ? ` (${person.id.slice(0, 64)})` : '';
  };
  const fail = (problems: string[]) =>
    new ConfigError(
      `The team file is wrong:\n${problems.map((p) => `  ${source}: ${p}`).join('\n')}`,
    );

  const result = teamSchema.safeParse(json);
  if (!result.success) {
    const problems = result.error.issues.map((issue) => {
      const person = issue.path[0] === 'people' ? who(issue.path[1]) : '';
      return `${where(issue.path)}: ${issue.path.map(String).join('.') || '(top level)'}${person}: ${describe(issue)}`;
    });
    // References and identities are checked too, so every mistake shows in one go.
    problems.push(...crossCheck(json as TeamFile, where));
    throw fail(problems);
  }
  const team = result.data;
  const problems = crossCheck(team, where);
  if (problems.length > 0) throw fail(problems);
  return new Directory(team);
}

/** Duplicate ids, unknown departments and fields, shared identities, unknown task force members. */
function crossCheck(team: TeamFile, where: (path: readonly PropertyKey[]) => string): string[] {
  const problems: string[] = [];
  const people = Array.isArray(team?.people) ? team.people : [];
  const context = {
    departments: Array.isArray(team?.departments) ? team.departments : [],
    fields: Array.isArray(team?.fields) ? team.fields : [],
    taskForce: team?.taskForce,
  } as Omit<TeamFile, 'people'>;
  const seen = new Set<string>();
  people.forEach((person, index) => {
    if (!person || typeof person !== 'object') return;
    const safe = {
      ...person,
      fields: Array.isArray(person.fields) ? person.fields : [],
      identities:
        person.identities && typeof person.identities === 'object' ? person.identities : {},
    } as StaffMember;
    const at = (field: string) =>
      `${where(['people', index, field])}: people.${index}.${field} (${String(person.id)})`;
    if (seen.has(person.id)) problems.push(`${at('id')}: "${person.id}" appears twice`);
    seen.add(person.id);
    for (const problem of checkPerson(context, safe, people.slice(0, index))) {
      const field = problem.slice(0, problem.indexOf(':'));
      problems.push(`${at(field)}: ${problem.slice(problem.indexOf(':') + 2)}`);
    }
  });
  const members = Array.isArray(team?.taskForce?.members) ? team.taskForce.members : [];
  members.forEach((member, index) => {
    if (!seen.has(member)) {
      problems.push(
        `${where(['taskForce', 'members', index])}: taskForce.members.${index}: "${member}" is not in people`,
      );
    }
  });
  return problems;
}

function describe(issue: { code: string; message: string; values?: unknown[] }): string {
  if (issue.code === 'invalid_value' && issue.values) {
    return `expected one of ${issue.values.map(String).join(', ')}`;
  }
  if (issue.code === 'unrecognized_keys') return issue.message.replace(/^Unrecognized/, 'unknown');
  return issue.message;
}

export function loadTeam(path: string): Directory {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch {
    throw new ConfigError(`TEAM_FILE: cannot read "${path}"; set TEAM_FILE to the team directory`);
  }
  return parseTeam(text, path);
}
