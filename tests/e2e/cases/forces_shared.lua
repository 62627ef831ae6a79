-- force_name() on two real files that spell forces differently: the BBC
-- Shared Data Unit's per-force funnel ("Avon and Somerset Constabulary")
-- and the Home Office officer FTE of March 2019 as Resistance Lab took it
-- from the workforce tables ("Avon & Somerset", regions among the forces).
fte = load_csv("shared/uk-police-workforce-resistancelab/officer-fte/2019.csv")
bbc = load_csv("shared/uk-bbc-iopc-misconduct/iopc_forfunnel.csv")
officers = fte:rename{ ["Force/Region"] = "force", ["March 2019"] = "officers" }
officers = officers:select("force", "officers")
sizes = bbc:rename{ ["item name"] = "force", ["sample size"] = "sample" }:select("force", "sample")
-- by the names as written, one force matches, and the join says why
raw = sizes:join(officers, "force")
print(#raw, tostring(raw:provenance()):match("join: [^\n]*"))
-- through force_name(): every one of the 39 (West Midlands twice: the
-- workforce table has a region and a force of that name)
s2 = sizes:mutate{ force = "force_name(force)" }
o2 = officers:mutate{ force = "force_name(force)" }
j = s2:join(o2, "force")
print(#j, tostring(j:provenance()):match("join: [^\n]*"))
print(j:where("force == 'West Midlands'"))
-- what in the workforce table is not a force
print(officers:where("force_name(force) is nil"):select("force"))
