import { Command } from 'commander';
import type { CliContext } from '../cli-context.ts';

export function serveCommand(context: CliContext): Command {
  return new Command('serve')
    .description(
      'Run the server: the HTTP API (/api/v1, OpenAPI at /api/openapi.json) and health. Stops on Ctrl-C.',
    )
    .option('--port <port>', 'port to listen on', (value) => Number.parseInt(value, 10))
    .option('--host <host>', 'address to listen on', '127.0.0.1')
    .option(
      '--demo',
      'first make sure a demo district exists, synced from a generated bundle; prints its admin’s first-login link and a demo API token',
    )
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
          // Printed, not logged: tokens and links do not belong in log files. Shown once per start.
          const { issueDemoToken } = await import('../../http/tokens/issue-demo-token.ts');
          const { inviteDemoAdmin } = await import('../../http/invite-demo-admin.ts');
          const origin = `http://${options.host}:${options.port ?? context.environment.port}`;
          const api = `${origin}/api/v1/districts/${demo.districtId}`;
          const admin = await inviteDemoAdmin(store.db, demo.districtId);
          if (admin?.token) {
            context.io.err(
              [
                `First login of the demo district admin (${admin.email}), valid 14 days, replaced at the next start:`,
                `  ${origin}${admin.activationPath}`,
                `  until the console serves that page, accept it over the API and sign in:`,
                `  curl -X POST -H 'content-type: application/json' -d '{"token":"${admin.token}","password":"a password of 12+ characters"}' ${api}/invitations/accept`,
                `  curl -i -X POST -H 'content-type: application/json' -d '{"credential":"${admin.email}","password":"…"}' ${api}/sessions`,
                '',
              ].join('\n'),
            );
          } else if (admin) {
            context.io.err(
              `Demo district admin: ${admin.email} (already active: sign in with the password set).\n`,
            );
          }
          const token = await issueDemoToken(store.db, demo.districtId);
          context.io.err(
            [
              `Demo API token (every scope; replaced at the next start): ${token.token}`,
              `  curl -H 'Authorization: Bearer ${token.token}' ${api}`,
              `  API operations: ${origin}/api/docs`,
              '',
            ].join('\n'),
          );
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
