import cliProgress from "cli-progress";
import type { CliIO } from "./io.js";

export interface Progress {
  update(done: number): void;
  stop(): void;
}

const SILENT: Progress = { update() {}, stop() {} };

/**
 * A progress bar on stderr, only for a person watching: when stderr is a terminal and the output
 * is not --json. Piped or captured output stays free of escape codes.
 */
export function progressBar(io: CliIO, total: number, options: { json: boolean; label: string }): Progress {
  if (options.json || io.stderr.isTTY !== true || total === 0) return SILENT;
  const bar = new cliProgress.SingleBar(
    {
      stream: io.stderr as NodeJS.WritableStream,
      format: `${options.label} [{bar}] {percentage}% | {value}/{total} | {eta_formatted} left`,
      hideCursor: true,
      clearOnComplete: true,
    },
    cliProgress.Presets.shades_classic,
  );
  bar.start(total, 0);
  return {
    update: (done) => bar.update(done),
    stop: () => bar.stop(),
  };
}
