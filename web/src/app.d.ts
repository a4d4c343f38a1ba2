import type { Lang } from '$lib/i18n';
import type { Viewer } from '$lib/viewer';

declare global {
	namespace App {
		interface Error {
			message: string;
			/** Quoted to support staff: the API logs under the same id. */
			requestId?: string;
		}
		interface Locals {
			viewer: Viewer | null;
			/** The session token from the HttpOnly cookie; it never reaches the browser's JavaScript. */
			token: string | null;
			lang: Lang;
			requestId: string;
		}
	}
}

export {};
