/**
 * Every statement here serves one request or one chunk of a job, and many run at once. Parallel workers
 * and JIT compilation each cost tens of milliseconds to start, which such statements never earn back:
 * a page of 100 caregivers over 500,000 took 98 ms with the parallel plan PostgreSQL chose and 25 ms
 * without it, and the indicator count spent 75 ms compiling. The cores are better spent on other requests.
 */
export const SESSION_SETTINGS = '-c max_parallel_workers_per_gather=0 -c jit=off';
