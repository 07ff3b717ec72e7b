import { createHash, timingSafeEqual } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { z } from 'zod';
import { ConfigError } from '../core/errors.ts';
import { LANGUAGES } from '../i18n/languages.ts';

export const ROLES = [
  'customer_service',
  'service_lead',
  'engineer',
  'field_lead',
  'department_head',
  'technical_director',
  'administrator',
] as const;
export type Role = (typeof ROLES)[number];

const timeZone = z.string().refine((zone) => {
  try {
    new Intl.DateTimeFormat('en', { timeZone: zone });
    return true;
  } catch {
    return false;
  }
}, 'an IANA time zone such as Asia/Shanghai');

const person = z.object({
  id: z.string().regex(/^[a-z0-9][a-z0-9._-]{0,63}$/, 'lower-case letters, digits, . _ -'),
  name: z.string().min(1).max(100),
  roles: z.array(z.enum(ROLES)).min(1),
  language: z.enum(LANGUAGES),
  timeZone,
  department: z.string().min(1).max(64),
  /** Member of the Technical Director's task force for urgent tickets. */
  taskForce: z.boolean().default(false),
  fields: z.array(z.string().min(1)).default([]),
  regions: z.array(z.string().min(1)).default([]),
  web: z
    .object({ consoleKeySha256: z.string().regex(/^[0-9a-f]{64}$/, '64 hex digits (SHA-256)') })
    .optional(),
});

const teamFile = z.object({ people: z.array(person).min(1) });

export type StaffMember = z.infer<typeof person>;

/** Roles that may claim and work tickets. */
const ENGINEERING: readonly Role[] = ['engineer', 'field_lead', 'technical_director'];

/** The service organisation: who is staff, what they may do, and how to reach them. */
export class Directory {
  readonly #people: Map<string, StaffMember>;

  constructor(people: readonly StaffMember[]) {
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

  /** The people who classify new tickets. */
  triage(): StaffMember[] {
    return this.withRole('customer_service');
  }

  /** Who hears of missed deadlines: the service leads, or the Technical Director if none. */
  serviceLeads(): StaffMember[] {
    const leads = this.withRole('service_lead');
    return leads.length > 0 ? leads : this.withRole('technical_director');
  }

  fieldLeads(): StaffMember[] {
    const leads = this.withRole('field_lead');
    return leads.length > 0 ? leads : this.serviceLeads();
  }

  /** The Technical Director and the task force members, paged together for urgent tickets. */
  taskForce(): StaffMember[] {
    return this.all().filter((p) => p.taskForce || p.roles.includes('technical_director'));
  }

  engineers(): StaffMember[] {
    return this.all().filter((p) => this.canClaim(p));
  }

  departments(): string[] {
    return [...new Set(this.all().map((p) => p.department))].sort();
  }

  members(department: string): StaffMember[] {
    return this.all().filter((p) => p.department === department);
  }

  /** A department's head, or the service leads when it has none. */
  departmentHeads(department: string): StaffMember[] {
    const heads = this.members(department).filter((p) => p.roles.includes('department_head'));
    return heads.length > 0 ? heads : this.serviceLeads();
  }

  /** Leads may steer any ticket: reassign, escalate, reopen, close. */
  isLead(member: StaffMember): boolean {
    return member.roles.some((role) => role !== 'engineer' && role !== 'customer_service');
  }

  canClaim(member: StaffMember): boolean {
    return member.roles.some((role) => ENGINEERING.includes(role));
  }

  /** Checks a staff console key in constant time; false for unknown people or no key. */
  verifyConsoleKey(id: string, key: string): boolean {
    const expected = this.#people.get(id)?.web?.consoleKeySha256;
    if (!expected) return false;
    const given = createHash('sha256').update(key, 'utf8').digest();
    return timingSafeEqual(given, Buffer.from(expected, 'hex'));
  }
}

/** Parses and checks a team file's text; the error names the file, entry and field that is wrong. */
export function parseTeam(text: string, source: string): Directory {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    throw new ConfigError(`${source}: not valid JSON (${(error as Error).message})`);
  }
  const result = teamFile.safeParse(json);
  if (!result.success) {
    const people = (json as { people?: unknown[] } | null)?.people;
    const lines = result.error.issues.map((issue) => {
      const at = issue.path.map((p) => (typeof p === 'number' ? `[${p}]` : `.${String(p)}`));
      // Name the person too, so the entry can be found without counting.
      const index = issue.path[0] === 'people' ? issue.path[1] : undefined;
      const entry = typeof index === 'number' ? people?.[index] : undefined;
      const id = (entry as { id?: unknown } | undefined)?.id;
      const who = typeof id === 'string' ? ` (id "${id.slice(0, 64)}")` : '';
      return `  ${source}: ${at.join('') || '(top level)'}${who}: ${issue.message}`;
    });
    throw new ConfigError(`The team file is wrong:\n${lines.join('\n')}`);
  }
  const ids = new Set<string>();
  for (const p of result.data.people) {
    if (ids.has(p.id)) throw new ConfigError(`${source}: person id "${p.id}" appears twice`);
    ids.add(p.id);
  }
  return new Directory(result.data.people);
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
