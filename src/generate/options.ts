import { z } from 'zod';

/** The settings of one generated shop, as validated from the command line. */
export const GenerateOptionsSchema = z.object({
  customers: z.coerce.number({ error: 'must be a whole number, e.g. 5000' }).int('must be a whole number').min(1).max(1_000_000).default(5000),
  days: z.coerce.number({ error: 'must be a whole number, e.g. 5000' }).int('must be a whole number').min(1).max(3650).default(365),
  seed: z.coerce.number({ error: 'must be a whole number, e.g. 5000' }).int('must be a whole number').min(0).max(2 ** 53 - 1).default(42),
  out: z.string().min(1).default('./shop'),
  start: z
    .string()
    .regex(/^\d{4}-\d{2}-\d{2}$/, 'must be a date as YYYY-MM-DD')
    .refine((s) => !Number.isNaN(Date.parse(`${s}T00:00:00Z`)) && new Date(`${s}T00:00:00Z`).toISOString().startsWith(s), 'is not a real date')
    .optional(),
});

/** Validated settings of a shop. */
export type GenerateOptions = z.infer<typeof GenerateOptionsSchema>;
