{application,property_table,
 [{description,"In-memory key-value store with subscriptions"},
  {vsn,"0.2.1"},
  {modules,['Elixir.PropertyTable']},
  {registered,[]},
  {applications,[kernel,stdlib,elixir,logger]}]}.
