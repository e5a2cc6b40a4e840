{application,beam_notify,
 [{description,"Send a message to the BEAM from a shell script"},
  {vsn,"1.0.0"},
  {modules,['Elixir.BEAMNotify']},
  {registered,[]},
  {applications,[kernel,stdlib,elixir,logger]},
  {mod,{'Elixir.BEAMNotify.Application',[]}}]}.
