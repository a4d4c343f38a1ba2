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

export type BankFileField = EnumOf<'BankFileField'>;
/** What a column of a bank's 代发 template can be filled from, in the order a template usually runs. */
export const BANK_FILE_FIELDS = [
	'SEQ',
	'REFERENCE',
	'PAYER_ACCOUNT',
	'PAYER_NAME',
	'PAYER_BANK',
	'PAYEE_ACCOUNT',
	'PAYEE_NAME',
	'PAYEE_BANK',
	'AMOUNT',
	'CURRENCY',
	'PURPOSE',
] as const satisfies readonly BankFileField[];
/** Rows of the layout form: more than any bank's template has. */
export const LAYOUT_FORM_ROWS = 12;
