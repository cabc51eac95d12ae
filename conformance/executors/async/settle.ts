// Between two scheduled events the library under test must settle: its microtasks run
// to completion, and a few macrotask turns let libraries that defer work with
// setImmediate (or a MessageChannel) finish it. Nothing here waits for real time, so a
// run takes none, and the same schedule gives the same run.

export const DEFAULT_SETTLE_TURNS = 3;

export async function settle(turns: number = DEFAULT_SETTLE_TURNS): Promise<void> {
  for (let i = 0; i < turns; i++) await new Promise<void>((resolve) => setImmediate(resolve));
}
