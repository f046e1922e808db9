// A bounded pool of async tasks: at most `limit` run at once, the rest wait in
// a FIFO queue read by index (constant time per task, no Array.shift).
// `drained()` resolves when nothing runs and nothing waits, including tasks
// added by running tasks. A task that throws is recorded, never lost.

type Task = () => Promise<void>;

export class WorkPool {
  private readonly queue: Task[] = [];
  private head = 0;
  private running = 0;
  private waiters: (() => void)[] = [];
  readonly errors: unknown[] = [];

  constructor(readonly limit: number) {
    if (!Number.isInteger(limit) || limit < 1) throw new RangeError(`pool limit must be a positive integer, got ${limit}`);
  }

  get pending(): number {
    return this.queue.length - this.head + this.running;
  }

  add(task: Task): void {
    this.queue.push(task);
    this.pump();
  }

  drained(): Promise<void> {
    if (this.pending === 0) return Promise.resolve();
    return new Promise((resolve) => this.waiters.push(resolve));
  }

  private pump(): void {
    while (this.running < this.limit && this.head < this.queue.length) {
      const task = this.queue[this.head] as Task;
      this.head += 1;
      this.running += 1;
      task()
        .catch((error: unknown) => {
          this.errors.push(error);
        })
        .finally(() => {
          this.running -= 1;
          this.pump();
          this.settle();
        });
    }
    // Let the consumed prefix of the queue be collected on long crawls.
    if (this.head > 1024 && this.head * 2 > this.queue.length) {
      this.queue.splice(0, this.head);
      this.head = 0;
    }
  }

  private settle(): void {
    if (this.pending !== 0) return;
    const waiters = this.waiters;
    this.waiters = [];
    for (const resolve of waiters) resolve();
  }
}
