import { redirect } from '@sveltejs/kit';
import { parseLang } from '$lib/i18n';
import type { Actions } from './$types';

export const actions: Actions = {
	default: async ({ request, cookies }) => {
		const form = await request.formData();
		cookies.set('lang', parseLang(String(form.get('lang'))), { path: '/', httpOnly: false, sameSite: 'lax', maxAge: 365 * 86400, secure: false });
		const back = String(form.get('back') ?? '/');
		redirect(303, back.startsWith('/') && !back.startsWith('//') ? back : '/');
	}
};
