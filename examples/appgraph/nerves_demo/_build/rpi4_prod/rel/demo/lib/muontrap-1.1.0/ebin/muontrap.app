{application,muontrap,
 [{description,"Keep your ports contained"},
  {vsn,"1.1.0"},
  {modules,['Elixir.MuonTrap']},
  {registered,[]},
  {applications,[kernel,stdlib,elixir,logger]}]}.
