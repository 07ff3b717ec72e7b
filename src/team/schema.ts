import { z } from 'zod';
import { LANGUAGES } from '../i18n/languages.ts';
import { REGIONS } from './regions.ts';

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

const id = z
  .string()
  .regex(/^[a-z0-9][a-z0-9._-]{0,63}$/, 'lower-case letters, digits, . _ - (at most 64)');

export const timeZone = z.string().refine((zone) => {
  try {
    new Intl.DateTimeFormat('en', { timeZone: zone });
    return true;
  } catch {
    return false;
  }
}, 'an IANA time zone such as Asia/Shanghai');

/** Working hours in the person's own time zone, e.g. 09:00-18:00 (overnight shifts allowed). */
const hours = z
  .string()
  .regex(/^([01]\d|2[0-3]):[0-5]\d-([01]\d|2[0-4]):[0-5]\d$/, 'hours like 09:00-18:00');

/** A country code (JP) or a region (asia, europe, africa, north_america, ...). */
const coverage = z.union([
  z.enum(REGIONS),
  z.string().regex(/^[A-Z]{2}$/, 'a region or country code'),
]);

export const personSchema = z
  .object({
    id,
    name: z.string().min(1).max(100),
    roles: z.array(z.enum(ROLES)).min(1),
    department: id,
    /** The language the person reads the bot in. */
    language: z.enum(LANGUAGES),
    /** Every language the person can serve a customer in. */
    speaks: z.array(z.enum(LANGUAGES)).default([]),
    timeZone,
    hours: hours.default('09:00-18:00'),
    /** Working days, 0 = Sunday. */
    days: z.array(z.number().int().min(0).max(6)).default([1, 2, 3, 4, 5]),
    onDuty: z.boolean().default(true),
    fields: z.array(id).default([]),
    covers: z.array(coverage).default([]),
    identities: z
      .object({
        web: z
          .object({
            consoleKeySha256: z.string().regex(/^[0-9a-f]{64}$/, '64 hex digits (SHA-256)'),
          })
          .optional(),
        slack: z
          .string()
          .regex(/^[UW][A-Z0-9]{2,}$/, 'a Slack user id such as U012ABCDEF')
          .optional(),
        discord: z
          .string()
          .regex(/^\d{15,21}$/, 'a Discord user id (digits)')
          .optional(),
        teams: z.string().min(3).max(200).optional(),
      })
      .strict()
      .default({}),
  })
  .strict();

export type StaffMember = z.infer<typeof personSchema>;

export const teamSchema = z
  .object({
    departments: z.array(z.object({ id, name: z.string().min(1).max(100) }).strict()).min(1),
    fields: z
      .array(
        z
          .object({
            id,
            name: z.string().min(1).max(100),
            /** Model prefixes that belong to the field, e.g. "LX-". */
            products: z.array(z.string().min(1)).default([]),
            /** Words in a problem description that point to the field. */
            keywords: z.array(z.string().min(1)).default([]),
          })
          .strict(),
      )
      .min(1),
    taskForce: z.object({ name: z.string().min(1).max(100), members: z.array(id).min(1) }).strict(),
    people: z.array(personSchema).min(1),
  })
  .strict();

export type TeamFile = z.infer<typeof teamSchema>;
export type Field = TeamFile['fields'][number];
