import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { BundleFolder } from '../support/bundle-builder.ts';
import { smallDistrict } from '../support/small-district.ts';

const bin = path.resolve(import.meta.dirname, '../../bin/rostersync.js');
const work = mkdtempSync(path.join(tmpdir(), 'rostersync-bin-'));
const bundles = new BundleFolder();
afterAll(() => {
  rmSync(work, { recursive: true, force: true });
  bundles.cleanup();
});

/** Runs the real `rostersync` executable on the embedded database in `work/data`. */
function rostersync(...args: string[]): { status: number | null; stdout: string; stderr: string } {
  const result = spawnSync(process.execPath, [bin, '--data-dir', path.join(work, 'data'), ...args], {
    cwd: work,
    encoding: 'utf8',
    env: { ...process.env, DATABASE_URL: '' },
  });
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}

describe('the rostersync executable', () => {
  it('takes a bundle from nothing to a directory, as the README shows', () => {
    const id = (result: { stdout: string }) => (JSON.parse(result.stdout) as { id: string }).id;
    const district = id(rostersync('--json', 'district', 'create', '--name', 'Springfield'));
    rostersync('school', 'create', '--district', district, '--name', 'Lincoln', '--school-id', '0042');
    rostersync('school', 'create', '--district', district, '--name', 'Roosevelt', '--school-id', '0077');
    const config = id(
      rostersync(
        '--json',
        'config',
        'create',
        '--district',
        district,
        '--source',
        'oneroster-csv',
        '--path',
        bundles.write(smallDistrict()),
      ),
    );
    const dry = rostersync('sync', config, '--dry-run');
    expect(dry.status).toBe(0);
    expect(dry.stdout).toMatch(/dry run: nothing was changed/);
    const first = rostersync('sync', config);
    expect(first.status, first.stderr).toBe(0);
    expect(first.stdout).toMatch(/students\s+8\s+0\s+0\s+0\s+0\s+0/);
    const exported = JSON.parse(rostersync('export', '--district', district).stdout) as { people: unknown[] };
    expect(exported.people).toHaveLength(17);
  }, 300_000); // eight process starts: slow on a loaded machine, however quick the work

  it('says which process holds the embedded database instead of corrupting it', async () => {
    const server = spawn(
      process.execPath,
      [bin, '--data-dir', path.join(work, 'locked'), 'serve', '--port', '0'],
      {
        env: { ...process.env, DATABASE_URL: '' },
      },
    );
    try {
      await new Promise<void>((resolve, reject) => {
        server.stdout.on('data', (chunk: Buffer) => {
          if (chunk.toString().includes('Server listening')) resolve();
        });
        server.on('exit', (code) => reject(new Error(`server exited with ${code}`)));
      });
      const second = spawnSync(
        process.execPath,
        [bin, '--data-dir', path.join(work, 'locked'), 'district', 'list'],
        {
          encoding: 'utf8',
          env: { ...process.env, DATABASE_URL: '' },
        },
      );
      expect(second.status).toBe(1);
      expect(second.stderr).toMatch(/in use by another rostersync process \(pid \d+\)/);
    } finally {
      server.kill('SIGTERM');
      await new Promise((resolve) => server.once('exit', resolve));
    }
  });
});
