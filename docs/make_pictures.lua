-- make_pictures.lua - the pictures in README.md and docs/charts.md. Run from
-- docs/ (make_pictures.sh does): oversight make_pictures.lua
-- The funnel needs the BBC per-force file in ../../shared/data (or
-- OV_SHARED_DATA); without it only the bar chart is made.
example():freq("outcome"):chart{
    file = "outcomes.svg",
    title = "Outcomes of ten made-up allegations (example())",
    ylabel = "allegations",
}
local shared = os.getenv("OV_SHARED_DATA") or "../../shared/data"
local path = shared .. "/uk-bbc-iopc-misconduct/iopc_forfunnel.csv"
local f = io.open(path)
if f == nil then
    print("no " .. path .. ": funnel.svg not made")
    return
end
f:close()
local t = load_csv(path)
funnel(t, { part = "indicator number", whole = "sample size", label = "item name" }):chart{
    file = "funnel.svg",
    -- the BBC does not define its indicator or its sample size (SOURCE.md
    -- there): the labels say only what the file says
    title = "The BBC's per-force indicator, 39 forces: which stand out?",
    xlabel = "sample size",
    ylabel = "indicator number as a share of the sample",
}
