/** The bare server's copies of the app's subscriber and job tables. */
export const bareTables = { subscriber: 'bench_bare_subscriber', job: 'bench_bare_job' };
