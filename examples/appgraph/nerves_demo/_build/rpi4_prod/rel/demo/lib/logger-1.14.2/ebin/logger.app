{application,logger,
 [{description,"logger"},
  {vsn,"1.14.2"},
  {modules,['Elixir.Logger']},
  {registered,[]},
  {applications,[kernel,stdlib,elixir]},
  {mod,{'Elixir.Logger.App',[]}}]}.
