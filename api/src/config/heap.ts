import v8 from 'node:v8';

/**
 * How the API process lets its JavaScript heap grow (issue 21; BENCHMARKS.md has the measurements).
 * Left alone on a machine with many GiB, V8 grows the young generation to 128 MiB and lets the old
 * generation reach several times what survives a full collection before collecting it, so an API whose
 * live heap is 60–80 MiB peaked at 380–590 MiB under load. Two settings bring that under 2.5× the
 * hand-written baseline at no throughput loss measurable on the benchmark:
 * - the old generation may grow by 20 % of what survived before the next full collection (set here,
 *   at start, since Node refuses this flag in NODE_OPTIONS);
 * - a semi-space of at most 16 MiB, so a young generation of 32 MiB. V8 rounds the bound up to a power
 *   of two: the 24 MiB used before was in fact 32 MiB semi-spaces, a 64 MiB young generation. Once the
 *   list's relations stopped allocating per row (graphql/fast-rows-plugin.ts), the smaller one cost no
 *   throughput measurable on the benchmark and took about 30 MiB off the peak. V8 reads it only when
 *   the process starts, so it is on the command line of every way the API is started: `pnpm start`,
 *   the image's command and the benchmark.
 * Neither is a cap: a request that needs more memory gets it; only collections come sooner.
 */
export const API_SEMI_SPACE_FLAG = '--max-semi-space-size=16';

export function tuneHeapGrowth(): void {
  v8.setFlagsFromString('--heap-growing-percent=20');
}
