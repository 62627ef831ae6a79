"""Running oversight: one process answers a batch of queries. The script
loads T and M, then runs each query in a protected call and prints its
result column by column (names, types, one value a line), between markers
that say which query was running if the process dies. The same markers go
to stderr, so a sanitizer's report follows the query that caused it.
"""
import os
import subprocess

from data import lua_str

PRELUDE = r'''
local out = io.stdout
local ESC = { ["\\"] = "\\\\", ["\n"] = "\\n", ["\r"] = "\\r", ["\t"] = "\\t", ["\0"] = "\\0" }
local function esc(s) return (s:gsub("[\\\n\r\t%z]", ESC)) end
local function enc(v)
  if v == nil then return "~" end
  -- a cell of a percentage column is a figure: its value is the number
  if type(v) == "userdata" and v.kind then v = v.value end
  local ty = type(v)
  if ty == "number" then
    if math.type(v) == "integer" then return string.format("i%d", v) end
    return string.format("f%.17g", v)
  end
  if ty == "boolean" then return v and "b1" or "b0" end
  return "s" .. esc(v)
end
local function dump(r, cols)
  local names = cols or r:names()
  local types = {}
  for _, row in r:schema():rows() do types[row.column] = row.type end
  out:write("@N ", #r, "\n")
  for _, name in ipairs(names) do
    out:write("@C ", esc(name), "\t", types[name] or "?", "\n")
    local buf, n = {}, 0
    for _, v in r:col(name):values() do
      n = n + 1
      buf[n] = enc(v)
      if n == 4096 then out:write(table.concat(buf, "\n", 1, n), "\n"); n = 0 end
    end
    if n > 0 then out:write(table.concat(buf, "\n", 1, n), "\n") end
  end
end
local function run(id, f)
  io.stderr:write("@Q ", id, "\n")
  out:write("@Q ", id, "\n")
  out:flush()
  local ok, r, cols = pcall(f)
  if ok then
    local ok2, e2 = pcall(dump, r, cols)
    if not ok2 then out:write("@E dump: ", esc(tostring(e2)), "\n") end
  else
    out:write("@E ", esc(tostring(r)), "\n")
  end
  out:write("@D ", id, "\n")
  out:flush()
  r = nil
end
'''


def script(T, M, queries, dump_tables=False):
    """the Lua text of one batch"""
    lines = [PRELUDE]
    lines.append(f"local okT, T = pcall(function() return {T.lua_load('T.csv')} end)")
    lines.append(f"local okM, M = pcall(function() return {M.lua_load('M.csv')} end)")
    lines.append('if not okT then out:write("@L T ", esc(tostring(T)), "\\n") return end')
    lines.append('if not okM then out:write("@L M ", esc(tostring(M)), "\\n") return end')
    if dump_tables:
        lines.append('run("LT", function() return T end)')
        lines.append('run("LM", function() return M end)')
    for q in queries:
        cols = q.out_cols()
        ret = q.lua()
        if cols is not None:
            ret += ", { " + ", ".join(lua_str(c) for c in cols) + " }"
        lines.append(f"run({q.qid}, function() return {ret} end)")
    return "\n".join(lines) + "\n"


def standalone(T, M, q):
    """a script a person can run: load, query, print"""
    return (f"T = {T.lua_load('T.csv')}\nM = {M.lua_load('M.csv')}\n"
            f"ov.display{{ rows = 100000 }}\nprint({q.lua()})\n")


def write_inputs(workdir, T, M):
    os.makedirs(workdir, exist_ok=True)
    for t in (T, M):
        with open(os.path.join(workdir, t.name + ".csv"), "w", encoding="utf-8", newline="") as f:
            f.write(t.csv_text())


class Actual:
    """one query's answer from oversight: names, types, columns; or err"""

    def __init__(self):
        self.names = []
        self.types = []
        self.cols = []
        self.nrows = None
        self.err = None
        self.done = False


def unesc(s):
    out = []
    i = 0
    while i < len(s):
        ch = s[i]
        if ch == "\\" and i + 1 < len(s):
            nxt = s[i + 1]
            out.append({"n": "\n", "r": "\r", "t": "\t", "0": "\0", "\\": "\\"}.get(nxt, nxt))
            i += 2
        else:
            out.append(ch)
            i += 1
    return "".join(out)


def decode(tok):
    if tok == "~":
        return None
    k, v = tok[0], tok[1:]
    if k == "i":
        return int(v)
    if k == "f":
        return float(v)
    if k == "b":
        return v == "1"
    return unesc(v) if "\\" in v else v


def parse(text):
    """{qid: Actual}; also the load error, if any"""
    res = {}
    cur = None
    load_err = None
    for line in text.split("\n"):
        if line.startswith("@"):
            tag, _, rest = line.partition(" ")
            if tag == "@Q":
                cur = Actual()
                res[rest] = cur
                continue
            if tag == "@L":
                load_err = unesc(rest)
                continue
            if cur is None:
                continue
            if tag == "@N":
                cur.nrows = int(rest)
            elif tag == "@C":
                name, _, ty = rest.rpartition("\t")
                cur.names.append(unesc(name))
                cur.types.append({"string": "str"}.get(ty, ty))
                cur.cols.append([])
            elif tag == "@E":
                cur.err = unesc(rest)
            elif tag == "@D":
                cur.done = True
            continue
        if cur is not None and cur.cols and line:
            cur.cols[-1].append(decode(line))
    return res, load_err


def last_started(stderr):
    """the query that was running when the process died (stderr is not
    buffered, so its markers are complete)"""
    qid = None
    for ln in stderr.split("\n"):
        if ln.startswith("@Q "):
            qid = ln[3:]
    return qid


def sanitizer_reports(stderr):
    """(query id or None, report text) for each sanitizer report"""
    out = []
    qid = None
    lines = stderr.split("\n")
    i = 0
    while i < len(lines):
        ln = lines[i]
        if ln.startswith("@Q "):
            qid = ln[3:]
        elif ("runtime error:" in ln or "ERROR: AddressSanitizer" in ln
              or "ERROR: LeakSanitizer" in ln or "WARNING: AddressSanitizer" in ln):
            leak = "LeakSanitizer" in ln
            text = "\n".join(lines[i:i + 30])
            out.append((None if leak else qid, text))
            if not leak and "runtime error:" not in ln:
                break
        i += 1
    return out


def run(binary, workdir, lua_text, timeout):
    path = os.path.join(workdir, "batch.lua")
    with open(path, "w", encoding="utf-8") as f:
        f.write(lua_text)
    env = dict(os.environ)
    home = os.path.join(workdir, "home")
    os.makedirs(home, exist_ok=True)
    env.update(HOME=home, XDG_CONFIG_HOME=home, XDG_STATE_HOME=home, LC_ALL="C")
    env.pop("LANG", None)
    try:
        p = subprocess.run([binary, "--no-init", "batch.lua"], cwd=workdir, env=env,
                           capture_output=True, timeout=timeout)
        rc = p.returncode
        so, se = p.stdout, p.stderr
    except subprocess.TimeoutExpired as e:
        rc = "timeout"
        so, se = e.stdout or b"", e.stderr or b""
    return rc, so.decode("utf-8", "replace"), se.decode("utf-8", "replace")
