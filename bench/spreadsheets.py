#!/usr/bin/python3
"""bench/spreadsheets.py - loading every sheet of the real workbooks in
../shared/data/spreadsheets (ODS and XLSX), oversight against pandas
read_excel (odf for ODS, openpyxl for XLSX, xlrd for XLS: Debian 12's xlrd
1.2 with pandas 1.5's version check relaxed) and openpyxl's read-only mode
or xlrd alone,
each a whole process, interleaved round by round; medians and the ratio
oversight / pandas from the same run.

  bench/spreadsheets.py [--rounds N] [--oversight PATH] [--data DIR]
                        [--no-openpyxl] [--only SUBSTRING] [--baseline PATH]

--baseline times another oversight binary (an earlier build) in the same
rounds, as a "before" column.

oversight runs sheets(path), then load_sheet(path, i) for every sheet (an
empty sheet's "no table found" is caught: its grid was still read), as a
user listing a workbook and then loading each table would. pandas runs
read_excel(path, sheet_name=None, header=None). Exits 77 with a message when
the data, pandas or a built oversight is missing. Not part of make check.
"""
import argparse
import glob
import os
import resource
import statistics
import subprocess
import sys
import time

HERE = os.path.dirname(os.path.abspath(__file__))
TOP = os.path.dirname(HERE)
PY = "/usr/bin/python3"


def lua_quote(s):
    eq = "="
    while "]" + eq + "]" in s:
        eq += "="
    return "[" + eq + "[" + s + "]" + eq + "]"


def commands(ov, path, openpyxl_ro, baseline):
    chunk = ("local p = %s local s = sheets(p) "
             "for i = 1, #s do pcall(load_sheet, p, i) end" % lua_quote(path))
    cmds = {"oversight": [ov, "-q", "--no-init", "-e", chunk]}
    if baseline:
        cmds["before"] = [baseline, "-q", "--no-init", "-e", chunk]
    engine = "odf" if path.endswith(".ods") else "openpyxl"
    if path.endswith(".xls"):
        # pandas 1.5 asks for xlrd 2.0.1 and Debian 12 has 1.2, whose .xls
        # reading is the API pandas calls (open_workbook, the sheets, cell
        # values and types; 2.0 only dropped .xlsx): the version check is
        # relaxed in the process and read_excel runs as it would. xlrd
        # alone, every cell of every sheet, is the third column
        cmds["pandas"] = [PY, "-c",
                          "import sys, pandas\n"
                          "from pandas.compat import _optional\n"
                          "_optional.VERSIONS['xlrd'] = '1.2.0'\n"
                          "pandas.read_excel(sys.argv[1], sheet_name=None, header=None, "
                          "engine='xlrd')\n", path]
        cmds["reader"] = [PY, "-c",
                          "import sys, xlrd\n"
                          "b = xlrd.open_workbook(sys.argv[1])\n"
                          "for s in b.sheets():\n"
                          "    rows = [s.row_values(r) for r in range(s.nrows)]\n", path]
        return cmds
    cmds["pandas"] = [PY, "-c",
                      "import sys, pandas; pandas.read_excel(sys.argv[1], "
                      "sheet_name=None, header=None, engine=%r)" % engine, path]
    if openpyxl_ro and path.endswith(".xlsx"):
        cmds["reader"] = [PY, "-c",
                               "import sys, openpyxl\n"
                               "b = openpyxl.load_workbook(sys.argv[1], read_only=True, "
                               "data_only=True)\n"
                               "for ws in b.worksheets:\n"
                               "    for row in ws.iter_rows(values_only=True): pass\n",
                               path]
    return cmds


def run(cmd):
    """wall and CPU (user + system) seconds of one run of cmd"""
    c0 = resource.getrusage(resource.RUSAGE_CHILDREN)
    t0 = time.perf_counter()
    r = subprocess.run(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    t = time.perf_counter() - t0
    c1 = resource.getrusage(resource.RUSAGE_CHILDREN)
    if r.returncode != 0:
        sys.exit("bench/spreadsheets: %s failed: %s" % (cmd[0], r.stderr.decode()[-500:]))
    return t, (c1.ru_utime - c0.ru_utime) + (c1.ru_stime - c0.ru_stime)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--rounds", type=int, default=5)
    ap.add_argument("--oversight", default=os.path.join(TOP, "src", "oversight"))
    ap.add_argument("--data", default=os.path.join(TOP, "..", "shared", "data",
                                                   "spreadsheets"))
    ap.add_argument("--no-openpyxl", action="store_true",
                    help="leave out openpyxl's read-only mode (pandas only)")
    ap.add_argument("--baseline", default="")
    ap.add_argument("--only", default="",
                    help="only the workbooks whose name holds this")
    a = ap.parse_args()
    files = sorted(glob.glob(os.path.join(a.data, "*.ods")) +
                   glob.glob(os.path.join(a.data, "*.xlsx")) +
                   glob.glob(os.path.join(a.data, "*.xls")))
    files = [f for f in files if a.only in os.path.basename(f)]
    if not files:
        print("bench/spreadsheets: no workbooks in %s: skipped" % a.data)
        sys.exit(77)
    if subprocess.run([PY, "-c", "import pandas, odf, openpyxl, xlrd"],
                      stderr=subprocess.DEVNULL).returncode != 0:
        print("bench/spreadsheets: pandas, odfpy, openpyxl or xlrd missing: skipped")
        sys.exit(77)
    if not os.access(a.oversight, os.X_OK):
        print("bench/spreadsheets: no oversight at %s: build it first" % a.oversight)
        sys.exit(77)
    times = {}
    for r in range(a.rounds):
        for f in files:
            for tool, cmd in commands(a.oversight, f, not a.no_openpyxl, a.baseline).items():
                times.setdefault((f, tool), []).append(run(cmd))
    print("median of %d interleaved rounds, whole process (start-up included), every "
          "sheet; ms of wall time, and of CPU time (user + system: steadier when the "
          "machine is shared)" % a.rounds)
    print("| file | before | oversight | pandas | ratio | oversight CPU | pandas CPU "
          "| CPU ratio | openpyxl read-only (XLSX), xlrd alone (XLS) | ratio |")
    print("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|")
    worst = worst_cpu = 0
    for f in files:
        def med(tool, k):
            v = times.get((f, tool))
            return statistics.median(x[k] for x in v) * 1000 if v else None
        ov, pd, ro = med("oversight", 0), med("pandas", 0), med("reader", 0)
        ovc, pdc, bf = med("oversight", 1), med("pandas", 1), med("before", 0)
        worst = max(worst, ov / pd)
        worst_cpu = max(worst_cpu, ovc / pdc)
        print("| %s | %s | %.0f | %.0f | %.3f | %.0f | %.0f | %.3f | %s | %s |" % (
            os.path.basename(f), "%.0f" % bf if bf else "", ov, pd, ov / pd, ovc, pdc,
            ovc / pdc, "%.0f" % ro if ro else "", "%.3f" % (ov / ro) if ro else ""))
    print("\nworst oversight / pandas: %.3f of the wall time (%.1fx faster), %.3f of "
          "the CPU time (%.1fx)" % (worst, 1 / worst, worst_cpu, 1 / worst_cpu))

if __name__ == "__main__":
    main()
