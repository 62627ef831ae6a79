/*
 * lbind_chart.c - chart(t, opts) and t:chart(opts): a table drawn in the
 * terminal (text) or into an SVG, PNG or PDF file, written atomically and,
 * under --safe, only beneath the working directory. The drawing is the
 * engine's (chart.h); this file reads the options and picks the output.
 */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include <lauxlib.h>
#include <lua.h>

#include "chart.h"
#include "lbind.h"
#include "luasafe.h"

static const char *const chart_options[] = {
    "kind", "x",     "y",      "by",   "title", "xlabel", "ylabel",
    "file", "width", "height", "text", "ascii", NULL};

static lua_Integer
opt_size(lua_State *L, int idx, const char *name, lua_Integer dflt, lua_Integer lo,
         lua_Integer hi)
{
    lua_Integer v;
    int isnum;

    lua_getfield(L, idx, name);
    if (lua_isnil(L, -1)) {
        lua_pop(L, 1);
        return dflt;
    }
    v = lua_tointegerx(L, -1, &isnum);
    lua_pop(L, 1);
    if (!isnum || v < lo || v > hi)
        return luaL_error(L, "chart: %s must be a whole number from %d to %d", name,
                          (int)lo, (int)hi);
    return v;
}

/* The kind asked for, else funnel for a funnel() result, else bar. */
static enum ov_chart_kind
pick_kind(lua_State *L, const ov_table *t, const char *s)
{
    int k;

    if (s == NULL)
        return ov_table_find(t, "flag95") >= 0 && ov_table_find(t, "whole") >= 0
                   ? OV_CHART_FUNNEL
                   : OV_CHART_BAR;
    if ((k = ov_chart_kind_from_name(s)) < 0)
        luaL_error(
            L, "chart: kind \"%s\" is not one of bar, stacked, grouped, line, funnel",
            s);
    return (enum ov_chart_kind)k;
}

static ov_status
write_file(lua_State *L, const ov_chart *c, const char *path, int fmt, double w,
           double h, struct ov_err *err)
{
    ov_chart_layout *l;
    struct ov_afile af;
    ov_status st;

    if ((st = ov_chart_layout_new(c, w, h, &l, err)) != OV_OK)
        return st;
    /* --safe: only beneath the working directory (luasafe.h) */
    if ((st = ov_luasafe_afile_open(L, &af, path, err)) != OV_OK) {
        ov_chart_layout_free(l);
        return st;
    }
    st = fmt == OV_CHART_SVG
             ? ov_chart_write_svg(af.f, l, err)
             : ov_chart_write_cairo(af.f, l, (enum ov_chart_format)fmt, err);
    ov_chart_layout_free(l);
    if (st != OV_OK) {
        ov_afile_abort(&af);
        return st;
    }
    return ov_afile_commit(&af, err);
}

static int
draw(lua_State *L)
{
    ov_table *t = ov_lbind_check_table(L, 1);
    struct ov_chart_spec sp;
    struct ov_ui *ui = ov_lbind_ui(L);
    const char *file = NULL;
    lua_Integer w = 0, h = 0;
    bool text = false, ascii = !ov_lbind_utf8_locale();
    ov_chart *c;
    struct ov_err err;
    ov_status st;
    int fmt = -1;

    ov_chart_spec_init(&sp, OV_CHART_BAR);
    if (!lua_isnoneornil(L, 2)) {
        luaL_checktype(L, 2, LUA_TTABLE);
        ov_lbind_check_options(L, 2, "chart", chart_options);
        sp.kind = pick_kind(L, t, ov_lbind_opt_string(L, 2, "chart", "kind"));
        sp.x = ov_lbind_opt_string(L, 2, "chart", "x");
        sp.y = ov_lbind_opt_string(L, 2, "chart", "y");
        sp.by = ov_lbind_opt_string(L, 2, "chart", "by");
        sp.title = ov_lbind_opt_string(L, 2, "chart", "title");
        sp.xlabel = ov_lbind_opt_string(L, 2, "chart", "xlabel");
        sp.ylabel = ov_lbind_opt_string(L, 2, "chart", "ylabel");
        file = ov_lbind_opt_string(L, 2, "chart", "file");
        text = ov_lbind_opt_bool(L, 2, "chart", "text", 0);
        ascii = ov_lbind_opt_bool(L, 2, "chart", "ascii", ascii);
        if (file != NULL && (fmt = ov_chart_format_for_path(file)) < 0)
            return luaL_error(L,
                              "chart: cannot tell the format of \"%s\": name the file "
                              ".svg, .png or .pdf",
                              file);
        w = opt_size(L, 2, "width", 0, file ? 320 : 30, file ? 10000 : 1000);
        h = opt_size(L, 2, "height", 0, file ? 200 : 8, file ? 10000 : 500);
    } else
        sp.kind = pick_kind(L, t, NULL);
    if ((st = ov_chart_new(t, &sp, &c, &err)) != OV_OK)
        return ov_lbind_error(L, "chart", &err);
    if (file != NULL) {
        st = write_file(L, c, file, fmt, (double)w, (double)h, &err);
        if (st == OV_OK && ui->interactive)
            fprintf(ui->notes, "wrote the chart to %s\n", file);
    } else {
        struct ov_fmt_opts o;
        ov_strbuf b = OV_STRBUF_INIT;

        ov_lbind_display(L, &o);
        if (w == 0)
            w = o.width > 0 ? (lua_Integer)o.width : 80;
        st = ov_chart_text(c, (size_t)w, (size_t)h, ascii, &b, &err);
        if (st == OV_OK) {
            FILE *out = ui->out != NULL ? ui->out : stdout;

            fwrite(b.data, 1, b.len, out);
            fflush(out);
        }
        ov_strbuf_free(&b);
    }
    if (st == OV_OK && text) {
        ov_strbuf b = OV_STRBUF_INIT;

        ov_chart_data_text(c, &b);
        lua_pushlstring(L, b.data != NULL ? b.data : "", b.len);
        ov_strbuf_free(&b);
    }
    ov_chart_free(c);
    if (st != OV_OK)
        return ov_lbind_error(L, "chart", &err);
    return text ? 1 : 0;
}

void
ov_lbind_chart_open(lua_State *L)
{
    luaL_getmetatable(L, OV_LBIND_TABLE_MT);
    lua_getfield(L, -1, "methods");
    lua_pushcfunction(L, draw);
    lua_setfield(L, -2, "chart");
    lua_pop(L, 2);
    lua_pushcfunction(L, draw);
    lua_setglobal(L, "chart");
}
