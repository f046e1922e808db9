// The progress line on standard error: one line rewritten in place on a TTY
// (pages fetched, queue, errors, elapsed); nothing at all when not a TTY, so
// CI logs hold only warnings. --verbose logs every request (method, status or
// error, time, URL), every retry and every probe's verdict as lines of their own.

import type { RunEvent } from '../engine/run.js';

/** Minimum milliseconds between redraws: a fast crawl must not spend its time painting. */
const REDRAW_MS = 100;

interface Writable {
  write(text: string): unknown;
}

export class ProgressLine {
  private readonly started = Date.now();
  private pages = 0;
  private queued = 0;
  private errors = 0;
  private phase = 'pages';
  private lastDraw = 0;
  private drawn = false;

  constructor(
    private readonly out: Writable,
    private readonly live: boolean,
    private readonly verbose: boolean,
  ) {}

  update(event: RunEvent): void {
    switch (event.type) {
      case 'fetched':
        this.pages = event.pages;
        this.queued = event.queued;
        if (event.error) this.errors += 1;
        break;
      case 'response':
        if (this.verbose) this.log(`${event.method} ${event.status ?? event.error} ${event.ms}ms ${event.url}`);
        break;
      case 'phase':
        this.phase = event.phase;
        this.queued = event.queued;
        break;
      case 'retry':
        if (this.verbose) this.log(`retry ${event.url}: ${event.reason}`);
        break;
      case 'probe':
        this.phase = 'probes';
        if (this.verbose) this.log(`probe ${event.id}: ${event.status}`);
        break;
      case 'started':
      case 'finished':
        break;
    }
    this.draw();
  }

  /** The line a human sees; exposed for tests. */
  text(now = Date.now()): string {
    const seconds = ((now - this.started) / 1000).toFixed(1);
    return `wagtail-probe: ${this.phase} · ${this.pages} pages · ${this.queued} queued · ${this.errors} errors · ${seconds}s`;
  }

  done(): void {
    if (this.live && this.drawn) this.out.write('\r\x1b[2K');
  }

  private log(line: string): void {
    if (this.live && this.drawn) this.out.write('\r\x1b[2K');
    this.out.write(`${line}\n`);
    this.drawn = false;
  }

  private draw(): void {
    if (!this.live) return;
    const now = Date.now();
    if (now - this.lastDraw < REDRAW_MS) return;
    this.lastDraw = now;
    this.out.write(`\r\x1b[2K${this.text(now)}`);
    this.drawn = true;
  }
}
