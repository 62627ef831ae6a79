/*
 * check_loader.c - the CSV loader, table-driven: bytes in, a table (its
 * shape, names, types and chosen cells) or an error message out. Then the
 * things a table cannot show: the same answer from one thread and four,
 * rejected rows with their lines, interrupting a load, round trips.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "dict.h"
#include "format.h"
#include "loader.h"
#include "ov_mem.h"
#include "strbuf.h"
#include "suites.h"
#include "testdir.h"
#include "value.h"

static void
setup(void)
{
    ov_testdir_make("loader");
}

static void
teardown(void)
{
    ov_testdir_remove();
    ov_interrupt_clear();
}

/* writes bytes to DIR/name and returns the path (static buffer) */
static const char *
write_file(const char *name, const char *bytes, size_t len)
{
    const char *path = ov_testdir_path(name);
    FILE *f = fopen(path, "wb");
    ck_assert_ptr_nonnull(f);
    ck_assert_uint_eq(fwrite(bytes, 1, len, f), len);
    fclose(f);
    return path;
}

/* ---- the table of cases ---- */

enum optset {
    O_DEFAULT,
    O_NOHEADER,
    O_LATIN1,
    O_CP1252,
    O_SKIP,
    O_PAD,
    O_DELIM_SEMI,
    O_TYPES_ZIP_INT,
    O_TYPES_N_STRING,
    O_TYPES_D_DATE,
    O_NULL_DASH,
    O_ONE_THREAD,
    O_COMMENT,
    O_HEADER,
    O_SKIP_LINES
};

struct lcase {
    const char *name;
    const char *bytes;
    size_t len; /* 0: strlen(bytes) */
    enum optset opts;
    ov_status status;
    const char *msg; /* expected in the error message, after the path */
    long rows;
    const char *names; /* "a,b" (names contain no commas here) */
    const char *types; /* "int,string" */
    const char *cells; /* "row:col=text|..." as written back; "row:col=" missing */
};

static const struct lcase cases[] = {
    {"lf", "a,b\n1,x\n2,y\n", 0, O_DEFAULT, OV_OK, NULL, 2, "a,b", "int,string",
     "0:0=1|1:1=y"},
    {"comment lines before the header", "# source: x.csv\n# steps: 2\na,b\n1,#x\n", 0,
     O_COMMENT, OV_OK, NULL, 1, "a,b", "int,string", "0:1=#x"},
    {"comment lines after a bom, crlf", "\xEF\xBB\xBF# s\r\na\r\n1\r\n", 0, O_COMMENT,
     OV_OK, NULL, 1, "a", "int", "0:0=1"},
    {"a '#' row is data unless asked", "# x\na\n", 0, O_DEFAULT, OV_OK, NULL, 1, "# x",
     "string", "0:0=a"},
    {"only comments", "# a\n# b\n", 0, O_COMMENT, OV_EPARSE,
     "the file has only comment lines", 0, NULL, NULL, NULL},
    {"a line number counts the comments", "# a\nx,y\n1,2\n3\n", 0, O_COMMENT, OV_EPARSE,
     ":4:", 0, NULL, NULL, NULL},
    {"crlf", "a,b\r\n1,x\r\n2,y\r\n", 0, O_DEFAULT, OV_OK, NULL, 2, "a,b", "int,string",
     "1:0=2|1:1=y"},
    {"no final newline", "a,b\n1,x\n2,y", 0, O_DEFAULT, OV_OK, NULL, 2, "a,b",
     "int,string", "1:1=y"},
    {"crlf no final newline", "a,b\r\n1,x\r\n2,y", 0, O_DEFAULT, OV_OK, NULL, 2, "a,b",
     "int,string", "1:1=y"},
    {"utf-8 bom stripped",
     "\xEF\xBB\xBF"
     "BPC,CCR\n16-1,67127\n",
     0, O_DEFAULT, OV_OK, NULL, 1, "BPC,CCR", "string,int", "0:0=16-1"},
    {"quoted separator, quotes, newline",
     "a,b\n\"x, y\",\"say \"\"hi\"\"\"\n\"line1\nline2\",z\n", 0, O_DEFAULT, OV_OK,
     NULL, 2, "a,b", "string,string", "0:0=x, y|0:1=say \"hi\"|1:0=line1\nline2"},
    {"quoted crlf kept in the value", "a,b\r\n\"one\r\ntwo\",3\r\n", 0, O_DEFAULT,
     OV_OK, NULL, 1, "a,b", "string,int", "0:0=one\r\ntwo"},
    {"spaces are kept", "a,b\n x , y \n", 0, O_DEFAULT, OV_OK, NULL, 1, "a,b",
     "string,string", "0:0= x |0:1= y "},
    {"semicolon sniffed", "a;b;c\n1;2,5;3\n4;5,5;6\n", 0, O_DEFAULT, OV_OK, NULL, 2,
     "a,b,c", "int,string,int", "0:1=2,5"},
    {"tab sniffed", "a\tb\n1\tx y\n", 0, O_DEFAULT, OV_OK, NULL, 1, "a,b", "int,string",
     "0:1=x y"},
    {"bar sniffed", "a|b\n1|2\n", 0, O_DEFAULT, OV_OK, NULL, 1, "a,b", "int,int", NULL},
    {"delim given", "a;b\n1;2\n", 0, O_DELIM_SEMI, OV_OK, NULL, 1, "a,b", "int,int",
     NULL},
    {"single column", "officer\nA\nB\n", 0, O_DEFAULT, OV_OK, NULL, 2, "officer",
     "string", "1:0=B"},
    {"no header", "1,x\n2,y\n", 0, O_NOHEADER, OV_OK, NULL, 2, "column_1,column_2",
     "int,string", "0:1=x"},
    {"blank and duplicate names", ",a,a,\n1,2,3,4\n", 0, O_DEFAULT, OV_OK, NULL, 1,
     "column_1,a,a_2,column_4", "int,int,int,int", NULL},
    {"blank lines skipped", "a,b\n1,2\n\n3,4\n\n", 0, O_DEFAULT, OV_OK, NULL, 2, "a,b",
     "int,int", "1:0=3"},
    {"missing tokens", "a,b\n1,x\nNA,x\n,x\nN/A,x\n5,x\n", 0, O_DEFAULT, OV_OK, NULL, 5,
     "a,b", "int,string", "1:0=|2:0=|3:0=|4:0=5"},
    {"blank line in one column is skipped", "a\n1\n\n3\n", 0, O_DEFAULT, OV_OK, NULL, 2,
     "a", "int", "1:0=3"},
    {"a quoted empty field alone is a missing value, not a blank line",
     "a\n1\n\"\"\n3\n", 0, O_DEFAULT, OV_OK, NULL, 3, "a", "int", "0:0=1|1:0=|2:0=3"},
    {"quoted empty fields alone, crlf, no final line end", "a\r\n\"\"\r\n\"\"", 0,
     O_DEFAULT, OV_OK, NULL, 2, "a", "string", "0:0=|1:0="},
    {"excel errors are missing", "a\nx\n#VALUE!\n#REF!\n", 0, O_DEFAULT, OV_OK, NULL, 3,
     "a", "string", "1:0=|2:0="},
    {"quoted empty is missing", "a,b\n1,\"\"\n", 0, O_DEFAULT, OV_OK, NULL, 1, "a,b",
     "int,string", "0:1="},
    {"null option replaces defaults", "a\nNA\n-\n", 0, O_NULL_DASH, OV_OK, NULL, 2, "a",
     "string", "0:0=NA|1:0="},
    {"leading zeros stay text", "zip\n08123\n12345\n", 0, O_DEFAULT, OV_OK, NULL, 2,
     "zip", "string", "0:0=08123"},
    {"minus zero is a number written as it was", "a\n-0\n1\n", 0, O_DEFAULT, OV_OK,
     NULL, 2, "a", "float", "0:0=-0|1:0=1"},
    {"too long for int64 stays text", "id\n12345678901234567890\n1\n", 0, O_DEFAULT,
     OV_OK, NULL, 2, "id", "string", "0:0=12345678901234567890"},
    {"int64 edge", "id\n9223372036854775807\n-9223372036854775808\n", 0, O_DEFAULT,
     OV_OK, NULL, 2, "id", "int", "0:0=9223372036854775807|1:0=-9223372036854775808"},
    {"ids written as floats", "UID\n130469.0\n103495.0\n", 0, O_DEFAULT, OV_OK, NULL, 2,
     "UID", "float", "0:0=130469.0|1:0=103495.0"},
    {"floats in shortest form", "x\n46.07256594812511\n0.1\n2\n", 0, O_DEFAULT, OV_OK,
     NULL, 3, "x", "float", "0:0=46.07256594812511|1:0=0.1|2:0=2"},
    {"3 and 3.0 both kept", "p\n3\n3.0\n10.8\n", 0, O_DEFAULT, OV_OK, NULL, 3, "p",
     "float", "0:0=3|1:0=3.0|2:0=10.8"},
    {"fixed decimals kept", "amount\n1.50\n2.25\n3.00\n", 0, O_DEFAULT, OV_OK, NULL, 3,
     "amount", "float", "0:0=1.50|2:0=3.00"},
    {"grouped thousands", "n\n\"3,787\"\n12\n\"1,048\"\n", 0, O_DEFAULT, OV_OK, NULL, 3,
     "n", "int", "0:0=3,787|1:0=12"},
    {"bad grouping stays text", "n\n\"37,87\"\n", 0, O_DEFAULT, OV_OK, NULL, 1, "n",
     "string", "0:0=37,87"},
    {"iso dates", "d\n2021-03-31\n2020-02-29\n", 0, O_DEFAULT, OV_OK, NULL, 2, "d",
     "date", "1:0=2020-02-29"},
    {"us dates", "d\n03/31/2021\n01/02/2021\n", 0, O_DEFAULT, OV_OK, NULL, 2, "d",
     "date", "0:0=03/31/2021"},
    {"uk dates", "d\n31/03/2021\n01/02/2021\n", 0, O_DEFAULT, OV_OK, NULL, 2, "d",
     "date", "0:0=31/03/2021"},
    {"ambiguous dates stay text", "d\n01/02/2021\n03/04/2021\n", 0, O_DEFAULT, OV_OK,
     NULL, 2, "d", "string", NULL},
    {"impossible date stays text", "d\n2021-02-30\n", 0, O_DEFAULT, OV_OK, NULL, 1, "d",
     "string", NULL},
    {"timestamps stay text", "d\n2016/01/01 00:00:00+00\n", 0, O_DEFAULT, OV_OK, NULL,
     1, "d", "string", NULL},
    {"booleans", "b,c\ntrue,1\nfalse,2\n,3\n", 0, O_DEFAULT, OV_OK, NULL, 3, "b,c",
     "bool,int", "0:0=true|2:0="},
    {"too many digits for a double stays text", "x\n1.00000000000000000001\n2.5\n", 0,
     O_DEFAULT, OV_OK, NULL, 2, "x", "string", "0:0=1.00000000000000000001"},
    {"integers a double cannot hold beside a decimal stay text",
     "a\n12345678901234567\n1.5\n", 0, O_DEFAULT, OV_OK, NULL, 2, "a", "string",
     "0:0=12345678901234567|1:0=1.5"},
    {"2^53 + 1 beside a decimal stays text", "a\n1.5\n9007199254740993\n", 0, O_DEFAULT,
     OV_OK, NULL, 2, "a", "string", "1:0=9007199254740993"},
    {"-2^53 - 1 beside a decimal stays text", "a\n-9007199254740993\n-1.5\n", 0,
     O_DEFAULT, OV_OK, NULL, 2, "a", "string", "0:0=-9007199254740993"},
    {"integers beyond 2^53 that a double holds are floats written as they were",
     "a\n9007199254740994\n1152921504606846976\n-9223372036854775808\n1.5\n", 0,
     O_DEFAULT, OV_OK, NULL, 4, "a", "float",
     "0:0=9007199254740994|1:0=1152921504606846976|2:0=-9223372036854775808|3:0=1.5"},
    {"2^53 beside a decimal is a float", "a\n9007199254740992\n0.25\n", 0, O_DEFAULT,
     OV_OK, NULL, 2, "a", "float", "0:0=9007199254740992|1:0=0.25"},
    {"INT64_MAX beside a decimal stays text", "a\n9223372036854775807\n0.5\n", 0,
     O_DEFAULT, OV_OK, NULL, 2, "a", "string", "0:0=9223372036854775807"},
    {"mixed boolean spellings stay text", "b\nTRUE\nfalse\n", 0, O_DEFAULT, OV_OK, NULL,
     2, "b", "string", NULL},
    {"yes and no stay text", "b\nYes\nNo\n", 0, O_DEFAULT, OV_OK, NULL, 2, "b",
     "string", NULL},
    {"all missing is text", "a,b\n1,\n2,\n", 0, O_DEFAULT, OV_OK, NULL, 2, "a,b",
     "int,string", "0:1="},
    {"header only", "a,b,c\n", 0, O_DEFAULT, OV_OK, NULL, 0, "a,b,c",
     "string,string,string", NULL},
    {"header only, no newline", "a,b", 0, O_DEFAULT, OV_OK, NULL, 0, "a,b",
     "string,string", NULL},
    {"forced int reads leading zeros", "zip\n08123\nx1\n", 0, O_TYPES_ZIP_INT, OV_OK,
     NULL, 2, "zip", "int", "0:0=8123|1:0="},
    {"forced string keeps digits", "n\n1\n2\n", 0, O_TYPES_N_STRING, OV_OK, NULL, 2,
     "n", "string", "0:0=1"},
    {"forced date takes any format", "d\n2021-01-05\n01/02/2021\n", 0, O_TYPES_D_DATE,
     OV_OK, NULL, 2, "d", "date", NULL},
    {"latin1 transcoded", "name\nJos\xE9\n", 0, O_LATIN1, OV_OK, NULL, 1, "name",
     "string", "0:0=Jos\xC3\xA9"},
    {"cp1252 transcoded", "q\n\x93quoted\x94 \x80\n", 0, O_CP1252, OV_OK, NULL, 1, "q",
     "string", "0:0=\xE2\x80\x9Cquoted\xE2\x80\x9D \xE2\x82\xAC"},
    {"one thread", "a\n1\n2\n", 0, O_ONE_THREAD, OV_OK, NULL, 2, "a", "int", NULL},
    /* where the table begins: a first row of data, lines above, empty rows */
    {"a first row of numbers over numbers is data", "1,2,3\n4,5,6\n", 0, O_DEFAULT,
     OV_OK, NULL, 2, "column_1,column_2,column_3", "int,int,int", "0:0=1|1:2=6"},
    {"a date over dates is data", "2021-01-01,5\n2021-01-02,6\n", 0, O_DEFAULT, OV_OK,
     NULL, 2, "column_1,column_2", "date,int", "0:0=2021-01-01"},
    {"a text repeated below is data", "Avon,1\nKent,2\nAvon,3\n", 0, O_DEFAULT, OV_OK,
     NULL, 3, "column_1,column_2", "string,int", "0:0=Avon"},
    {"a text not found below may be a name", "Avon,1\nKent,2\n", 0, O_DEFAULT, OV_OK,
     NULL, 1, "Avon,1", "string,int", "0:0=Kent"},
    {"years over counts are names", "2018,2019\n12,13\n", 0, O_DEFAULT, OV_OK, NULL, 1,
     "2018,2019", "int,int", "0:0=12"},
    {"a number over text is not a header's reason", "x,y\n1,2\n", 0, O_DEFAULT, OV_OK,
     NULL, 1, "x,y", "int,int", NULL},
    {"text over text says nothing", "a,b\nx,y\n", 0, O_DEFAULT, OV_OK, NULL, 1, "a,b",
     "string,string", NULL},
    {"header = true takes numbers as names", "1,2\n3,4\n", 0, O_HEADER, OV_OK, NULL, 1,
     "1,2", "int,int", "0:0=3"},
    {"lines above the table are its preamble",
     "Some text\ndescription\n\nid,n,d\n1,2,x\n3,4,y\n", 0, O_DEFAULT, OV_OK, NULL, 2,
     "id,n,d", "int,int,string", "1:2=y"},
    {"a title padded with delimiters is a preamble", "Title,,\na,b,c\n1,2,x\n", 0,
     O_DEFAULT, OV_OK, NULL, 1, "a,b,c", "int,int,string", NULL},
    {"a line number counts the preamble", "Title\na,b\n1,2\n3,4\n5,6\n7,8\n9,10\n11\n",
     0, O_DEFAULT, OV_EPARSE, ":8: expected 2 fields, found 1", 0, NULL, NULL, NULL},
    {"a header one name short is not a preamble", "a,b,c\n1,2,3,\n4,5,6,\n", 0,
     O_DEFAULT, OV_EPARSE, ":2: expected 3 fields, found 4", 0, NULL, NULL, NULL},
    {"skip = 2", "x\ny,z\na,b\n1,2\n", 0, O_SKIP_LINES, OV_OK, NULL, 1, "a,b",
     "int,int", NULL},
    {"skip past the end", "x\n", 0, O_SKIP_LINES, OV_EPARSE,
     "skip = 2 leaves nothing to load: the file has 1 line", 0, NULL, NULL, NULL},
    {"empty rows are dropped", "a,b\n1,2\n,\n\"\",\"\"\n3,4\n,\n", 0, O_DEFAULT, OV_OK,
     NULL, 2, "a,b", "int,int", "1:0=3"},
    {"an empty row of the wrong length is dropped too", "a,b,c\n1,2,3\n,\n", 0,
     O_DEFAULT, OV_OK, NULL, 1, "a,b,c", "int,int,int", NULL},
    /* errors: every message names the file, the line and what was expected */
    {"invalid utf-8", "a,b\n1,Jos\xE9\n", 0, O_DEFAULT, OV_EPARSE,
     ":2:6: invalid UTF-8 (byte 0xE9); if the file is Latin-1", 0, NULL, NULL, NULL},
    {"truncated utf-8 at the end", "a\n\xC3", 0, O_DEFAULT, OV_EPARSE,
     ":2:1: invalid UTF-8", 0, NULL, NULL, NULL},
    {"overlong utf-8", "a\n\xC0\xAF\n", 0, O_DEFAULT, OV_EPARSE, ":2:1: invalid UTF-8",
     0, NULL, NULL, NULL},
    {"invalid utf-8 in the header", "n\xE9\n1\n", 0, O_DEFAULT, OV_EPARSE,
     ":1:2: invalid UTF-8", 0, NULL, NULL, NULL},
    {"cp1252 undefined byte", "q\nx\x81y\n", 0, O_CP1252, OV_EPARSE,
     ":2:2: byte 0x81 is not a character in Windows-1252", 0, NULL, NULL, NULL},
    {"nul byte", "a,b\n1,x\0y\n", 10, O_DEFAULT, OV_EPARSE, ":2:4: NUL byte", 0, NULL,
     NULL, NULL},
    {"utf-16",
     "\xFF\xFE"
     "a\0,\0b\0",
     8, O_DEFAULT, OV_EPARSE, ": the file is UTF-16", 0, NULL, NULL, NULL},
    {"empty file", "", 0, O_DEFAULT, OV_EPARSE, ": the file is empty", 0, NULL, NULL,
     NULL},
    {"only a bom", "\xEF\xBB\xBF", 0, O_DEFAULT, OV_EPARSE, ": the file is empty", 0,
     NULL, NULL, NULL},
    {"only blank lines", "\n\n\n", 0, O_DEFAULT, OV_EPARSE,
     ": the file has no rows, only blank lines", 0, NULL, NULL, NULL},
    {"ragged row is an error", "a,b,c\n1,2,3\n4,5\n6,7,8\n", 0, O_DEFAULT, OV_EPARSE,
     ":3: expected 3 fields, found 2 (on_ragged = \"error\"", 0, NULL, NULL, NULL},
    {"ragged row after a multi-line value", "a,b\n\"x\ny\",1\n2\n", 0, O_DEFAULT,
     OV_EPARSE, ":4: expected 2 fields, found 1", 0, NULL, NULL, NULL},
    {"long row is an error too", "a,b\n1,2,3\n", 0, O_DEFAULT, OV_EPARSE,
     ":2: expected 2 fields, found 3", 0, NULL, NULL, NULL},
    {"ragged rows skipped", "a,b\n1,2\n3\n4,5,6\n7,8\n", 0, O_SKIP, OV_OK, NULL, 2,
     "a,b", "int,int", "1:0=7"},
    {"ragged rows padded", "a,b\n1,2\n3\n4,5,6\n7,8\n", 0, O_PAD, OV_OK, NULL, 3, "a,b",
     "int,int", "1:0=3|1:1=|2:0=7"},
    {"unterminated quote", "a,b\n1,\"open\n2,3\n4,5\n", 0, O_DEFAULT, OV_EPARSE,
     ":5: unterminated quoted field: the quote opened at line 2, column 3", 0, NULL,
     NULL, NULL},
    {"text after a closing quote", "a\n\"x\"y\n", 0, O_DEFAULT, OV_EPARSE,
     ":2:4: text after the closing quote of a quoted field", 0, NULL, NULL, NULL},
    /* the error at the lowest line is the one reported */
    {"a ragged row before a bad quote", "a,b\n1,2\n3\n\"x\"y,4\n", 0, O_DEFAULT,
     OV_EPARSE, ":3: expected 2 fields, found 1", 0, NULL, NULL, NULL},
    {"a ragged row before a quote never closed", "a,b\n1\n2,\"open\n3,4\n", 0,
     O_DEFAULT, OV_EPARSE, ":2: expected 2 fields, found 1", 0, NULL, NULL, NULL},
    {"a ragged row before invalid utf-8", "a,b\n1,2,3\n2,Jos\xE9\n", 0, O_DEFAULT,
     OV_EPARSE, ":2: expected 2 fields, found 3", 0, NULL, NULL, NULL},
    {"a ragged row before a nul byte", "a,b\n1\n2,x\0y\n", 13, O_DEFAULT, OV_EPARSE,
     ":2: expected 2 fields, found 1", 0, NULL, NULL, NULL},
    {"a ragged row before an undefined cp1252 byte", "q\nx\n1,2\nx\x81y\n", 0, O_CP1252,
     OV_EPARSE, ":3: expected 1 fields, found 2", 0, NULL, NULL, NULL},
    {"invalid utf-8 inside a quoted field after good rows",
     "a,b\n1,2\n3,\"x\ny\xE9\"\n", 0, O_DEFAULT, OV_EPARSE, ":4:2: invalid UTF-8", 0,
     NULL, NULL, NULL},
};

static void
apply_opts(struct ov_load_opts *o, enum optset which)
{
    static const struct ov_type_override zip_int[] = {{"zip", OV_INT}};
    static const struct ov_type_override n_string[] = {{"n", OV_STRING}};
    static const struct ov_type_override d_date[] = {{"d", OV_DATE}};
    static const char *const dash[] = {"-"};

    ov_load_opts_init(o);
    switch (which) {
    case O_NOHEADER:
        o->header = OV_HEADER_NONE;
        break;
    case O_LATIN1:
        o->encoding = OV_ENC_LATIN1;
        break;
    case O_CP1252:
        o->encoding = OV_ENC_CP1252;
        break;
    case O_SKIP:
        o->on_ragged = OV_RAGGED_SKIP;
        break;
    case O_PAD:
        o->on_ragged = OV_RAGGED_PAD;
        break;
    case O_DELIM_SEMI:
        o->delim = ';';
        break;
    case O_TYPES_ZIP_INT:
        o->types = zip_int;
        o->ntypes = 1;
        break;
    case O_TYPES_N_STRING:
        o->types = n_string;
        o->ntypes = 1;
        break;
    case O_TYPES_D_DATE:
        o->types = d_date;
        o->ntypes = 1;
        break;
    case O_NULL_DASH:
        o->nulls = dash;
        o->nnulls = 1;
        break;
    case O_ONE_THREAD:
        o->threads = 1;
        break;
    case O_COMMENT:
        o->comment = '#';
        break;
    case O_HEADER:
        o->header = OV_HEADER_FIRST_ROW;
        break;
    case O_SKIP_LINES:
        o->skip = 2;
        break;
    default:
        break;
    }
}

/* joins what a table shows for `what` (names or types) with commas */
static void
joined(const ov_table *t, bool types, char *buf, size_t n)
{
    size_t j, k = 0;

    buf[0] = '\0';
    for (j = 0; j < ov_table_ncols(t); j++)
        k += (size_t)snprintf(buf + k, n - k, "%s%s", j ? "," : "",
                              types ? ov_type_name(ov_table_col(t, j)->type)
                                    : ov_table_colname(t, j));
}

static void
check_cells(const struct lcase *c, const ov_table *t)
{
    char spec[512], *tok, *save = NULL;

    if (c->cells == NULL)
        return;
    snprintf(spec, sizeof spec, "%s", c->cells);
    for (tok = strtok_r(spec, "|", &save); tok != NULL;
         tok = strtok_r(NULL, "|", &save)) {
        unsigned r, col;
        const char *want = strchr(tok, '=') + 1;
        char buf[OV_VALUE_TEXT_MAX];
        size_t len;
        const char *got;

        ck_assert_int_eq(sscanf(tok, "%u:%u=", &r, &col), 2);
        got = ov_column_text(ov_table_col(t, col), r, buf, &len);
        ck_assert_msg(len == strlen(want) && memcmp(got, want, len) == 0,
                      "%s: cell %u:%u is '%.*s', expected '%s'", c->name, r, col,
                      (int)len, got, want);
        if (want[0] == '\0')
            ck_assert_msg(ov_column_missing(ov_table_col(t, col), r),
                          "%s: cell %u:%u should be missing", c->name, r, col);
    }
}

START_TEST(test_loader_case)
{
    const struct lcase *c = &cases[_i];
    const char *path =
        write_file("case.csv", c->bytes, c->len ? c->len : strlen(c->bytes));
    struct ov_load_opts o;
    struct ov_load_report rep;
    struct ov_err err;
    ov_table *t = NULL;
    ov_status st;
    char buf[512];

    apply_opts(&o, c->opts);
    st = ov_load_csv(path, &o, &t, &rep, &err);
    ck_assert_msg(st == c->status, "%s: status %d, expected %d (%s)", c->name, st,
                  c->status, st ? err.msg : "");
    if (st != OV_OK) {
        ck_assert_ptr_null(t);
        ck_assert_msg(strncmp(err.msg, path, strlen(path)) == 0,
                      "%s: message does not start with the file: %s", c->name, err.msg);
        ck_assert_msg(strstr(err.msg, c->msg) != NULL, "%s: message '%s' lacks '%s'",
                      c->name, err.msg, c->msg);
        return;
    }
    ck_assert_msg((long)ov_table_nrows(t) == c->rows, "%s: %zu rows, expected %ld",
                  c->name, ov_table_nrows(t), c->rows);
    joined(t, false, buf, sizeof buf);
    ck_assert_msg(strcmp(buf, c->names) == 0, "%s: names %s, expected %s", c->name, buf,
                  c->names);
    joined(t, true, buf, sizeof buf);
    ck_assert_msg(strcmp(buf, c->types) == 0, "%s: types %s, expected %s", c->name, buf,
                  c->types);
    check_cells(c, t);
    ck_assert_uint_eq(rep.rows, ov_table_nrows(t));
    ov_load_report_free(&rep);
    ov_table_free(t);
}
END_TEST

/* ---- beyond the table ---- */

START_TEST(test_report_names_what_changed)
{
    const char *path = write_file("r.csv", ",a,a\nNA,#VALUE!,1\n2,x,NA\n", 25);
    struct ov_load_report rep;
    struct ov_err err;
    ov_table *t;
    size_t i;
    char all[2048] = "";

    ck_assert_int_eq(ov_load_csv(path, NULL, &t, &rep, &err), OV_OK);
    for (i = 0; i < rep.nnotes; i++) {
        strcat(all, rep.notes[i]);
        strcat(all, "\n");
    }
    ck_assert_msg(
        strstr(all, "column 1 has no name in the header: called it 'column_1'"), "%s",
        all);
    ck_assert_msg(strstr(all, "column 3 repeats the name 'a': called it 'a_2'"), "%s",
                  all);
    ck_assert_msg(strstr(all, "column 'column_1': read as missing: 1 'NA'"), "%s", all);
    ck_assert_msg(strstr(all, "column 'a': read as missing: 1 '#VALUE!'"), "%s", all);
    ck_assert_uint_eq(rep.made_missing, 3);
    ov_load_report_free(&rep);
    ov_table_free(t);
}
END_TEST

START_TEST(test_report_says_where_the_table_begins)
{
    const char *path = write_file("p.csv", "Title\n\na,b\n1,2\n,\n,\n3,4\n", 23);
    struct ov_load_report rep;
    struct ov_err err;
    ov_table *t;

    ck_assert_int_eq(ov_load_csv(path, NULL, &t, &rep, &err), OV_OK);
    ck_assert_uint_eq(rep.nnotes, 2);
    ck_assert_str_eq(rep.notes[0],
                     "2 lines above the table were set aside as its preamble: 'Title'");
    ck_assert_str_eq(
        rep.notes[1],
        "2 empty rows (every field empty) were dropped; the first at line 5");
    ck_assert_uint_eq(rep.empty_rows, 2);
    ck_assert_str_eq(ov_table_fact(t, "preamble"), "Title");
    ov_load_report_free(&rep);
    ov_table_free(t);
    path = write_file("h.csv", "1,2\n3,4\n", 8);
    ck_assert_int_eq(ov_load_csv(path, NULL, &t, &rep, &err), OV_OK);
    ck_assert_str_eq(rep.notes[0],
                     "the first row looks like data, not names: columns named "
                     "column_1..column_2; use header = true to take it as names");
    ov_load_report_free(&rep);
    ov_table_free(t);
}
END_TEST

START_TEST(test_rejects_keep_rows_and_lines)
{
    const char *path =
        write_file("rj.csv", "a,b\n1,2\n\"x\ny\"\n4,5,\"6,7\"\n8,9\n", 28);
    struct ov_load_opts o;
    struct ov_load_report rep;
    struct ov_err err;
    ov_table *t, *r;
    char buf[OV_VALUE_TEXT_MAX];
    size_t len;
    const char *s;

    ov_load_opts_init(&o);
    o.on_ragged = OV_RAGGED_SKIP;
    ck_assert_int_eq(ov_load_csv(path, &o, &t, &rep, &err), OV_OK);
    ck_assert_uint_eq(ov_table_nrows(t), 2);
    ck_assert_uint_eq(rep.rejected, 2);
    r = ov_table_rejects(t);
    ck_assert_ptr_nonnull(r);
    ck_assert_uint_eq(ov_table_nrows(r), 2);
    /* line, field count and the row as CSV, in file order */
    ck_assert_int_eq(ov_table_col(r, 0)->data.i64[0], 3);
    ck_assert_int_eq(ov_table_col(r, 1)->data.i64[0], 1);
    s = ov_column_text(ov_table_col(r, 2), 0, buf, &len);
    ck_assert_str_eq(s, "\"x\ny\"");
    ck_assert_int_eq(ov_table_col(r, 0)->data.i64[1], 5);
    s = ov_column_text(ov_table_col(r, 2), 1, buf, &len);
    ck_assert_str_eq(s, "4,5,\"6,7\"");
    ov_load_report_free(&rep);
    ov_table_free(t);
}
END_TEST

START_TEST(test_missing_file_and_directory)
{
    struct ov_err err;
    ov_table *t;

    ck_assert_int_eq(ov_load_csv("/nonexistent/x.csv", NULL, &t, NULL, &err), OV_EIO);
    ck_assert_str_eq(err.msg,
                     "/nonexistent/x.csv: cannot open: No such file or directory");
    ck_assert_int_eq(ov_load_csv(ov_testdir, NULL, &t, NULL, &err), OV_EIO);
    ck_assert_msg(strstr(err.msg, "is a directory") != NULL, "%s", err.msg);
}
END_TEST

/* A one-column table with missing values, written as CSV and as TSV and
 * loaded again: the missing values are written "" (an empty line would be
 * a blank line, skipped), so every row comes back. */
START_TEST(test_one_column_missing_round_trip)
{
    const char *path = write_file("one.csv", "a\n1\nNA\n3\n\"\"\n", 12);
    static const enum ov_fmt_mode modes[] = {OV_FMT_CSV, OV_FMT_TSV};
    ov_table *a, *b;
    struct ov_err err;
    size_t m;

    ck_assert_int_eq(ov_load_csv(path, NULL, &a, NULL, &err), OV_OK);
    ck_assert_uint_eq(ov_table_nrows(a), 4);
    for (m = 0; m < 2; m++) {
        char out[600], text[64];
        struct ov_fmt_opts fo;
        FILE *f;
        size_t n, i;

        snprintf(out, sizeof out, "%s", ov_testdir_path("one_out.csv"));
        f = fopen(out, "w");
        ov_fmt_opts_init(&fo, modes[m]);
        ck_assert_int_eq(ov_format_table(f, a, &fo, &err), OV_OK);
        fclose(f);
        f = fopen(out, "r");
        n = fread(text, 1, sizeof text - 1, f);
        fclose(f);
        text[n] = '\0';
        ck_assert_str_eq(text, "a\n1\n\"\"\n3\n\"\"\n");
        ck_assert_int_eq(ov_load_csv(out, NULL, &b, NULL, &err), OV_OK);
        ck_assert_uint_eq(ov_table_nrows(b), 4);
        for (i = 0; i < 4; i++)
            ck_assert(
                ov_column_value_equal(ov_table_col(a, 0), i, ov_table_col(b, 0), i));
        ov_table_free(b);
    }
    ov_table_free(a);
}
END_TEST

/* the report's notes, one a line */
static void
all_notes(const struct ov_load_report *rep, char *all, size_t n)
{
    size_t i, k = 0;

    all[0] = '\0';
    for (i = 0; i < rep->nnotes && k < n; i++)
        k += (size_t)snprintf(all + k, n - k, "%s\n", rep->notes[i]);
}

/* Numbers a float column would change keep the column text, and the
 * report says which and what it would have become: in the rows of a
 * chunk that holds integers only (checked as integers), and in those of
 * one that holds text (checked as text), with one thread and two. */
START_TEST(test_inexact_numbers_stay_text)
{
    static const struct {
        const char *first, *later, *note;
    } inexact[] = {
        {"12345678901234567", "1.5",
         "column 'a': kept as text, as a float would change 12345678901234567 to "
         "1.2345678901234568e+16"},
        {"1.5", "9007199254740993",
         "column 'a': kept as text, as a float would change 9007199254740993 to "
         "9007199254740992"},
        {"0.1000000000000000055511151231257827", "2",
         "column 'a': kept as text, as a float would change "
         "0.1000000000000000055511151231257827 to 0.1"},
    };
    size_t c;
    int threads;

    for (c = 0; c < sizeof inexact / sizeof inexact[0]; c++)
        for (threads = 1; threads <= 2; threads++) {
            char path[600], all[2048];
            FILE *f;
            int i;
            struct ov_load_opts o;
            struct ov_load_report rep;
            struct ov_err err;
            ov_table *t;
            const ov_column *col;
            size_t len;

            snprintf(path, sizeof path, "%s", ov_testdir_path("big_int.csv"));
            f = fopen(path, "w");
            ck_assert_ptr_nonnull(f);
            /* 5,000 small integers (several 4 KiB blocks), the first value
             * in the first and the later one in the last */
            fprintf(f, "a\n%s\n", inexact[c].first);
            for (i = 0; i < 5000; i++)
                fprintf(f, "%d\n", i);
            fprintf(f, "%s\n", inexact[c].later);
            fclose(f);
            ov_load_opts_init(&o);
            o.threads = threads;
            o.block_size = 4096;
            ck_assert_int_eq(ov_load_csv(path, &o, &t, &rep, &err), OV_OK);
            col = ov_table_col(t, 0);
            ck_assert_int_eq(col->type, OV_STRING);
            ck_assert_str_eq(ov_dict_str(col->dict, ov_column_code(col, 0), &len),
                             inexact[c].first);
            ck_assert_str_eq(ov_dict_str(col->dict, ov_column_code(col, 5001), &len),
                             inexact[c].later);
            all_notes(&rep, all, sizeof all);
            ck_assert_msg(strstr(all, inexact[c].note) != NULL, "%s", all);
            ov_load_report_free(&rep);
            ov_table_free(t);
        }
}
END_TEST

/* a file of `rows` rows big enough to be cut into many chunks, with
 * quoted newlines, missing values and a column that turns from integers to
 * text far down */
static const char *
big_file(size_t rows)
{
    static char path[512];
    FILE *f;
    size_t i;

    snprintf(path, sizeof path, "%s", ov_testdir_path("big.csv"));
    f = fopen(path, "w");
    ck_assert_ptr_nonnull(f);
    fputs("id,force,note,code,late,share\n", f);
    for (i = 0; i < rows; i++)
        fprintf(f, "%zu,Force %zu,\"note %zu, with \"\"quotes\"\"%s\",%zu,%s,%s\n", i,
                i % 43, i % 1000, i % 7 == 0 ? "\nand a second line" : "", i % 5000,
                i == rows - 3 ? "text" : (i % 11 == 0 ? "" : "12"),
                i % 2 ? "3.0" : "3");
    fclose(f);
    return path;
}

START_TEST(test_threads_give_the_same_table)
{
    const char *path = big_file(120000);
    struct ov_load_opts o1, o4;
    struct ov_err err;
    ov_table *a, *b;
    size_t j, i;

    ov_load_opts_init(&o1);
    o1.threads = 1;
    ov_load_opts_init(&o4);
    o4.threads = 4;
    ck_assert_int_eq(ov_load_csv(path, &o1, &a, NULL, &err), OV_OK);
    ck_assert_int_eq(ov_load_csv(path, &o4, &b, NULL, &err), OV_OK);
    ck_assert_uint_eq(ov_table_nrows(a), 120000);
    ck_assert_uint_eq(ov_table_nrows(b), 120000);
    ck_assert_uint_eq(ov_table_ncols(a), ov_table_ncols(b));
    for (j = 0; j < ov_table_ncols(a); j++) {
        ov_column *ca = ov_table_col(a, j), *cb = ov_table_col(b, j);

        ck_assert_int_eq(ca->type, cb->type);
        ck_assert_uint_eq(ca->nmissing, cb->nmissing);
        if (ca->type == OV_STRING) {
            /* the same dictionary, in order of first appearance */
            ck_assert_uint_eq(ca->dict->n, cb->dict->n);
            ck_assert_str_eq(ov_dict_str(ca->dict, 0, NULL),
                             ov_dict_str(cb->dict, 0, NULL));
        }
        for (i = 0; i < ov_table_nrows(a); i++)
            ck_assert(ov_column_value_equal(ca, i, cb, i));
    }
    /* what the types should be: "late" became text in the last chunk */
    ck_assert_int_eq(ov_table_col(a, 0)->type, OV_INT);
    ck_assert_int_eq(ov_table_col(a, 4)->type, OV_STRING);
    ck_assert_int_eq(ov_table_col(a, 5)->type, OV_FLOAT);
    ov_table_free(a);
    ov_table_free(b);
}
END_TEST

START_TEST(test_ragged_error_is_the_earliest)
{
    /* two bad rows far apart: whatever the threads do, the first wins */
    const char *path = big_file(120000);
    FILE *f = fopen(path, "a");
    struct ov_load_opts o;
    struct ov_err err;
    ov_table *t;

    fputs("1,2\n", f);
    fclose(f);
    {
        /* a bad row early in the file too */
        char cmd[1024];

        /* line 4: the second row (the first spans lines 2 and 3) */
        snprintf(cmd, sizeof cmd, "sed -i '4s/.*/short,row/' '%s'", path);
        ck_assert_int_eq(system(cmd), 0);
    }
    ov_load_opts_init(&o);
    o.threads = 4;
    ck_assert_int_eq(ov_load_csv(path, &o, &t, NULL, &err), OV_EPARSE);
    ck_assert_msg(strstr(err.msg, ":4: expected 6 fields, found 2") != NULL, "%s",
                  err.msg);
}
END_TEST

START_TEST(test_interrupt_cancels_a_load)
{
    const char *path = big_file(60000);
    struct ov_err err;
    ov_table *t = NULL;
    size_t before = ov_mem_used();

    ov_interrupt_request();
    ck_assert_int_eq(ov_load_csv(path, NULL, &t, NULL, &err), OV_EINTR);
    ck_assert_str_eq(err.msg, "interrupted");
    ck_assert_ptr_null(t);
    /* nothing is left behind */
    ck_assert_uint_eq(ov_mem_used(), before);
    ov_interrupt_clear();
    ck_assert_int_eq(ov_load_csv(path, NULL, &t, NULL, &err), OV_OK);
    ov_table_free(t);
}
END_TEST

START_TEST(test_memory_limit_fails_cleanly)
{
    const char *path = big_file(60000);
    struct ov_err err;
    ov_table *t = NULL;
    size_t before = ov_mem_used();

    ov_mem_set_limit(before + 256 * 1024);
    ck_assert_int_eq(ov_load_csv(path, NULL, &t, NULL, &err), OV_ENOMEM);
    ck_assert_msg(strstr(err.msg, "memory limit of") != NULL, "%s", err.msg);
    ck_assert_msg(strstr(err.msg, "big.csv") != NULL, "%s", err.msg);
    ck_assert_ptr_null(t);
    ov_mem_set_limit(0);
    ck_assert_uint_eq(ov_mem_used(), before);
}
END_TEST

/* written as CSV and loaded again, a table is the same table */
START_TEST(test_write_and_load_round_trip)
{
    const char *path = big_file(30000);
    char out[600];
    struct ov_fmt_opts fo;
    struct ov_err err;
    ov_table *a, *b;
    FILE *f;
    size_t i, j;

    ck_assert_int_eq(ov_load_csv(path, NULL, &a, NULL, &err), OV_OK);
    snprintf(out, sizeof out, "%s", ov_testdir_path("out.csv"));
    f = fopen(out, "w");
    ov_fmt_opts_init(&fo, OV_FMT_CSV);
    ck_assert_int_eq(ov_format_table(f, a, &fo, &err), OV_OK);
    fclose(f);
    ck_assert_int_eq(ov_load_csv(out, NULL, &b, NULL, &err), OV_OK);
    ck_assert_uint_eq(ov_table_nrows(a), ov_table_nrows(b));
    for (j = 0; j < ov_table_ncols(a); j++) {
        ck_assert_str_eq(ov_table_colname(a, j), ov_table_colname(b, j));
        ck_assert_int_eq(ov_table_col(a, j)->type, ov_table_col(b, j)->type);
        for (i = 0; i < ov_table_nrows(a); i++) {
            char x[OV_VALUE_TEXT_MAX], y[OV_VALUE_TEXT_MAX];
            size_t lx, ly;
            const char *sx = ov_column_text(ov_table_col(a, j), i, x, &lx);
            const char *sy = ov_column_text(ov_table_col(b, j), i, y, &ly);

            ck_assert(
                ov_column_value_equal(ov_table_col(a, j), i, ov_table_col(b, j), i));
            ck_assert(lx == ly && memcmp(sx, sy, lx) == 0);
        }
    }
    ov_table_free(a);
    ov_table_free(b);
}
END_TEST

/* A table made from texts is typed, valued and noted as the CSV file of
 * the same texts is when loaded; only what no file can hold is refused. */
START_TEST(test_from_text_types_as_a_file)
{
    static const char *const names[] = {"id", "big", "x", "when", "d", "d", ""};
    static const char *const rows[][7] = {
        {"1", "9007199254740993", "1.50", "2020-01-02", "NA", "a,\"b\"", "true"},
        {"2", "1.5", NULL, "2021-03-04", "", "line\nbreak", "false"},
        {"3", NULL, "2.25", NULL, "x", "", NULL},
    };
    const char *csv = "id,big,x,when,d,d,\n"
                      "1,9007199254740993,1.50,2020-01-02,NA,\"a,\"\"b\"\"\",true\n"
                      "2,1.5,,2021-03-04,,\"line\nbreak\",false\n"
                      "3,,2.25,,x,,\n";
    ov_strbuf text = OV_STRBUF_INIT;
    struct ov_cell cn[7], cells[3 * 7];
    struct ov_load_report ra, rb;
    struct ov_err err;
    ov_table *a, *b;
    char na[1024], nb[1024];
    size_t i, j;

    for (j = 0; j < 7; j++) {
        cn[j].off = text.len;
        cn[j].len = strlen(names[j]);
        ov_strbuf_puts(&text, names[j]);
    }
    for (i = 0; i < 3; i++)
        for (j = 0; j < 7; j++) {
            struct ov_cell *c = &cells[i * 7 + j];

            c->off = rows[i][j] == NULL ? OV_CELL_MISSING : text.len;
            c->len = rows[i][j] == NULL ? 0 : strlen(rows[i][j]);
            if (rows[i][j] != NULL)
                ov_strbuf_puts(&text, rows[i][j]);
        }
    ck_assert_int_eq(
        ov_load_csv(write_file("t.csv", csv, strlen(csv)), NULL, &a, &ra, &err), OV_OK);
    ck_assert_int_eq(
        ov_table_from_text(ov_strbuf_cstr(&text), cn, 7, cells, 3, NULL, &b, &rb, &err),
        OV_OK);
    ck_assert_uint_eq(ov_table_nrows(b), 3);
    ck_assert_uint_eq(ov_table_ncols(a), ov_table_ncols(b));
    for (j = 0; j < ov_table_ncols(a); j++) {
        ov_column *ca = ov_table_col(a, j), *cb = ov_table_col(b, j);

        ck_assert_str_eq(ov_table_colname(a, j), ov_table_colname(b, j));
        ck_assert_int_eq(ca->type, cb->type);
        ck_assert_int_eq(ca->float_style, cb->float_style);
        ck_assert_uint_eq(ca->nmissing, cb->nmissing);
        for (i = 0; i < 3; i++)
            ck_assert(ov_column_value_equal(ca, i, cb, i));
    }
    ck_assert_int_eq(ov_table_col(b, 1)->type,
                     OV_STRING); /* a double would change it */
    ck_assert_int_eq(ov_table_col(b, 2)->type, OV_FLOAT);
    all_notes(&ra, na, sizeof na);
    all_notes(&rb, nb, sizeof nb);
    ck_assert_str_eq(na, nb);
    ck_assert_uint_eq(ra.bytes, rb.bytes);
    /* texts in memory have no file: no size or CSV options are claimed */
    ck_assert_str_eq(ov_table_fact(a, "size"), "123 bytes");
    ck_assert_ptr_null(ov_table_fact(b, "size"));
    ck_assert_ptr_null(ov_table_fact(b, "load options"));
    ck_assert_str_eq(ov_table_fact(b, "source"), "texts in memory");
    ov_load_report_free(&ra);
    ov_load_report_free(&rb);
    ov_table_free(a);
    ov_table_free(b);
    /* what a table cannot hold */
    ov_strbuf_puts(&text, "\xFF");
    cells[0].off = text.len - 1;
    cells[0].len = 1;
    ck_assert_int_eq(ov_table_from_text(ov_strbuf_cstr(&text), cn, 7, cells, 3, NULL,
                                        &b, NULL, &err),
                     OV_EPARSE);
    ck_assert_ptr_null(b);
    ck_assert_str_eq(err.msg, "column 'id', row 1: invalid UTF-8 (byte 0xFF)");
    ov_strbuf_free(&text);
}
END_TEST

Suite *
make_loader_suite(void)
{
    Suite *s = suite_create("loader");
    TCase *tc = tcase_create("cases");
    TCase *more = tcase_create("more");

    tcase_add_checked_fixture(tc, setup, teardown);
    tcase_add_loop_test(tc, test_loader_case, 0, (int)(sizeof cases / sizeof cases[0]));
    suite_add_tcase(s, tc);
    tcase_add_checked_fixture(more, setup, teardown);
    tcase_add_test(more, test_report_names_what_changed);
    tcase_add_test(more, test_report_says_where_the_table_begins);
    tcase_add_test(more, test_rejects_keep_rows_and_lines);
    tcase_add_test(more, test_missing_file_and_directory);
    tcase_add_test(more, test_inexact_numbers_stay_text);
    tcase_add_test(more, test_one_column_missing_round_trip);
    tcase_add_test(more, test_threads_give_the_same_table);
    tcase_add_test(more, test_ragged_error_is_the_earliest);
    tcase_add_test(more, test_interrupt_cancels_a_load);
    tcase_add_test(more, test_memory_limit_fails_cleanly);
    tcase_add_test(more, test_write_and_load_round_trip);
    tcase_add_test(more, test_from_text_types_as_a_file);
    tcase_set_timeout(more, 120);
    suite_add_tcase(s, more);
    suite_add_tcase(s, ov_test_zload_tcase());
    return s;
}
