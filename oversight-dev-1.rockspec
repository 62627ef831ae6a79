-- oversight-dev-1.rockspec - builds the Lua module oversight.so with
-- luarocks: `luarocks --lua-version 5.4 make` in a checkout (add
-- `--tree DIR` for a tree of one's own; Debian's luarocks defaults to 5.1).
-- It runs the project's own configure and make, so the Debian packages
-- README.md lists must be installed first (scripts/setup.sh).
rockspec_format = "3.0"
package = "oversight"
version = "dev-1"
source = {
   url = "git+file://.",
}
description = {
   summary = "Police accountability statistics: load, count and check published figures",
   detailed = [[
oversight's engine and Lua surface as a C module: local ov = require "oversight"
gives load_csv, tables with freq, crosstab, group_by and the rest, pct, check
and explain, as in the oversight shell.]],
   license = "GPL-3.0-or-later",
}
dependencies = {
   "lua >= 5.4, < 5.5",
}
build = {
   type = "command",
   build_command = [[
test -x configure || ./autogen.sh
./configure --disable-unit-tests LUA_CFLAGS="-I$(LUA_INCDIR)" CC="$(CC)" CFLAGS="$(CFLAGS)" &&
make src/lua/oversight.so
]],
   install = {
      lib = {
         oversight = "src/lua/oversight.so",
      },
   },
}
