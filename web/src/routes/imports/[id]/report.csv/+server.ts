import { error } from '@sveltejs/kit';
import { writeCsv } from '@carecert/api/files/export-cells.ts';
import { graphql } from '$lib/graphql';
import { api } from '$lib/server/api';
import type { RequestHandler } from './$types';

const Report = graphql(`
	query ImportReport($id: ID!) {
		node(id: $id) {
			... on RosterImport {
				fileName
				rejectedRows(first: 1000) {
					row
					column
					value
					message
				}
			}
		}
	}
`);

/** Every rejected row of an import with the reason, as a CSV spreadsheets open in Chinese (UTF-8 with BOM). */
export const GET: RequestHandler = async (event) => {
	const { node } = await api(event, Report, { id: event.params.id });
	if (!node || !('rejectedRows' in node)) error(404, 'notFound');
	const csv = await writeCsv([
		['行号 row', '列 column', '内容 value', '原因 reason'],
		...node.rejectedRows.map((r) => [r.row, r.column, r.value, r.message]),
	]);
	const name = `${node.fileName.replace(/\.(csv|xlsx)$/i, '')}-rejected.csv`;
	return new Response(new Uint8Array(csv), {
		headers: {
			'content-type': 'text/csv; charset=utf-8',
			'content-disposition': `attachment; filename*=UTF-8''${encodeURIComponent(name)}`,
			'cache-control': 'no-store',
		},
	});
};
