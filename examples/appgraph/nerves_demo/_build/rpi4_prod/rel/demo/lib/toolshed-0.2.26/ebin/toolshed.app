{application,toolshed,
 [{description,"Use Toolshed for path helpers and more"},
  {vsn,"0.2.26"},
  {modules,['Elixir.Toolshed']},
  {registered,[]},
  {applications,[kernel,stdlib,elixir,iex,nerves_runtime,req]},
  {optional_applications,[nerves_runtime,req]}]}.
