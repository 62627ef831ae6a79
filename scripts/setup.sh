# setup.sh - sourced by scripts/start and scripts/test: installs the Debian
# packages oversight needs (only those missing), then configures and builds
# the tree only when something changed. Idempotent; with nothing to do it
# takes well under a second.
set -eu

OV_TOP=$(cd "$(dirname "$0")/.." && pwd)

# to build: compiler, autotools, the four libraries of DESIGN §7,
# libseccomp for the kernel's wall under --safe, and for spreadsheets and
# compressed files libexpat (XML), libzip, zlib, libgsf (the OLE2 container
# of .xls); GNU GSL for the special functions of intervals and tests;
# cairo and the DejaVu fonts for charts
OV_BUILD_PKGS="gcc make autoconf automake pkg-config liblua5.4-dev libreadline-dev libcsv-dev libseccomp-dev check libexpat1-dev libzip-dev zlib1g-dev libgsf-1-dev libgsl-dev libcairo2-dev fonts-dejavu-core"
# libsqlite3 for load_sqlite and writing .sqlite databases
OV_BUILD_PKGS="$OV_BUILD_PKGS libsqlite3-dev"
# libxlsxwriter, to write tables as Excel workbooks (t:write("x.xlsx"))
OV_BUILD_PKGS="$OV_BUILD_PKGS libxlsxwriter-dev"
# to test: a terminal multiplexer for the REPL tests, sqlite3 and python3
# as independent references for counts and percentages, and odfpy,
# openpyxl, xlrd and pandas as a second reader of every spreadsheet
OV_TEST_PKGS="tmux sqlite3 python3 python3-odf python3-openpyxl python3-xlrd python3-pandas python3-scipy python3-statsmodels libxml2-utils"
# the stock Lua interpreter: tests/luamod runs scripts with it against the
# installed module oversight.so
OV_TEST_PKGS="$OV_TEST_PKGS lua5.4"
# for make fuzz, --enable-valgrind and make check-format (CI runs all
# three): clang with its libFuzzer, valgrind, clang-format
OV_TOOL_PKGS="clang libclang-rt-14-dev valgrind clang-format"
# to build the Debian package (scripts/deb; CI builds it too): not needed
# to build from source
OV_DEB_PKGS="debhelper dpkg-dev fakeroot lintian"
OV_TOOL_PKGS="$OV_TOOL_PKGS $OV_DEB_PKGS"

ov_missing_pkgs() {
    missing=""
    for p in "$@"; do
        if ! dpkg-query -W -f='${Status}\n' "$p" 2>/dev/null | grep -q ' installed$'; then
            missing="$missing $p"
        fi
    done
    echo "$missing"
}

ov_install_pkgs() {
    missing=$(ov_missing_pkgs "$@")
    [ -n "$missing" ] || return 0
    if ! command -v apt-get >/dev/null 2>&1; then
        echo "oversight: missing packages:$missing (and no apt-get: install them by hand)" >&2
        exit 1
    fi
    sudo=""
    if [ "$(id -u)" != 0 ]; then
        if ! command -v sudo >/dev/null 2>&1; then
            echo "oversight: need root or sudo to install:$missing" >&2
            exit 1
        fi
        sudo=sudo
    fi
    echo "oversight: installing Debian packages:$missing"
    export DEBIAN_FRONTEND=noninteractive
    # shellcheck disable=SC2086
    if ! $sudo apt-get install -y -q --no-install-recommends $missing >/dev/null; then
        # a fresh machine may have no package lists yet
        $sudo apt-get update -q >/dev/null
        $sudo apt-get install -y -q --no-install-recommends $missing >/dev/null
    fi
}

ov_build() {
    cd "$OV_TOP"
    if [ ! -x configure ]; then
        echo "oversight: generating configure (autogen.sh)"
        ./autogen.sh >/dev/null 2>&1 || { ./autogen.sh; exit 1; }
    fi
    if [ ! -f Makefile ]; then
        echo "oversight: configuring"
        ./configure -q
    fi
    # make re-runs configure by itself when configure.ac or Makefile.am change
    jobs=$(nproc 2>/dev/null || echo 2)
    # progress lines to /dev/null; warnings and errors still show. With
    # nothing to rebuild this takes a few hundredths of a second.
    make -s -j"$jobs" >/dev/null
}
