/** A figure as people read it: per-10k values to two decimals, shares as percentages; "—" when there is nothing to divide by. */
export function formatIndicator(value: { value: number | null; definition: { unit: 'PER_10K' | 'SHARE' } }): string {
	if (value.value === null) return '—';
	return value.definition.unit === 'PER_10K' ? value.value.toFixed(2) : `${(value.value * 100).toFixed(1)}%`;
}
