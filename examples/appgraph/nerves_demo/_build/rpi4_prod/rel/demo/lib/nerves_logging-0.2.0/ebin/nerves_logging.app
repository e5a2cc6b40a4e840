{application,nerves_logging,
 [{description,"Nerves logging"},
  {vsn,"0.2.0"},
  {modules,['Elixir.NervesLogging']},
  {registered,[]},
  {applications,[kernel,stdlib,elixir,logger]},
  {mod,{'Elixir.NervesLogging.Application',[]}}]}.
