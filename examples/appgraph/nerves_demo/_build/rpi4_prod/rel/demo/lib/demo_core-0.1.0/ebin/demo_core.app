{application,demo_core,
 [{description,"demo_core"},
  {vsn,"0.1.0"},
  {modules,['Elixir.DemoCore']},
  {registered,[]},
  {applications,[kernel,stdlib,elixir,logger,crypto]}]}.
