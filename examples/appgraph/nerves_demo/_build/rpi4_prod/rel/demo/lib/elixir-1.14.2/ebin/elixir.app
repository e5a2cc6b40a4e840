{application,elixir,
 [{description,"elixir"},
  {vsn,"1.14.2"},
  {modules,[elixir,'Elixir.Kernel']},
  {registered,[]},
  {applications,[kernel,stdlib,compiler]},
  {mod,{elixir,[]}}]}.
