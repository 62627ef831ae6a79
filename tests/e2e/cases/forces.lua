-- One name per police force (issue 17): the bundled table of forces with
-- ONS codes and regions, force_name() in mutate and where, and a join on
-- force names that says which names did not match and what would.
forces = dataset("forces")
print(#forces, forces:where("ons_code is nil"):select("force", "official_name", "region"))
print(forces:where("starts_with(ons_code, 'W15')"):select("force", "ons_code"))
print(dataset("force_names"):where("force == 'Dyfed-Powys'"):select("name"))

-- every spelling of one force reads as its short name; others are missing
t = new_table{ force = { "Avon & Somerset", "AVON AND SOMERSET CONSTABULARY",
    "  avon  and somerset police service ", "Dyfed Powys Police", "Heddlu Gogledd Cymru",
    "London, City of", "Metropolitan", "Gotham City Police" }, n = { 1, 2, 3, 4, 5, 6, 7, 8 } }
print(t:mutate{ short = "force_name(force)" })
print(t:where("force_name(force) == 'Avon and Somerset'"):agg{ n = "sum(n)" })
print(t:where("force_name(force) is nil"):select("force"))
print(force_name("Gwent Police"), force_name("nowhere"))

-- two files that spell forces differently
complaints = new_table{ force = { "Avon & Somerset", "Dyfed Powys Police", "Essex Police",
    "Gotham", "Gotham" }, allegations = { 2410, 655, 4453, 1, 2 } }
officers = new_table{ force = { "Avon and Somerset Constabulary", "Dyfed-Powys", "Essex Police",
    "Kent Police" }, officers = { 2981, 1217, 3574, 4073 } }
j = complaints:join(officers, "force")
print(j)
print(j:provenance())
c2 = complaints:mutate{ force = "force_name(force)" }
o2 = officers:mutate{ force = "force_name(force)" }
j = c2:join(o2, "force"):join(forces:select("force", "region"), "force")
print(j:mutate{ per_1000 = "rate(allegations, officers, 1000)" })
-- a key that is no force: the nearest name, and no word of force_name()
print(new_table{ k = { "alpha", "beta" } }:join(new_table{ k = { "alpah" } }, "k"):provenance())
-- force_name needs text
print(select(2, pcall(t.mutate, t, { x = "force_name(n)" })):match("mutate: .*"))
