// A pool of lanes for the selftest's tools (the kill matrix, repeated runs, the mutation
// runner's dry run): work items taken in order by whichever lane is free.

/**
 * Runs `jobs` with at most `parallel` at a time, results in order. Each job is told which
 * lane runs it (0 to parallel − 1), so a lane may own a resource, such as a child process.
 */
export async function inParallel<T>(jobs: readonly ((lane: number) => Promise<T>)[], parallel: number): Promise<T[]> {
  const out: T[] = new Array(jobs.length);
  let next = 0;
  const lane = async (id: number) => {
    while (next < jobs.length) {
      const i = next++;
      out[i] = await jobs[i](id);
    }
  };
  await Promise.all(Array.from({ length: Math.min(parallel, jobs.length) }, (_, id) => lane(id)));
  return out;
}
