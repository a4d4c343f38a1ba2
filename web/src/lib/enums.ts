import type { EnumOf } from '$lib/graphql';

export type Role = EnumOf<'Role'>;
export type Education = EnumOf<'Education'>;
export type Post = EnumOf<'Post'>;
export type ContractType = EnumOf<'ContractType'>;
export type Gender = EnumOf<'Gender'>;

// Form choices in the order people expect them (the schema sorts enum values alphabetically).
export const EDUCATIONS = [
	'NONE',
	'JUNIOR',
	'SENIOR',
	'SECONDARY_VOCATIONAL',
	'COLLEGE',
	'BACHELOR',
	'MASTER_PLUS',
] as const satisfies readonly Education[];
export const POSTS = ['CARE_WORKER', 'DIRECTOR', 'SOCIAL_WORKER'] as const satisfies readonly Post[];
export const CONTRACT_TYPES = ['LABOUR', 'DISPATCH'] as const satisfies readonly ContractType[];

/** A submitted form value when it is one of `values`, else null. */
export const oneOf = <T extends string>(values: readonly T[], raw: FormDataEntryValue | null): T | null =>
	values.find((v) => v === raw) ?? null;
