"""Runs the code of a Markdown document through oversight and compares.

Every ```lua block runs, in order, in one interactive session (so
expressions print their value, as in class); a ```text block right after a
```lua block is the output that block must print, exactly. With --update
the ```text blocks are rewritten from what the program printed instead.

  python3 tutorial.py OVERSIGHT DOC.md [--update]

Exit 0 when every block runs without error and prints what the document
says; the report names each block by its first line.
"""
import os
import re
import subprocess
import sys

MARK = "--8<-- block {} --8<--"
# a ```lua block that starts with this line reads the outside data in
# ../shared/data: it runs with that path made $OV_SHARED_DATA, and is
# skipped (said in the summary) when the data is absent
NEEDS_SHARED = "-- (reads ../shared/data)"


def blocks(text):
    """(start, end, kind, body) of each fenced block"""
    out = []
    for m in re.finditer(r"^```(\w*)\n(.*?)^```\n", text, re.M | re.S):
        out.append((m.start(), m.end(), m.group(1), m.group(2)))
    return out


def main():
    oversight, path = sys.argv[1], sys.argv[2]
    update = "--update" in sys.argv
    text = open(path, encoding="utf-8").read()
    bl = blocks(text)
    code = []  # (index into bl, expected index or None)
    shared = os.environ.get("OV_SHARED_DATA", "")
    shared = os.path.abspath(shared) if shared else ""
    skipped = 0
    for i, (s, e, kind, body) in enumerate(bl):
        if kind == "lua" and body.startswith(NEEDS_SHARED):
            # a block on the outside data: run where it is, else skipped
            if not (shared and os.path.isdir(shared)):
                skipped += 1
                continue
            bl[i] = (s, e, kind, body.replace("../shared/data", shared))
        if kind == "lua":
            nxt = bl[i + 1] if i + 1 < len(bl) else None
            expect = i + 1 if nxt and nxt[2] == "text" and text[e:nxt[0]].strip() == "" else None
            code.append((i, expect))
    # the documents show an 80-column terminal; a pipe has no width of its
    # own (COLUMNS is only read at a terminal), so the session is told
    script = ["ov.display{ width = 80 }\n"]
    for n, (i, _) in enumerate(code):
        script.append(bl[i][3])
        script.append('print("' + MARK.format(n) + '")\n')
    env = {"COLUMNS": "80", "LC_ALL": "C.UTF-8", "PATH": "/usr/bin:/bin", "HOME": "/nonexistent"}
    # the bundled data of a build outside the source tree (make distcheck)
    if os.environ.get("OV_DATADIR"):
        env["OV_DATADIR"] = os.environ["OV_DATADIR"]
    r = subprocess.run([oversight, "-q", "-i"], input="".join(script), capture_output=True,
                       text=True, env=env)
    parts = re.split(r"^--8<-- block \d+ --8<--\n", r.stdout, flags=re.M)
    ok = True
    if r.stderr:
        print("errors while running the document:")
        print(r.stderr)
        ok = False
    new = text
    for n, (i, expect) in reversed(list(enumerate(code))):
        got = parts[n] if n < len(parts) else ""
        if shared:
            got = got.replace(shared, "../shared/data")
        first = bl[i][3].splitlines()[0] if bl[i][3].strip() else "(empty)"
        if expect is None:
            if got.strip():
                print(f"block {n + 1} ({first}) prints but the document shows no output")
                ok = ok and update
            continue
        want = bl[expect][3]
        if update:
            s, e = bl[expect][0], bl[expect][1]
            new = new[:s] + "```text\n" + got + "```\n" + new[e:]
        elif got != want:
            ok = False
            print(f"block {n + 1} ({first}) prints something else:")
            for line in __import__("difflib").unified_diff(want.splitlines(), got.splitlines(),
                                                            "document", "program", lineterm=""):
                print("  " + line)
    if update:
        if shared:
            new = new.replace(shared, "../shared/data")
        open(path, "w", encoding="utf-8").write(new)
    print(f"{len(code)} code blocks run, {sum(1 for _, e in code if e is not None)} outputs "
          f"compared: {'all as written' if ok else 'DIFFERENCES'}"
          + (f"; {skipped} skipped (no ../shared/data)" if skipped else ""))
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
