/** A progress bar on stderr for long bench phases; silent when stderr is not a terminal (CI, pipes). */
export class Progress {
  private last = 0;
  private readonly enabled = process.stderr.isTTY === true;

  constructor(private readonly total: number, private readonly started: bigint, private readonly label = "ingest", private readonly unit = "turns") {}

  update(done: number): void {
    if (!this.enabled) return;
    const now = Date.now();
    if (done < this.total && now - this.last < 100) return;
    this.last = now;
    const width = 30;
    const filled = Math.round((done / this.total) * width);
    const secs = Number(process.hrtime.bigint() - this.started) / 1e9;
    const rate = secs > 0 ? Math.round(done / secs) : 0;
    process.stderr.write(
      `\r${this.label} [${"#".repeat(filled)}${".".repeat(width - filled)}] ${done.toLocaleString("en")}/${this.total.toLocaleString("en")} ${this.unit}  ${rate.toLocaleString("en")}/s  `,
    );
  }

  done(): void {
    if (this.enabled) process.stderr.write("\n");
  }
}
