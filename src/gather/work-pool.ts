// A bounded pool of async tasks: at most `limit` run at once, the rest wait in
// a FIFO queue (fifo.ts).
// `drained()` resolves when nothing runs and nothing waits, including tasks
// added by running tasks. A task that throws is recorded, never lost.

import { Fifo } from './fifo.js';

type Task = () => Promise<void>;

export class WorkPool {
  private readonly queue = new Fifo<Task>();
  private running = 0;
  private waiters: (() => void)[] = [];
  readonly errors: unknown[] = [];

  constructor(readonly limit: number) {
    if (!Number.isInteger(limit) || limit < 1) throw new RangeError(`pool limit must be a positive integer, got ${limit}`);
  }

  get pending(): number {
    return this.queue.size + this.running;
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
    while (this.running < this.limit && this.queue.size > 0) {
      const task = this.queue.shift() as Task;
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
  }

  private settle(): void {
    if (this.pending !== 0) return;
    const waiters = this.waiters;
    this.waiters = [];
    for (const resolve of waiters) resolve();
  }
}
