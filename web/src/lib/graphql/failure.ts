import { graphql } from '$lib/graphql';

/**
 * What every mutation's typed failure carries, selected once: the fields an input was refused for,
 * and any other expected failure's code and parameters. The portal words them (`$lib/i18n`).
 */
export const IssueParts = graphql(`
	fragment IssueParts on InputValidationError @_unmask {
		fields {
			path
			code
			params {
				name
				value
			}
			message
		}
	}
`);

export const FailureParts = graphql(`
	fragment FailureParts on Error @_unmask {
		code
		params {
			name
			value
		}
		message
	}
`);
