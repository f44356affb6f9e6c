import cliProgress from 'cli-progress';
import type { RunProgress } from '../sync/run-sync.ts';
import type { CliIo } from './cli-context.ts';

const labels = { read: 'Reading  ', apply: 'Applying ' } as const;

/**
 * Progress bars for a run's long steps, drawn on stderr only when it is a terminal, so piped
 * and `--json` output stays clean.
 */
export function cliProgressBars(io: CliIo): RunProgress | undefined {
  if (!io.isInteractive) return undefined;
  return {
    step(name) {
      const bar = new cliProgress.SingleBar(
        {
          format: `${labels[name]} [{bar}] {percentage}% | {value}/{total}${name === 'read' ? ' bytes' : ' changes'}`,
          stream: process.stderr,
          hideCursor: true,
          clearOnComplete: false,
        },
        cliProgress.Presets.shades_classic,
      );
      let started = false;
      let total = 0;
      let value = 0;
      return {
        setTotal(amount) {
          total = amount;
          if (!started) bar.start(total, 0);
          else bar.setTotal(total);
          started = true;
        },
        advance(amount) {
          value += amount;
          if (!started) {
            bar.start(Math.max(total, value), 0);
            started = true;
          }
          bar.update(value);
        },
        done() {
          if (started) bar.stop();
        },
      };
    },
  };
}
