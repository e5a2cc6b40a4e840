{application,iex,
 [{description,"iex"},
  {vsn,"1.14.2"},
  {modules,['Elixir.IEx']},
  {registered,[]},
  {applications,[kernel,stdlib,elixir]},
  {mod,{'Elixir.IEx.App',[]}}]}.
