import { CompiledQuery, sql } from 'kysely';
import pg from 'pg';
import { describe, expect, it } from 'vitest';
import { decodeChangeCursor } from '../../src/directory/change-cursor.ts';
import { changesQuery } from '../../src/directory/changes-query.ts';
import type { ChangePage } from '../../src/directory/read-changes.ts';
import type { CsvRows } from '../support/bundle-builder.ts';
import { useScenarioHarness } from '../support/scenario-harness.ts';
import { smallDistrict } from '../support/small-district.ts';
import { createSmallDistrict } from '../support/sync-fixture.ts';

const harness = useScenarioHarness();
const { bundles, cli, sync, exportOf } = harness;
const databaseUrl = process.env.DATABASE_URL;

/** `rostersync --json changes --district ID ARGS…`, parsed; fails the test on a non-zero exit. */
async function changes(districtId: string, ...args: string[]): Promise<ChangePage> {
  const result = await cli('--json', 'changes', '--district', districtId, ...args);
  if (result.code !== 0) throw new Error(`changes exited ${result.code}: ${result.stdout}${result.stderr}`);
  return result.json<ChangePage>();
}

/** Every change of a district's feed, page by page. */
async function wholeFeed(districtId: string, limit: number): Promise<{ pages: ChangePage[] }> {
  const pages: ChangePage[] = [];
  let since: string | undefined;
  for (;;) {
    const page = await changes(districtId, '--limit', String(limit), ...(since ? ['--since', since] : []));
    pages.push(page);
    since = page.cursor;
    if (!page.hasMore) return { pages };
  }
}

function position(cursor: string): [bigint, bigint] {
  const decoded = decodeChangeCursor(cursor);
  if (!decoded) throw new Error(`not a cursor: ${cursor}`);
  return [decoded.xid, decoded.id];
}

function isInFeedOrder(cursors: string[]): boolean {
  return cursors.every((cursor, i) => {
    if (i === 0) return true;
    const [xid, id] = position(cursor);
    const [previousXid, previousId] = position(cursors[i - 1]!);
    return xid > previousXid || (xid === previousXid && id > previousId);
  });
}

function totalOf(counts: Record<string, Record<string, number>>, key: string): number {
  return Object.values(counts).reduce((sum, entity) => sum + (entity[key] ?? 0), 0);
}

function withRows(rows: CsvRows, change: (row: CsvRows[number]) => CsvRows[number] | null): CsvRows {
  return rows.map(change).filter((row): row is CsvRows[number] => row !== null);
}

describe('the change feed', () => {
  it('lists a first sync’s creates, in order, each with its run, ids and values', async () => {
    const { districtId, configId } = await createSmallDistrict(cli, bundles.write(smallDistrict()));
    const { summary } = await sync(configId);

    const page = await changes(districtId);
    expect(page.hasMore).toBe(false);
    expect(page.changes).toHaveLength(totalOf(summary.counts, 'created'));
    expect(page.cursor).toBe(page.changes.at(-1)?.cursor);
    expect(isInFeedOrder(page.changes.map((change) => change.cursor))).toBe(true);
    expect(new Set(page.changes.map((change) => change.action))).toEqual(new Set(['create', 'add']));
    expect(page.changes.every((c) => c.actor.type === 'run' && c.actor.runId === summary.id)).toBe(true);
    // People and classrooms come before the memberships and links that refer to them.
    const firstLink = page.changes.findIndex(
      (c) => c.entity === 'memberships' || c.entity === 'guardianLinks',
    );
    expect(page.changes.slice(firstLink).every((c) => c.action === 'add')).toBe(true);

    const ava = (await exportOf(districtId)).people.find((p) => p.givenName === 'Ava')!;
    expect(page.changes.find((c) => c.sisId === '000101' && c.entity === 'students')).toEqual({
      cursor: expect.any(String),
      at: expect.stringMatching(/^\d{4}-\d\d-\d\dT/),
      actor: { type: 'run', runId: summary.id, personId: null },
      entity: 'students',
      action: 'create',
      recordId: ava.id,
      relatedId: expect.any(String),
      sisId: '000101',
      fields: expect.objectContaining({
        givenName: { before: null, after: 'Ava' },
        familyName: { before: null, after: 'Nguyễn' },
        email: { before: null, after: 'ava.nguyen@students.example.org' },
        grade: { before: null, after: '03' },
      }),
    });
    expect(
      page.changes.filter((c) => c.entity === 'guardianLinks' && c.relatedId === ava.id).map((c) => c.fields),
    ).toEqual([
      {
        relationship: { before: null, after: 'parent' },
        contactType: expect.objectContaining({ before: null }),
      },
    ]);
  });

  it('returns exactly a later sync’s update, removal and archive after the earlier cursor, in order', async () => {
    const files = smallDistrict();
    const { districtId, configId } = await createSmallDistrict(cli, bundles.write(files));
    await sync(configId);
    const first = await changes(districtId);

    // Ava's family name changes; Noah leaves (his student role is archived, his membership removed).
    const next = {
      ...files,
      'users.csv': withRows(files['users.csv'], (row) =>
        row.sourcedId === '000104' ? null : row.sourcedId === '000101' ? { ...row, familyName: 'Tran' } : row,
      ),
      'enrollments.csv': withRows(files['enrollments.csv'], (row) =>
        row.userSourcedId === '000104' ? null : row,
      ),
    };
    const { code, summary } = await sync(configId, '--path', bundles.write(next));
    expect(code).toBe(0);

    const directory = await exportOf(districtId);
    const person = (given: string) => directory.people.find((p) => p.givenName === given)!;
    const homeroom = directory.classrooms.find((c) => c.sisId === 'C1')!;
    const later = await changes(districtId, '--since', first.cursor);
    const actor = { type: 'run', runId: summary.id, personId: null };
    expect(
      later.changes.map(({ cursor: _cursor, at: _at, relatedId: _relatedId, ...change }) => change),
    ).toEqual([
      {
        actor,
        entity: 'students',
        action: 'update',
        recordId: person('Ava').id,
        sisId: '000101',
        fields: { familyName: { before: 'Nguyễn', after: 'Tran' } },
      },
      {
        actor,
        entity: 'memberships',
        action: 'remove',
        recordId: homeroom.id,
        sisId: '000104',
        fields: { role: { before: 'student', after: null }, isPrimary: { before: false, after: null } },
      },
      {
        actor,
        entity: 'students',
        action: 'archive',
        recordId: person('Noah').id,
        sisId: '000104',
        fields: { archived: { before: false, after: true } },
      },
    ]);
    expect(later.changes[1]?.relatedId).toBe(person('Noah').id);
    expect(later.hasMore).toBe(false);
    expect(isInFeedOrder([first.cursor, ...later.changes.map((change) => change.cursor)])).toBe(true);

    // Caught up: nothing after the last cursor, and the cursor stays where it was.
    const caughtUp = await changes(districtId, '--since', later.cursor);
    expect(caughtUp).toEqual({ changes: [], cursor: later.cursor, hasMore: false });
  });

  it('walks the whole feed two at a time without gaps or repeats', async () => {
    const files = smallDistrict();
    const { districtId, configId } = await createSmallDistrict(cli, bundles.write(files));
    await sync(configId);
    await sync(
      configId,
      '--path',
      bundles.write({
        ...files,
        'classes.csv': withRows(files['classes.csv'], (row) =>
          row.sourcedId === 'C2' ? { ...row, title: 'Math 7 (Honors)' } : row,
        ),
      }),
    );
    const all = await changes(districtId);

    const { pages } = await wholeFeed(districtId, 2);
    expect(pages.every((page) => page.changes.length <= 2)).toBe(true);
    expect(pages.slice(0, -1).every((page) => page.changes.length === 2 && page.hasMore)).toBe(true);
    expect(pages.flatMap((page) => page.changes)).toEqual(all.changes);
    expect(pages.at(-1)?.cursor).toBe(all.cursor);
    expect(all.changes.at(-1)).toMatchObject({ entity: 'classrooms', action: 'update', sisId: 'C2' });
  });

  it('never returns another district’s changes, and refuses its cursor', async () => {
    const springfield = await createSmallDistrict(cli, bundles.write(smallDistrict()));
    const shelbyville = await createSmallDistrict(cli, bundles.write(smallDistrict()));
    await sync(springfield.configId);
    await sync(shelbyville.configId);

    for (const [mine, theirs] of [
      [springfield, shelbyville],
      [shelbyville, springfield],
    ] as const) {
      const directory = await exportOf(mine.districtId);
      const ids = new Set([...directory.people.map((p) => p.id), ...directory.classrooms.map((c) => c.id)]);
      const feed = await changes(mine.districtId);
      expect(feed.changes.length).toBeGreaterThan(0);
      expect(feed.changes.filter((change) => !ids.has(change.recordId!))).toEqual([]);
      expect(decodeChangeCursor(feed.cursor)?.districtId).toBe(mine.districtId);

      const theirCursor = (await changes(theirs.districtId, '--limit', '1')).cursor;
      const refused = await cli('--json', 'changes', '--district', mine.districtId, '--since', theirCursor);
      expect(refused.code).toBe(1);
      expect(refused.json()).toEqual({
        error: { code: 'CURSOR_INVALID', message: 'This cursor belongs to another district’s change feed.' },
      });
    }
  });

  it('refuses a malformed cursor, an unknown district and a bad limit with stable codes', async () => {
    const { districtId } = await createSmallDistrict(cli, bundles.write(smallDistrict()));
    const cases: [string[], string][] = [
      [['--district', districtId, '--since', 'not-a-cursor'], 'CURSOR_INVALID'],
      [['--district', districtId, '--since', `${(await changes(districtId)).cursor}x`], 'CURSOR_INVALID'],
      [['--district', '01900000-0000-7000-8000-00000000dead'], 'DISTRICT_NOT_FOUND'],
      [['--district', 'springfield'], 'DISTRICT_NOT_FOUND'],
      [['--district', districtId, '--limit', '0'], 'LIMIT_INVALID'],
      [['--district', districtId, '--limit', '10001'], 'LIMIT_INVALID'],
      [['--district', districtId, '--limit', 'ten'], 'LIMIT_INVALID'],
    ];
    for (const [args, code] of cases) {
      const result = await cli('--json', 'changes', ...args);
      expect({
        args,
        exit: result.code,
        code: result.json<{ error: { code: string } }>().error.code,
      }).toEqual({
        args,
        exit: 1,
        code,
      });
    }
    // An empty feed still hands out a cursor to start from.
    const empty = await changes(districtId);
    expect(empty).toEqual({
      changes: [],
      cursor: expect.stringMatching(/^[A-Za-z0-9_-]{44}$/),
      hasMore: false,
    });
  });

  it('prints a readable page without --json', async () => {
    const { districtId, configId } = await createSmallDistrict(cli, bundles.write(smallDistrict()));
    const { summary } = await sync(configId);
    const result = await cli('changes', '--district', districtId, '--limit', '1');
    expect(result.code).toBe(0);
    const lines = result.stdout.trimEnd().split('\n');
    expect(lines).toHaveLength(3);
    expect(lines[0]).toContain(`by ${summary.id}`);
    expect(lines[1]).toMatch(/^Cursor: [A-Za-z0-9_-]{44}$/);
    expect(lines[2]).toMatch(/^More changes: run again with --since [A-Za-z0-9_-]{44}$/);
  });

  it('reads the feed with one range scan of the (district_id, xid, id) key', async () => {
    // A district with many more changes than a page, as in production: the planner then walks
    // the key in order and stops after the page. (When a page is half of everything a district
    // has, it reads the district's rows by bitmap and sorts them, which is as cheap.)
    await sql`
      insert into audit_log (district_id, actor_type, entity, action, before, after)
      select ('01900000-0000-7000-8000-' || lpad((n % 3)::text, 12, '0'))::uuid, 'system', 'students',
        'update', '{"email":"a@example.org"}', '{"email":"b@example.org"}'
      from generate_series(1, 60000) as n`.execute(harness.store.db);
    await sql`analyze audit_log`.execute(harness.store.db);
    const query = changesQuery(
      { districtId: '01900000-0000-7000-8000-000000000001', xid: 0n, id: 0n },
      1001,
    ).compile(harness.store.db);
    const { rows } = await harness.store.db.executeQuery<{ 'QUERY PLAN': string }>(
      CompiledQuery.raw(`explain ${query.sql}`, [...query.parameters]),
    );
    const plan = rows.map((row) => row['QUERY PLAN']).join('\n');
    expect(plan).toMatch(/Index Scan using audit_log_pkey on audit_log/);
    expect(plan).toMatch(/Index Cond: \(\(district_id = .*\) AND \(ROW\(xid, id\) > ROW\(/);
    expect(plan).toMatch(/xid < pg_snapshot_xmin\(pg_current_snapshot\(\)\)/);
    expect(plan).not.toMatch(/Sort|Seq Scan/);
  });

  // PGlite has one session, so no transaction can be in flight while the feed is read.
  it.skipIf(!databaseUrl)(
    'holds back rows committed after an earlier transaction until that one commits (PostgreSQL)',
    async () => {
      const { districtId, configId } = await createSmallDistrict(cli, bundles.write(smallDistrict()));
      await sync(configId);
      const start = await changes(districtId);
      const ava = (await exportOf(districtId)).people.find((p) => p.givenName === 'Ava')!;
      const { rows } = await sql<{ schema: string }>`select current_schema() as schema`.execute(
        harness.store.db,
      );
      const other = new pg.Client({
        connectionString: databaseUrl,
        options: `-c search_path="${rows[0]!.schema}"`,
      });
      await other.connect();
      const auditRow = (field: string, actorId: string | null) => [
        districtId,
        actorId ? 'user' : 'system',
        actorId,
        ava.id,
        JSON.stringify({ [field]: 'before' }),
        JSON.stringify({ [field]: 'after' }),
      ];
      const insertAudit = `insert into audit_log (district_id, actor_type, actor_id, entity, action, record_id, before, after)
        values ($1, $2, $3, 'students', 'update', $4, $5, $6)`;
      try {
        // The earlier transaction writes first (smaller id and xid) and stays open…
        await other.query('begin');
        await other.query(insertAudit, auditRow('email', ava.id));
        // …while a later one writes and commits.
        await harness.store.db.executeQuery(CompiledQuery.raw(insertAudit, auditRow('mobile', null)));

        const during = await changes(districtId, '--since', start.cursor);
        expect(during).toEqual({ changes: [], cursor: start.cursor, hasMore: false });

        await other.query('commit');
        const after = await changes(districtId, '--since', start.cursor);
        expect(after.changes.map((c) => [Object.keys(c.fields), c.actor])).toEqual([
          [['email'], { type: 'user', runId: null, personId: ava.id }],
          [['mobile'], { type: 'system', runId: null, personId: null }],
        ]);
        expect(isInFeedOrder([start.cursor, ...after.changes.map((change) => change.cursor)])).toBe(true);
      } finally {
        await other.query('rollback').catch(() => {});
        await other.end();
      }
    },
  );
});
