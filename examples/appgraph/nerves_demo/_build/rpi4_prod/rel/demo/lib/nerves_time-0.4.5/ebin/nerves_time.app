{application,nerves_time,
 [{description,"Keep time in sync on Nerves devices"},
  {vsn,"0.4.5"},
  {modules,['Elixir.NervesTime']},
  {registered,[]},
  {applications,[kernel,stdlib,elixir,logger,muontrap]},
  {mod,{'Elixir.NervesTime.Application',[]}}]}.
