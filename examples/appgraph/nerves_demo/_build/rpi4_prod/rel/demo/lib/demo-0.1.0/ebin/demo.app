{application,demo,
 [{description,"demo"},
  {vsn,"0.1.0"},
  {modules,['Elixir.Demo','Elixir.Demo.Application']},
  {registered,[]},
  {applications,[kernel,stdlib,elixir,logger,runtime_tools,nerves_runtime,vintage_net_wifi,nerves_time,ring_logger,toolshed,ssl]},
  {included_applications,[demo_core]},
  {mod,{'Elixir.Demo.Application',[]}}]}.
