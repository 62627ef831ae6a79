# datatable_queries.R FILE REPS - the query tasks of bench/queries in R
# data.table: fread (2 threads), then each task REPS times, best time.
# Prints "T<k> best_ms result_rows [filtered_rows]".
suppressMessages(library(data.table))
args <- commandArgs(trailingOnly = TRUE)
file <- args[1]
reps <- if (length(args) > 1) as.integer(args[2]) else 5L
setDTthreads(2)
d <- fread(file)
best <- function(f) {
  b <- Inf
  for (i in seq_len(reps)) {
    t0 <- Sys.time()
    r <- f()
    dt <- as.numeric(Sys.time() - t0, units = "secs")
    if (dt < b) b <- dt
  }
  list(ms = b * 1000, r = r)
}
freq <- function(x) {
  f <- x[, .N, by = outcome][order(-N, outcome)]
  f[, pct := 100 * N / sum(N)][, cum_pct := 100 * cumsum(N) / sum(N)]
  f
}
x <- best(function() freq(d))
cat(sprintf("T2 %.3f %d\n", x$ms, nrow(x$r)))
x <- best(function() d[, .(allegations = .N, complaints = uniqueN(complaint_id),
                           referred = 100 * mean(outcome == "Referred to misconduct proceedings")),
                       by = force][order(force)])
cat(sprintf("T3 %.3f %d\n", x$ms, nrow(x$r)))
x <- best(function() {
  w <- d[year_received >= 2020 & force == "Essex Police"]
  list(f = freq(w), n = nrow(w))
})
cat(sprintf("T4 %.3f %d %d\n", x$ms, nrow(x$r$f), x$r$n))
