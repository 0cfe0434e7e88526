import { sql } from 'kysely';
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { createRootDb } from '../../src/db/pool.ts';
import { testConfig } from '../support/config.ts';
import { testRootDb, uniqueSlug } from '../support/db.ts';

const test = suite('PLT-1 pooled connections prepare parameterised statements once');

const url = () => testConfig().DATABASE_URL;

test.before(async () => {
  await testRootDb(); // the test database exists and is migrated
});

test('a repeated query is parsed once per connection: one named statement, reused', async () => {
  const { db, pool } = createRootDb({ connectionString: url(), max: 1 });
  try {
    for (let i = 0; i < 5; i++) {
      const r = await sql<{ n: number }>`select ${i}::int + 1 as n`.execute(db);
      assert.is(r.rows[0]!.n, i + 1);
    }
    const prepared = await sql<{ statement: string }>`select statement from pg_prepared_statements where statement like 'select $1::int + 1%'`.execute(db);
    assert.is(prepared.rows.length, 1, 'one server-side statement for five calls');
  } finally {
    await pool.end();
  }
});

test('prepare: false sends unnamed statements (migrations run DDL with it)', async () => {
  const { db, pool } = createRootDb({ connectionString: url(), max: 1, prepare: false });
  try {
    await sql`select ${1}::int as n`.execute(db);
    const prepared = await sql<{ n: number }>`select count(*)::int as n from pg_prepared_statements`.execute(db);
    assert.is(prepared.rows[0]!.n, 0);
  } finally {
    await pool.end();
  }
});

test('a table changed under a prepared select * is retried unnamed instead of failing', async () => {
  const { db, pool } = createRootDb({ connectionString: url(), max: 1 });
  const table = `prep_${uniqueSlug('t').replace(/-/g, '_')}`;
  try {
    await sql`create table ${sql.id('public', table)} (id int primary key, a text)`.execute(db);
    await sql`insert into ${sql.id('public', table)} values (1, 'x')`.execute(db);
    const read = () => sql<Record<string, unknown>>`select * from ${sql.id('public', table)} where id = ${1}`.execute(db);
    assert.equal(Object.keys((await read()).rows[0]!), ['id', 'a']);
    await sql`alter table ${sql.id('public', table)} add column b int not null default 7`.execute(db);
    const after = await read();
    assert.equal(after.rows[0], { id: 1, a: 'x', b: 7 });
  } finally {
    await sql`drop table if exists ${sql.id('public', table)}`.execute(db);
    await pool.end();
  }
});

test('inside a transaction the changed statement fails once with its own error, then runs unnamed', async () => {
  const { db, pool } = createRootDb({ connectionString: url(), max: 1 });
  const table = `prep_${uniqueSlug('t').replace(/-/g, '_')}`;
  try {
    await sql`create table ${sql.id('public', table)} (id int primary key, a text)`.execute(db);
    await sql`insert into ${sql.id('public', table)} values (1, 'x')`.execute(db);
    const read = (q: typeof db) => sql<Record<string, unknown>>`select * from ${sql.id('public', table)} where id = ${1} for update`.execute(q);
    await db.transaction().execute((trx) => read(trx));
    await sql`alter table ${sql.id('public', table)} add column b int not null default 7`.execute(db);
    let code: string | undefined;
    try {
      await db.transaction().execute((trx) => read(trx));
    } catch (err) {
      code = (err as { code?: string }).code;
    }
    assert.is(code, '0A000', 'the real cause, not "current transaction is aborted"');
    const again = await db.transaction().execute((trx) => read(trx));
    assert.equal(again.rows[0], { id: 1, a: 'x', b: 7 });
  } finally {
    await sql`drop table if exists ${sql.id('public', table)}`.execute(db);
    await pool.end();
  }
});

test.run();
