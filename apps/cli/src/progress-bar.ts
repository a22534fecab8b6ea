// A one-line progress bar on stderr, drawn only when stderr is a terminal (never in pipes or logs).
export class ProgressBar {
  private readonly enabled: boolean;
  private drawn = false;

  constructor(
    private readonly label: string,
    private readonly out: NodeJS.WriteStream = process.stderr,
  ) {
    this.enabled = out.isTTY === true;
  }

  /** Redraws the bar at `done` of `total`. */
  update(done: number, total: number): void {
    if (!this.enabled) return;
    const fraction = total > 0 ? Math.min(1, done / total) : 1;
    const width = 30;
    const filled = Math.round(fraction * width);
    this.out.write(`\r${this.label} [${'#'.repeat(filled)}${' '.repeat(width - filled)}] ${Math.floor(fraction * 100)}% ${done}/${total}`);
    this.drawn = true;
  }

  /** Clears the bar's line. */
  finish(): void {
    if (this.drawn) this.out.write('\r\x1b[K');
    this.drawn = false;
  }
}
