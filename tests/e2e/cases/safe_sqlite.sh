# A hostile script under --safe against load_sqlite and t:write of a
# database: the query form can only read (no ATTACH, VACUUM INTO, PRAGMA,
# load_extension or writing, also through a planted database's views),
# a write goes only beneath the working directory (not through .., an
# absolute path, a symbolic or hard link), reading a database outside
# creates nothing there, and what is allowed still works (the kernel's
# walls let SQLite read, lock and write). Each outside file is listed
# afterwards: none may be new or changed.
mkdir -p ../outside.sq
"$SQLITE3" planted.db "CREATE TABLE t(a INTEGER, b TEXT); INSERT INTO t VALUES (1, 'x');
CREATE VIEW ext AS SELECT load_extension('./evil.so') AS a;
CREATE VIEW tok AS SELECT fts3_tokenizer('simple') AS a;"
"$SQLITE3" ../outside.sq/wal.db "PRAGMA journal_mode = WAL; CREATE TABLE t(a);
INSERT INTO t VALUES (1);" >/dev/null
cp planted.db ../outside.sq/victim.db
ln -s ../outside.sq/victim.db link.db
ln ../outside.sq/victim.db hard.db 2>/dev/null || cp planted.db hard.db
cat >hostile.lua <<'LUA'
for _, q in ipairs({
  [[ATTACH DATABASE '../outside.sq/new.db' AS x]],
  [[SELECT 1; ATTACH DATABASE 'escape.db' AS x]],
  [[SELECT * FROM t UNION SELECT 1, 2 FROM pragma_database_list; ATTACH 'e.db' AS e]],
  [[VACUUM INTO '../outside.sq/copy.db']],
  [[VACUUM INTO 'copy.db']],
  [[PRAGMA journal_mode = WAL]],
  [[PRAGMA writable_schema = ON]],
  [[SELECT * FROM pragma_journal_mode]],
  [[SELECT load_extension('./evil.so')]],
  [[SELECT fts3_tokenizer('simple', x'0000000000000000')]],
  "ext", "tok",
  [[INSERT INTO t VALUES (2, 'y') RETURNING *]],
  [[CREATE TABLE u AS SELECT * FROM t]],
  [[WITH x AS (SELECT 1) DELETE FROM t]],
  [[SELECT * FROM t; DETACH main]],
}) do
  local ok, e = pcall(load_sqlite, "planted.db", q)
  print(ok and "LOADED (a hole)" or e)
end
-- a URI is a file name here, so no mode=rwc
print(select(2, pcall(load_sqlite, "file:planted.db?mode=rwc", "t")))
print(#load_sqlite("../outside.sq/wal.db", "t"))
local t = load_sqlite("planted.db", "t")
local here = os.getenv("PWD")
for _, p in ipairs({ "../outside.sq/new.db", here .. "/../outside.sq/abs.db",
                     "link.db", "sub/../../outside.sq/up.sqlite" }) do
  print((select(2, pcall(t.write, t, p, { table = "t2" })):gsub(here:gsub("%p", "%%%0"), "$PWD")))
end
t:write("hard.db", { table = "t2" })
t:write("here.sqlite", { table = "t" })
print(#load_sqlite("here.sqlite", "t"), #load_sqlite("hard.db", "t2"))
LUA
mkdir -p sub
$OV --safe -q hostile.lua 2>&1
ls ../outside.sq
"$SQLITE3" ../outside.sq/victim.db "SELECT group_concat(name) FROM sqlite_schema"
