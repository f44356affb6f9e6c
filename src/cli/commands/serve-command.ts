import { Command } from 'commander';
import type { CliContext } from '../cli-context.ts';

export function serveCommand(context: CliContext): Command {
  return new Command('serve')
    .description('Run the server (health endpoint; the API and console grow here). Stops on Ctrl-C.')
    .option('--port <port>', 'port to listen on', (value) => Number.parseInt(value, 10))
    .option('--host <host>', 'address to listen on', '127.0.0.1')
    .option('--demo', 'first make sure a demo district exists, synced from a generated bundle')
    .action(async (options: { port?: number; host: string; demo?: boolean }) => {
      // Loaded here so other commands do not pay for the HTTP stack at start-up.
      const { buildServer } = await import('../../http/build-server.ts');
      const store = await context.openStore();
      const app = buildServer({ store, logger: { level: context.environment.logLevel } });
      try {
        if (options.demo) {
          // Loaded only here: the generator is not needed by any other command.
          const { ensureDemoDistrict } = await import('../../testkit/demo/ensure-demo-district.ts');
          const demo = await ensureDemoDistrict(store, {
            bundleDir: store.engine === 'pglite' ? `${store.location}/demo-bundle` : undefined,
          });
          app.log.info({ districtId: demo.districtId, runId: demo.runId, status: demo.status }, demo.message);
        }
        const port = options.port ?? context.environment.port;
        await app.listen({ port, host: options.host });
        await new Promise<void>((resolve) => {
          const stop = (): void => resolve();
          process.once('SIGINT', stop);
          process.once('SIGTERM', stop);
        });
      } finally {
        await app.close();
        await store.close();
      }
    });
}
